/**
 * Causes the server itself states: a phrase of its error_description found in the
 * catalogue (diagnose/phrases.ts), and a 401 challenge that asks for another client
 * authentication scheme than the one the request used. These outrank every guess.
 */
import { findChallenge } from '../../http/www-authenticate';
import { finding, type Finding, type FindingAction } from '../findings';
import { CAUSE_TEXT, matchPhrases, type StatedCause } from '../phrases';
import type { RuleContext } from '../context';
import type { OAuthErrorView } from './response-facts';

/** SERVER_STATED_CAUSE findings for the phrases in `e`, then CHALLENGE_SCHEME_MISMATCH. */
export function statedCauses(ctx: RuleContext, e: OAuthErrorView): Finding[] {
  const out = matchPhrases(e.description).map((hit, i) =>
    finding('SERVER_STATED_CAUSE', {
      title: `The server says ${CAUSE_TEXT[hit.cause].meaning}`,
      evidence: [`${hit.server} wording: "${hit.matched}"`, `source: ${hit.source}`],
      fix: CAUSE_TEXT[hit.cause].fix,
      rank: 1 + i,
      basis: 'server',
      ...actionFor(hit.cause, ctx),
    }),
  );
  const mismatch = challengeMismatch(ctx, e);
  if (mismatch) out.push(mismatch);
  return out;
}

function actionFor(cause: StatedCause, ctx: RuleContext): { action?: FindingAction } {
  switch (cause) {
    case 'audience-endpoint':
      return ctx.assertion
        ? { action: { kind: 'switch-audience', label: 'Switch audience to endpoint URL', args: { audience: 'endpoint' } } }
        : {};
    case 'assertion-not-read':
    case 'basic-only':
      return { action: { kind: 'set-auth-method', label: 'Use client_secret_basic', args: { method: 'client_secret_basic' } } };
    default:
      return {};
  }
}

/** The server challenges for Basic while the request authenticated another way (or not at all). */
function challengeMismatch(ctx: RuleContext, e: OAuthErrorView): Finding | undefined {
  const basic = e.answer ? findChallenge(e.answer.challenges, 'basic') : undefined;
  if (!basic || ctx.exchange?.response?.status !== 401 || ctx.methods.includes('client_secret_basic')) return undefined;
  const used = ctx.methods.length ? ctx.methods.join(' + ') : 'nothing';
  // A Basic challenge proves the server reads Basic, not that it ignores client_secret_post:
  // with a secret in the body a wrong secret stays as likely, so this is only a guess then.
  const weak = ctx.methods.includes('client_secret_post');
  return finding('CHALLENGE_SCHEME_MISMATCH', {
    title: `The server asks for HTTP Basic client authentication; this request used ${used}`,
    evidence: [
      `WWW-Authenticate: Basic${basic.params['realm'] !== undefined ? ` realm="${basic.params['realm']}"` : ''}`,
      `client authentication sent: ${used}`,
    ],
    fix: ctx.methods.some((m) => m === 'private_key_jwt' || m === 'client_secret_jwt' || m === 'jwt')
      ? 'The server may not support JWT client authentication at all: use client_secret_basic if the client has a secret, or check the methods the server supports.'
      : 'Send the client id and secret in the Basic Authorization header (client_secret_basic).',
    basis: weak ? 'guess' : 'server',
    ...(weak ? { rank: 33 } : {}),
    ...(ctx.methods.includes('client_secret_post')
      ? { action: { kind: 'set-auth-method' as const, label: 'Use client_secret_basic', args: { method: 'client_secret_basic' } } }
      : {}),
  });
}
