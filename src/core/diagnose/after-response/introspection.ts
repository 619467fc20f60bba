/**
 * After the response: introspection answered `active: false`. The server never says
 * why; the token itself (when it is a JWT) and the context narrow it down.
 */
import { booleanString } from '../../operations/parse';
import { claim, humanSeconds, iso } from '../evidence';
import { finding, type Finding } from '../findings';
import type { RuleContext } from '../context';
import { tokenUnderTest } from '../preflight/tokens';

export function introspectionRules(ctx: RuleContext): Finding[] {
  const x = ctx.exchange;
  if (!x?.response || ctx.endpoint !== 'introspection') return [];
  const json = x.response.json;
  if (x.response.status !== 200 || !json || typeof json !== 'object') return [];
  const active = (json as Record<string, unknown>)['active'];
  if (active !== false && booleanString(active) !== false) return [];

  const t = tokenUnderTest(ctx);
  const causes: string[] = [];
  const evidence: string[] = ['response: HTTP 200 {"active": false}'];
  if (t) evidence.push(`${t.where}=<token: ${t.length} chars${t.claims ? ', a JWT' : ', opaque'}>`);
  let title = 'Introspection says active: false, and the server does not say why';

  const c = t?.claims;
  if (c) {
    const exp = typeof c['exp'] === 'number' ? c['exp'] : undefined;
    const iss = typeof c['iss'] === 'string' ? c['iss'] : undefined;
    if (exp !== undefined) evidence.push(claim('exp', exp, 'token') + ` (${iso(exp)})`);
    if (iss !== undefined) evidence.push(claim('iss', iss, 'token'));
    if (c['client_id'] !== undefined || c['azp'] !== undefined)
      evidence.push(claim(c['client_id'] !== undefined ? 'client_id' : 'azp', c['client_id'] ?? c['azp'], 'token'));
    if (exp !== undefined && exp <= ctx.now) {
      title = `The token expired ${humanSeconds(ctx.now - exp)} ago, so introspection says active: false`;
      causes.push(`expired: exp ${iso(exp)} is in the past`);
    }
    if (iss !== undefined && ctx.issuer && iss.replace(/\/+$/, '') !== ctx.issuer.replace(/\/+$/, '')) {
      if (causes.length === 0) title = `The token comes from another issuer (${iss}); this server (${ctx.issuer}) does not know it`;
      causes.push(
        `issued by ${iss}, not by ${ctx.issuer}${ctx.provider.kind === 'okta' ? ' (Okta: the org server and each custom authorization server only know their own tokens)' : ''}`,
      );
    }
    causes.push(
      'a structured JWT access token: some servers cannot introspect their JWTs and answer active: false; validate it locally against the JWKS instead',
    );
  }
  causes.push('revoked (by a revocation request, a sign-out, or refresh-token rotation)');
  if (!c)
    causes.push(
      'expired (an opaque token carries no visible exp)',
      `issued by another authorization server or tenant than ${ctx.issuer ?? 'this one'}`,
    );
  const clientId = ctx.profile?.clientId;
  const tokenClient = c?.['client_id'] ?? c?.['azp'];
  causes.push(
    `not visible to the introspecting client${clientId ? ` (${clientId})` : ''}: many servers only let the client the token was issued to, or a resource server in its aud, introspect it` +
      (typeof tokenClient === 'string' && clientId && tokenClient !== clientId ? ` — this token was issued to ${tokenClient}` : ''),
  );
  const hint = ctx.draft.form.find((p) => p.name === 'token_type_hint');
  if (hint) causes.push(`a wrong token_type_hint (${hint.value}) on servers that honour it strictly`);

  return [
    finding('TOKEN_INACTIVE', {
      title,
      evidence: [...evidence, ...causes.map((x2, i) => `possible cause ${i + 1}: ${x2}`)],
      fix:
        c && causes[0]?.startsWith('expired')
          ? 'Get a new token and introspect that one.'
          : "Check in this order: the token's expiry, the issuer it came from, whether it was revoked, and whether this client may introspect it (try introspecting with the client the token was issued to).",
    }),
  ];
}
