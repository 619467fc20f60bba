/**
 * Preflight: the client assertion's header and claims (decoded, never shown raw),
 * and the key facts that decide whether it can be signed at all.
 */
import { HMAC_MIN_BYTES } from '../../crypto/assertion';
import type { HmacAlg } from '../../types';
import { formValue } from '../draft';
import { claim, humanSeconds, iso } from '../evidence';
import { finding, type Finding } from '../findings';
import { audienceCandidates, audienceLabel, modesOf } from '../audience';
import { endpointLabel, type RuleContext } from '../context';

/** Clock difference tolerated before iat/nbf count as "in the future" (seconds). */
export const FUTURE_TOLERANCE_S = 30;
/** An assertion issued longer ago than this looks copied from an earlier request (seconds). */
export const STALE_AFTER_S = 60;
/** Lifetimes above this draw a warning (seconds; Auth0 allows 5 min, Okta 1 h). */
export const MAX_LIFETIME_S = 300;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function assertionRules(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  out.push(...keyRules(ctx));
  const a = ctx.assertion;
  if (!a || a.placeholder) return out;
  const lengthNote = `body client_assertion=<client_assertion: ${a.length} chars>`;
  if (a.error !== undefined || !a.claims || !a.header) {
    if (a.error === 'empty') return out; // ASSERTION_MISSING covers it
    out.push(
      finding('ASSERTION_MALFORMED', {
        title: 'client_assertion is not a decodable JWT',
        evidence: [lengthNote, `decoding failed: ${a.error ?? 'unknown reason'}`],
      }),
    );
    return out;
  }
  const h = a.header;
  const c = a.claims;
  const alg = typeof h['alg'] === 'string' ? h['alg'] : undefined;

  if (alg === undefined || alg.toLowerCase() === 'none') {
    out.push(
      finding('ASSERTION_ALG_NONE', {
        title: 'The client assertion is not signed (alg "none")',
        evidence: [claim('alg', h['alg'], 'assertion header')],
      }),
    );
  }

  const missing = ['iss', 'sub', 'aud', 'exp', 'jti'].filter((k) => c[k] === undefined || c[k] === '');
  if (missing.length) {
    out.push(
      finding('ASSERTION_MISSING_CLAIM', {
        title: `The client assertion lacks ${missing.join(', ')}`,
        evidence: missing.map((k) => claim(k, undefined)),
        fix: `Add ${missing.map((k) => (k === 'jti' ? 'jti (a fresh random id per request)' : k === 'exp' ? 'exp (about 60 s ahead)' : k === 'aud' ? 'aud' : `${k} = client_id`)).join(', ')}.`,
      }),
    );
  }

  // iss / sub vs client_id.
  const clientId = ctx.profile?.clientId ?? formValue(ctx.draft, 'client_id') ?? ctx.basic?.clientId;
  const iss = c['iss'];
  const sub = c['sub'];
  const bad: string[] = [];
  if (iss !== undefined && sub !== undefined && iss !== sub) bad.push('iss and sub differ');
  if (clientId !== undefined && iss !== undefined && iss !== clientId) bad.push('iss is not the client_id');
  if (clientId !== undefined && sub !== undefined && sub !== clientId) bad.push('sub is not the client_id');
  if (bad.length) {
    out.push(
      finding('ASSERTION_ISS_SUB_MISMATCH', {
        title: `Client assertion: ${bad.join(', ')}`,
        evidence: [claim('iss', iss), claim('sub', sub), ...(clientId !== undefined ? [`client_id: ${clientId}`] : [])],
        fix: `Set both iss and sub to the client_id${clientId !== undefined ? ` (${clientId})` : ''}.`,
      }),
    );
  }

  // Time claims against the local clock (the server's clock is checked after the response).
  const now = ctx.now;
  const exp = num(c['exp']);
  const iat = num(c['iat']);
  const nbf = num(c['nbf']);
  if (exp !== undefined && exp <= now) {
    out.push(
      finding('ASSERTION_EXPIRED', {
        title: `The client assertion expired ${humanSeconds(now - exp)} ago`,
        evidence: [claim('exp', exp) + ` (${iso(exp)})`, `local time: ${iso(now)}`],
        fix: 'Sign a fresh assertion for this request (new jti, exp about 60 s ahead). A copied assertion stops working after its exp and after its first use.',
      }),
    );
  } else if (iat !== undefined && now - iat > STALE_AFTER_S) {
    out.push(
      finding('ASSERTION_STALE', {
        title: `The client assertion was issued ${humanSeconds(now - iat)} before this request`,
        evidence: [claim('iat', iat) + ` (${iso(iat)})`, `request time: ${iso(now)}`, `threshold: ${STALE_AFTER_S} s`],
      }),
    );
  }
  const future = [
    iat !== undefined && iat - now > FUTURE_TOLERANCE_S ? `iat is ${humanSeconds(iat - now)} ahead` : '',
    nbf !== undefined && nbf - now > FUTURE_TOLERANCE_S ? `nbf is ${humanSeconds(nbf - now)} ahead` : '',
  ].filter(Boolean);
  if (future.length) {
    out.push(
      finding('ASSERTION_NOT_YET_VALID', {
        title: `The client assertion is dated in the future: ${future.join(', ')}`,
        evidence: [
          ...(iat !== undefined ? [claim('iat', iat) + ` (${iso(iat)})`] : []),
          ...(nbf !== undefined ? [claim('nbf', nbf) + ` (${iso(nbf)})`] : []),
          `local time: ${iso(now)}`,
          `tolerance: ${FUTURE_TOLERANCE_S} s`,
        ],
        action: { kind: 'sync-clock', label: 'Check the clock' },
      }),
    );
  }
  if (exp !== undefined && exp - (iat ?? now) > MAX_LIFETIME_S) {
    out.push(
      finding('ASSERTION_LIFETIME_TOO_LONG', {
        title: `The client assertion is valid for ${humanSeconds(exp - (iat ?? now))}`,
        evidence: [
          claim('exp', exp) + ` (${iso(exp)})`,
          iat !== undefined ? claim('iat', iat) + ` (${iso(iat)})` : `local time: ${iso(now)}`,
          `threshold: ${MAX_LIFETIME_S} s`,
        ],
      }),
    );
  }

  // kid for private_key_jwt (Entra uses x5t / x5t#S256 instead).
  if (alg && !/^HS/i.test(alg) && alg !== 'none' && h['kid'] === undefined && h['x5t'] === undefined && h['x5t#S256'] === undefined) {
    out.push(
      finding('ASSERTION_MISSING_KID', {
        title: 'The private_key_jwt assertion has no kid header',
        evidence: [`assertion header: ${JSON.stringify(h)}`],
      }),
    );
  }

  out.push(...audienceRule(ctx, c['aud']));
  return out;
}

