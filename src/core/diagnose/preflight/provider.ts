/**
 * Preflight: provider-specific expectations, raised to warnings or errors when the
 * request visibly breaks them (Entra scope without /.default, Auth0 without
 * audience, introspection at Entra), otherwise shown as hints for this request.
 */
import { formValue } from '../draft';
import { finding, type Finding } from '../findings';
import { providerHints } from '../providers';
import { modesOf } from '../audience';
import { isCredentialed, type RuleContext } from '../context';

export function providerRules(ctx: RuleContext): Finding[] {
  if (!ctx.issuer || ctx.provider.kind === 'generic') return [];
  const hints = new Map(providerHints(ctx.issuer).map((f) => [f.code, f]));
  const out: Finding[] = [];
  const grant = formValue(ctx.draft, 'grant_type');
  const usesAssertion = ctx.assertion !== undefined || (ctx.profile !== undefined && /jwt$/.test(ctx.profile.authMethod));
  const take = (code: Finding['code']): Finding | undefined => hints.get(code);
  const push = (f: Finding | undefined) => {
    if (f) out.push(f);
  };

  switch (ctx.provider.kind) {
    case 'okta':
      if (ctx.provider.oktaOrgServer && (ctx.endpoint === 'token' || ctx.endpoint === 'introspection'))
        push(take('PROVIDER_OKTA_ORG_SERVER'));
      // Hints the client's configuration already satisfies are noise: only when it does not.
      if (usesAssertion && isCredentialed(ctx) && !audienceSatisfied(ctx)) push(take('PROVIDER_OKTA_ASSERTION_AUD'));
      if ((ctx.endpoint === 'introspection' || ctx.endpoint === 'revocation') && !authenticatesClient(ctx))
        push(take('PROVIDER_OKTA_SAME_CLIENT_AUTH'));
      if (!ctx.provider.oktaOrgServer && grant === 'client_credentials' && formValue(ctx.draft, 'scope') === undefined) {
        out.push(
          finding('PROVIDER_OKTA_SCOPE_REQUIRED', {
            title: 'Okta custom authorization server: client credentials without scope',
            evidence: ['body grant_type=client_credentials', 'no scope in the body', `issuer: ${ctx.issuer}`],
            action: { kind: 'add-param', label: 'Add scope', args: { name: 'scope' } },
          }),
        );
      }
      break;
    case 'entra': {
      if (usesAssertion && isCredentialed(ctx) && !audienceSatisfied(ctx)) push(take('PROVIDER_ENTRA_ASSERTION_AUD'));
      if (grant === 'client_credentials') {
        const scope = formValue(ctx.draft, 'scope');
        const ok = scope !== undefined && scope.split(/\s+/).every((s) => s.endsWith('/.default'));
        if (!ok) {
          out.push(
            finding('PROVIDER_ENTRA_SCOPE_DEFAULT', {
              severity: 'error',
              title:
                scope === undefined
                  ? 'Entra ID client credentials need a scope ending in /.default'
                  : `Entra ID rejects scope "${scope}" for client credentials: it must end in /.default`,
              evidence: [scope === undefined ? 'no scope in the body' : `body scope=${scope}`, 'body grant_type=client_credentials'],
              fix: 'Set scope to the resource identifier followed by /.default, e.g. https://graph.microsoft.com/.default or api://<application-id>/.default.',
            }),
          );
        }
      }
      if (ctx.endpoint === 'introspection') {
        out.push(
          finding('PROVIDER_ENTRA_NO_INTROSPECTION', {
            severity: 'error',
            title: 'Entra ID has no introspection endpoint',
            evidence: [`issuer: ${ctx.issuer}`, `request: ${ctx.draft.method} ${ctx.draft.url}`],
          }),
        );
      }
      break;
    }
    case 'auth0':
      if (usesAssertion && isCredentialed(ctx) && !audienceSatisfied(ctx)) push(take('PROVIDER_AUTH0_ASSERTION_AUD'));
      if (grant === 'client_credentials' && formValue(ctx.draft, 'audience') === undefined) {
        out.push(
          finding('PROVIDER_AUTH0_AUDIENCE_PARAM', {
            severity: 'warning',
            title: 'Auth0 client credentials without an audience parameter',
            evidence: ['body grant_type=client_credentials', 'no audience in the body'],
            fix: 'Add audience=<your API identifier>; without it Auth0 uses the tenant default audience or refuses the request.',
            action: { kind: 'add-param', label: 'Add audience', args: { name: 'audience' } },
          }),
        );
      }
      break;
    case 'keycloak':
      if (usesAssertion && isCredentialed(ctx) && !audienceSatisfied(ctx)) push(take('PROVIDER_KEYCLOAK_ASSERTION_AUD'));
      if (ctx.endpoint === 'introspection' || (ctx.endpoint === undefined && /introspect/.test(ctx.draft.url)))
        push(take('PROVIDER_KEYCLOAK_INTROSPECTION'));
      break;
  }
  return out;
}

/**
 * The assertion's aud already is one the provider accepts (or, with no assertion to
 * read, the profile's audience mode is): the provider's aud hint would be noise.
 */
function audienceSatisfied(ctx: RuleContext): boolean {
  const accepted = ctx.provider.acceptedAudiences;
  if (ctx.assertion?.claims) return modesOf(ctx.assertion.claims['aud'], ctx).some((m) => accepted.includes(m));
  return ctx.profile?.audience !== undefined && accepted.includes(ctx.profile.audience);
}

/** The request carries real client authentication (not just client_id). */
function authenticatesClient(ctx: RuleContext): boolean {
  return ctx.methods.some((m) => m !== 'none' && m !== 'bearer');
}
