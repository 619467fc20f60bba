/**
 * Preflight: what the server's metadata says it supports (auth methods and
 * signing algorithms per endpoint, grant types, scopes).
 */
import type { Endpoints, ServerMetadata } from '../../types';
import { formValue } from '../draft';
import { bodyParam, metaField } from '../evidence';
import { finding, type Finding } from '../findings';
import { endpointLabel, isCredentialed, type RuleContext } from '../context';

/**
 * The metadata list for an endpoint, falling back to the token endpoint's list
 * (RFC 7662 §4 / RFC 7009 §5 registrations; PAR and device use the token list).
 */
function supportedList(
  meta: ServerMetadata,
  endpoint: keyof Endpoints,
  kind: 'auth_methods' | 'auth_signing_alg_values',
): { field: string; values: string[]; fallback: boolean } | undefined {
  const own = endpoint === 'introspection' || endpoint === 'revocation' ? `${endpoint}_endpoint_${kind}_supported` : undefined;
  if (own) {
    const v = meta[own];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { field: own, values: v, fallback: false };
  }
  const tokenField = `token_endpoint_${kind}_supported`;
  const t = meta[tokenField];
  if (Array.isArray(t) && t.every((x) => typeof x === 'string')) return { field: tokenField, values: t, fallback: own !== undefined };
  return undefined;
}

export function serverSupportRules(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const meta = ctx.metadata;
  if (!meta) return out;
  const label = endpointLabel(ctx.endpoint);

  if (isCredentialed(ctx) && ctx.endpoint) {
    const methods = supportedList(meta, ctx.endpoint, 'auth_methods');
    const candidates = ctx.methods.filter((m) => m !== 'jwt' && m !== 'bearer') as string[];
    if (candidates.length === 0 && ctx.methods.length === 0 && ctx.profile) candidates.push(ctx.profile.authMethod);
    if (methods) {
      for (const m of candidates) {
        if (methods.values.includes(m)) continue;
        out.push(
          finding('AUTH_METHOD_UNSUPPORTED', {
            title: `The ${label} endpoint does not list ${m} as a client authentication method`,
            evidence: [
              `client authentication used: ${m}`,
              metaField(methods.field, methods.values) +
                (methods.fallback
                  ? ` (no ${ctx.endpoint}_endpoint_auth_methods_supported published; the token endpoint's list applies)`
                  : ''),
            ],
            fix: `Use one of ${methods.values.filter((v) => v !== 'none').join(', ') || methods.values.join(', ')} and register the client for it at the provider.`,
            ...(methods.values.includes(ctx.profile?.authMethod ?? '') && ctx.profile?.authMethod !== m
              ? {
                  action: {
                    kind: 'use-profile-auth' as const,
                    label: `Use the profile's client authentication (${ctx.profile?.authMethod})`,
                    args: { method: String(ctx.profile?.authMethod) },
                  },
                }
              : {}),
          }),
        );
      }
    }
    const algs = supportedList(meta, ctx.endpoint, 'auth_signing_alg_values');
    const alg =
      ctx.assertion?.header?.['alg'] ??
      (ctx.methods.length === 0 && ctx.profile && /jwt$/.test(ctx.profile.authMethod) ? ctx.profile.signingAlg : undefined);
    if (algs && typeof alg === 'string' && alg !== 'none' && !algs.values.includes(alg)) {
      out.push(
        finding('SIGNING_ALG_UNSUPPORTED', {
          title: `The assertion is signed with ${alg}, which the ${label} endpoint does not accept`,
          evidence: [`assertion header alg: "${alg}"`, metaField(algs.field, algs.values)],
          fix: `Sign with one of ${algs.values.join(', ')} (one that fits your key) and set it as the profile's signing algorithm.`,
          action: { kind: 'set-signing-alg', label: 'Change the signing algorithm', args: { allowed: algs.values.join(',') } },
        }),
      );
    }
  }

  if (ctx.endpoint === 'token') {
    const gt = ctx.draft.form.find((p) => p.name === 'grant_type');
    const supported = meta.grant_types_supported;
    if (gt && Array.isArray(supported) && !supported.includes(gt.value)) {
      out.push(
        finding('GRANT_TYPE_UNSUPPORTED', {
          title: `The server does not list grant_type ${gt.value}`,
          evidence: [bodyParam(gt), metaField('grant_types_supported', supported)],
          fix: `Use one of ${supported.join(', ')}, or enable ${gt.value} at the provider.`,
        }),
      );
    }
    const scope = formValue(ctx.draft, 'scope');
    if (scope && Array.isArray(meta.scopes_supported)) {
      const unknown = scope.split(/\s+/).filter((s) => s && !meta.scopes_supported!.includes(s));
      if (unknown.length) {
        out.push(
          finding('SCOPE_NOT_ADVERTISED', {
            title: `Scope ${unknown.join(', ')} is not in the server's scopes_supported`,
            evidence: [`body scope=${scope}`, metaField('scopes_supported', meta.scopes_supported)],
          }),
        );
      }
    }
  }
  return out;
}