function audienceRule(ctx: RuleContext, aud: unknown): Finding[] {
  if (aud === undefined) return [];
  const values = Array.isArray(aud) ? aud.filter((x): x is string => typeof x === 'string') : typeof aud === 'string' ? [aud] : [];
  const matched = modesOf(aud, ctx);
  const candidates = audienceCandidates(ctx);
  const provider = ctx.provider;
  const preferred = provider.acceptedAudiences[0] ?? 'issuer';
  const accepted = new Set(provider.acceptedAudiences);
  const want = candidates.find((c) => c.mode === preferred) ?? candidates.find((c) => accepted.has(c.mode));
  const ok = matched.some((m) => accepted.has(m));
  if (ok) return [];
  // Without an issuer we only know the endpoint URL: too little to judge a generic server.
  if (!ctx.issuer && provider.kind === 'generic') return [];
  const custom = ctx.profile?.audience === 'custom' && values.includes(ctx.profile.customAudience ?? '\u0000');
  const near = candidates.find((c) => values.some((v) => v.replace(/\/+$/, '') === c.url.replace(/\/+$/, '')));
  const providerName = provider.kind === 'generic' ? 'this server' : provider.name;
  const expectText =
    provider.kind === 'generic'
      ? `the issuer (${ctx.issuer}), the token endpoint${ctx.urls.token ? ` (${ctx.urls.token})` : ''} or the URL being called (${ctx.draft.url})`
      : want
        ? `${want.url} (the ${audienceLabel(want.mode)})`
        : `the ${audienceLabel(preferred)}`;
  let title = `The client assertion's aud ${JSON.stringify(aud)} is not what ${providerName} accepts at the ${endpointLabel(ctx.endpoint)} endpoint`;
  if (near && !matched.length) title = `The client assertion's aud differs from the ${audienceLabel(near.mode)} only by a trailing slash`;
  else if (provider.kind === 'okta' && matched.length)
    title = `Okta wants the assertion aud to be the URL of the endpoint being called, not the ${matched.map(audienceLabel).join('/')}`;
  const evidence = [
    claim('aud', aud),
    ...candidates.map((c) => `${audienceLabel(c.mode)}: ${c.url}`),
    ...(ctx.profile?.audience ? [`profile audience mode: ${ctx.profile.audience}`] : []),
  ];
  return [
    finding('ASSERTION_AUD_MISMATCH', {
      severity: custom ? 'warning' : 'error',
      title,
      evidence,
      fix: `Set the assertion aud to ${expectText}.${provider.kind === 'okta' ? ' Okta checks aud against the exact URL of each endpoint: …/v1/token for tokens, …/v1/introspect for introspection.' : ''}`,
      ...(ctx.provider.kind !== 'generic' ? { docs: providerDocs(ctx) } : {}),
      action: {
        kind: 'switch-audience',
        label: `Switch audience to ${audienceLabel(want?.mode ?? preferred)}`,
        args: { audience: want?.mode ?? preferred },
      },
    }),
  ];
}

