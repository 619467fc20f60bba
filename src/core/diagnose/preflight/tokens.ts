/**
 * Preflight: the token being introspected, revoked, exchanged or presented — when it
 * is a decodable JWT, its expiry and issuer say a lot before anything is sent.
 */
import { decodeJwt } from '../../crypto/jwt';
import { headerValue } from '../draft';
import { claim, humanSeconds, iso } from '../evidence';
import { finding, type Finding } from '../findings';
import { oktaOrgServerHint } from '../providers';
import type { RuleContext } from '../context';

export interface TokenView {
  /** Where the token was found, e.g. `body token`. */
  where: string;
  length: number;
  claims?: Record<string, unknown>;
}

/** The token the request carries (introspection/revocation `token`, `subject_token`, Bearer header). */
export function tokenUnderTest(ctx: RuleContext): TokenView | undefined {
  const d = ctx.draft;
  let where: string | undefined;
  let value: string | undefined;
  if (ctx.endpoint === 'introspection' || ctx.endpoint === 'revocation') {
    value = d.form.find((p) => p.name === 'token')?.value;
    where = 'body token';
  } else if (ctx.endpoint === 'token' && d.form.some((p) => p.name === 'subject_token')) {
    value = d.form.find((p) => p.name === 'subject_token')?.value;
    where = 'body subject_token';
  } else if (ctx.endpoint === 'userinfo' || ctx.endpoint === undefined) {
    const auth = headerValue(d.headers, 'authorization');
    if (auth && /^bearer\s/i.test(auth)) {
      value = auth.replace(/^bearer\s+/i, '');
      where = 'Bearer token in the Authorization header';
    }
  }
  if (value === undefined || where === undefined) return undefined;
  const view: TokenView = { where, length: value.length };
  try {
    view.claims = decodeJwt(value, ctx.now).claims;
  } catch {
    // opaque token: only the issuer can say anything about it
  }
  return view;
}

export function tokenRules(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const t = tokenUnderTest(ctx);
  if (!t?.claims) return out;
  const exp = typeof t.claims['exp'] === 'number' ? t.claims['exp'] : undefined;
  const shown = `${t.where}=<token: ${t.length} chars, a JWT>`;
  if (exp !== undefined && exp <= ctx.now) {
    out.push(
      finding('TOKEN_EXPIRED', {
        title: `The token sent expired ${humanSeconds(ctx.now - exp)} ago`,
        evidence: [shown, claim('exp', exp, 'token') + ` (${iso(exp)})`, `local time: ${iso(ctx.now)}`],
      }),
    );
  }
  const iss = t.claims['iss'];
  if (typeof iss === 'string' && ctx.issuer && iss.replace(/\/+$/, '') !== ctx.issuer.replace(/\/+$/, '')) {
    const f = finding('TOKEN_OTHER_ISSUER', {
      title: `The token was issued by ${iss}, not by ${ctx.issuer}`,
      evidence: [shown, claim('iss', iss, 'token'), `issuer being called: ${ctx.issuer}`],
      fix: `Send the token to ${iss} (the authorization server that issued it), or get a token from ${ctx.issuer}.`,
    });
    out.push(f);
    if (ctx.provider.kind === 'okta') {
      try {
        if (!/\/oauth2\//.test(new URL(iss).pathname)) out.push(oktaOrgServerHint(iss));
      } catch {
        // not a URL issuer
      }
    }
  }
  return out;
}
