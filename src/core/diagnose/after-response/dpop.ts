/**
 * After the response: DPoP (RFC 9449) failures — a proof the server required but did
 * not get (Okta's and oidc-provider's wording), the invalid_dpop_proof causes its
 * description names, a nonce the client never satisfied, a DPoP-bound token sent as
 * Bearer, and a token bound to another key.
 */
import { decodeJwt } from '../../crypto/jwt';
import { parseChallenges, primaryChallenge } from '../../http/www-authenticate';
import type { RuleContext } from '../context';
import { headerValue } from '../draft';
import { finding, type Finding, type FindingCode } from '../findings';
import { oauthErrorOf, oauthEvidence, responseHeader } from './response-facts';

const ENABLE_DPOP = { kind: 'set-dpop-mode' as const, label: 'Turn DPoP on for this client', args: { dpop: 'always' } };

/** invalid_dpop_proof descriptions → the cause they name. */
const PROOF_CAUSES: Array<[RegExp, FindingCode, string]> = [
  [/replay|jti/i, 'DPOP_JTI_REUSED', 'The server saw this proof (its jti) before'],
  [/\bath\b/i, 'DPOP_ATH_MISMATCH', "The proof's ath does not match the access token"],
  [/htu|htm/i, 'DPOP_HTU_MISMATCH', 'The proof does not name this request (htm/htu)'],
  [/\biat\b|recent|expired|future/i, 'DPOP_IAT_SKEW', "The proof's iat is outside the server's window"],
  [/\balg|algorithm/i, 'DPOP_ALG_UNSUPPORTED', 'The proof is signed with an algorithm the server does not accept'],
  [/nonce/i, 'DPOP_NONCE_REQUIRED', 'The server wants its current nonce in the proof'],
];

/** True when the request carried a DPoP proof header. */
export function hasProof(ctx: RuleContext): boolean {
  return headerValue(ctx.draft.headers, 'dpop') !== undefined;
}

function proofMissing(ctx: RuleContext, evidence: string[]): Finding[] {
  const e = oauthErrorOf(ctx.exchange);
  const description = e?.description ?? '';
  const okta = e?.error === 'invalid_dpop_proof' && /missing|not provided|required/i.test(description);
  const advertised = Array.isArray(ctx.metadata?.dpop_signing_alg_values_supported);
  // oidc-provider hides its reason ("DPoP proof JWT not provided") behind a generic invalid_grant.
  const oidcProvider =
    e?.error === 'invalid_grant' && /^grant request is invalid$/i.test(description) && advertised && ctx.endpoint === 'token';
  if (!okta && !oidcProvider && !/dpop proof jwt (header is missing|not provided)/i.test(description)) return [];
  const out = [
    finding('DPOP_PROOF_MISSING', {
      title: 'The server requires a DPoP proof and the token request carried none',
      evidence: [
        ...evidence,
        'request: no DPoP header',
        ...(advertised
          ? [`metadata dpop_signing_alg_values_supported: ${JSON.stringify(ctx.metadata?.dpop_signing_alg_values_supported)}`]
          : []),
      ],
      ...(oidcProvider && !okta
        ? { severity: 'warning' as const, title: 'invalid_grant from a DPoP server without a DPoP proof: the client may require DPoP' }
        : {}),
      action: ENABLE_DPOP,
    }),
  ];
  if (ctx.provider.kind === 'okta') out.push(oktaHint(ctx));
  return out;
}

function oktaHint(ctx: RuleContext): Finding {
  return finding('PROVIDER_OKTA_DPOP', {
    title: `${ctx.provider.name}: "Require DPoP" is on for this app`,
    evidence: [`issuer: ${ctx.issuer ?? '?'}`],
    action: ENABLE_DPOP,
  });
}