function providerDocs(ctx: RuleContext): string {
  switch (ctx.provider.kind) {
    case 'okta':
      return 'https://developer.okta.com/docs/api/openapi/okta-oauth/guides/client-auth';
    case 'entra':
      return 'https://learn.microsoft.com/entra/identity-platform/certificate-credentials';
    case 'auth0':
      return 'https://auth0.com/docs/get-started/authentication-and-authorization-flow/authenticate-with-private-key-jwt';
    default:
      return 'https://www.keycloak.org/docs/latest/server_admin/#_client-credentials';
  }
}

const FAMILY: Record<string, RegExp> = { RSA: /^(RS|PS)\d{3}$/, EC: /^ES\d{3}$/, OKP: /^(EdDSA|Ed25519|Ed448)$/, oct: /^HS\d{3}$/ };
const CURVE_ALG: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

/** Key facts (from the shell, no secret values) vs algorithm and method. */
function keyRules(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const p = ctx.profile;
  const headerAlg = ctx.assertion?.header?.['alg'];
  const alg =
    typeof headerAlg === 'string'
      ? headerAlg
      : (p?.signingAlg ?? (p?.authMethod === 'client_secret_jwt' ? 'HS256' : p?.authMethod === 'private_key_jwt' ? 'RS256' : undefined));
  if (!alg || alg === 'none') return out;
  const source =
    typeof headerAlg === 'string' ? `assertion header alg: "${alg}"` : `profile signingAlg: ${alg}${p?.signingAlg ? '' : ' (default)'}`;

  if (p && /jwt$/.test(p.authMethod) && typeof headerAlg !== 'string') {
    const hs = /^HS/.test(alg);
    if ((p.authMethod === 'private_key_jwt' && hs) || (p.authMethod === 'client_secret_jwt' && !hs)) {
      out.push(
        finding('ASSERTION_ALG_KEY_MISMATCH', {
          title: `${alg} does not fit ${p.authMethod}`,
          evidence: [source, `profile authMethod: ${p.authMethod}`],
          action: {
            kind: 'set-signing-alg',
            label: 'Change the signing algorithm',
            args: { suggested: p.authMethod === 'client_secret_jwt' ? 'HS256' : 'RS256' },
          },
        }),
      );
    }
  }
  const k = ctx.key;
  if (k?.kty) {
    const family = FAMILY[k.kty];
    const curveAlg = k.kty === 'EC' && k.crv ? CURVE_ALG[k.crv] : undefined;
    if ((family && !family.test(alg)) || (curveAlg && curveAlg !== alg)) {
      const fits = k.kty === 'RSA' ? 'RS256/PS256' : k.kty === 'EC' ? (curveAlg ?? 'ES256') : k.kty === 'OKP' ? 'EdDSA' : 'HS256';
      out.push(
        finding('ASSERTION_ALG_KEY_MISMATCH', {
          title: `${alg} cannot be signed with ${k.kty === 'oct' ? 'a client secret' : `the ${k.kty}${k.crv ? ` ${k.crv}` : ''} key`}`,
          evidence: [source, `key type: ${k.kty}${k.crv ? ` (${k.crv})` : ''}`],
          fix: `Use ${fits} with this key, or use a key that fits ${alg}.`,
          action: { kind: 'set-signing-alg', label: `Use ${fits.split('/')[0]}`, args: { suggested: fits.split('/')[0]! } },
        }),
      );
    }
  }
  if (/^HS(256|384|512)$/.test(alg) && k?.secretBytes !== undefined) {
    const min = HMAC_MIN_BYTES[alg as HmacAlg];
    if (k.secretBytes < min) {
      out.push(
        finding('HS_SECRET_TOO_SHORT', {
          title: `The client secret is ${k.secretBytes} bytes; ${alg} needs at least ${min}`,
          evidence: [source, `client secret length: ${k.secretBytes} bytes`, `minimum for ${alg}: ${min} bytes (RFC 7518 §3.2)`],
          fix:
            k.secretBytes >= 32 && alg !== 'HS256'
              ? `Use HS256 (needs 32 bytes), or ask the provider for a secret of at least ${min} bytes.`
              : `Ask the provider for a client secret of at least ${min} bytes; jose and the workbench refuse to sign with a shorter one.`,
        }),
      );
    }
  }
  return out;
}