function proofRefused(ctx: RuleContext, evidence: string[]): Finding[] {
  const e = oauthErrorOf(ctx.exchange);
  if (!e) return [];
  const challenges = parseChallenges(ctx.exchange?.response?.headers['www-authenticate']);
  const nonceFailed = e.error === 'use_dpop_nonce' || challenges.some((c) => c.params['error'] === 'use_dpop_nonce');
  if (nonceFailed) {
    const challenge = ctx.exchange?.dpop?.nonceChallenge;
    return [
      finding('DPOP_NONCE_REQUIRED', {
        title: challenge ? 'The server refused the nonce retry too' : 'The server wants its DPoP nonce in the proof',
        evidence: [
          ...evidence,
          ...(challenge ? [`retried once after HTTP ${challenge.status} ${challenge.error}`] : ['no retry with the nonce was made']),
        ],
      }),
      ...(ctx.provider.kind === 'okta' ? [oktaHint(ctx)] : []),
    ];
  }
  if (e.error !== 'invalid_dpop_proof') return [];
  const cause = PROOF_CAUSES.find(([re]) => re.test(e.description ?? ''));
  const [code, title] = cause ? [cause[1], cause[2]] : (['DPOP_PROOF_INVALID', 'The server refused the DPoP proof'] as const);
  return [finding(code, { title, evidence: [...evidence, ...proofEvidence(ctx)] })];
}

/** The proof's claims as evidence (no signature, no token). */
function proofEvidence(ctx: RuleContext): string[] {
  const proof = ctx.exchange?.dpop?.proof ?? decodeProof(headerValue(ctx.draft.headers, 'dpop'));
  if (!proof) return [];
  const c = proof.claims;
  return [
    `proof header: typ ${String(proof.header['typ'])}, alg ${String(proof.header['alg'])}`,
    `proof claims: htm ${String(c['htm'])}, htu ${String(c['htu'])}, iat ${String(c['iat'])}${c['nonce'] !== undefined ? ', nonce present' : ', no nonce'}${c['ath'] !== undefined ? ', ath present' : ''}`,
  ];
}

function decodeProof(jwt: string | undefined): { header: Record<string, unknown>; claims: Record<string, unknown> } | undefined {
  if (!jwt) return undefined;
  try {
    return decodeJwt(jwt);
  } catch {
    return undefined;
  }
}

/** A DPoP-bound token presented as Bearer (the API's challenge says DPoP, or the token's cnf does). */
function tokenAsBearer(ctx: RuleContext, evidence: string[]): Finding[] {
  const r = ctx.exchange?.response;
  if (!r || r.status !== 401) return [];
  const auth = headerValue(ctx.draft.headers, 'authorization') ?? '';
  if (!/^bearer\s/i.test(auth)) return [];
  const www = responseHeader(r, 'www-authenticate') ?? '';
  const params = primaryChallenge(parseChallenges(www))?.params ?? {};
  let boundTo: unknown;
  try {
    boundTo = (decodeJwt(auth.replace(/^bearer\s+/i, '')).claims['cnf'] as { jkt?: unknown } | undefined)?.jkt;
  } catch {
    boundTo = undefined;
  }
  if (!/dpop/i.test(params['error_description'] ?? '') && boundTo === undefined) return [];
  return [
    finding('DPOP_TOKEN_AS_BEARER', {
      title: 'A DPoP-bound token was sent as a Bearer token',
      evidence: [
        ...evidence,
        'request: Authorization: Bearer <access_token>, no DPoP proof',
        ...(boundTo ? [`token cnf.jkt: ${JSON.stringify(boundTo)}`] : []),
      ],
    }),
  ];
}

export function dpopRules(ctx: RuleContext): Finding[] {
  const x = ctx.exchange;
  if (!x?.response || (x.response.status >= 200 && x.response.status < 300)) return bindingRules(ctx);
  const e = oauthErrorOf(x);
  const evidence = e ? oauthEvidence(x, e) : [`response: HTTP ${x.response.status}`];
  const out = hasProof(ctx) ? proofRefused(ctx, evidence) : [...proofMissing(ctx, evidence), ...tokenAsBearer(ctx, evidence)];
  return [...out, ...bindingRules(ctx)];
}

/** A token bound to another DPoP key than the client's. */
function bindingRules(ctx: RuleContext): Finding[] {
  return (ctx.exchange?.binding ?? [])
    .filter((b) => b.kind === 'dpop' && b.matches === false)
    .map((b) =>
      finding('DPOP_KEY_MISMATCH', {
        title: "The token is bound to another DPoP key than this client's",
        evidence: [`${b.source} cnf.jkt: ${b.actual}`, `this client's DPoP key thumbprint: ${b.expected ?? '?'}`],
      }),
    );
}
