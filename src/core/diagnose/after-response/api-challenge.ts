/**
 * After an API call (or userinfo): what the resource server's WWW-Authenticate asks for
 * — a new token (invalid_token, expired), a scope (insufficient_scope, naming it), a
 * stronger authentication (RFC 9470 step-up: acr_values, max_age) — and, when its 401
 * named RFC 9728 metadata, which authorization server and scopes the API wants.
 */
import { parseChallenges, primaryChallenge } from '../../http/www-authenticate';
import type { RuleContext } from '../context';
import { finding, type Finding } from '../findings';
import { responseHeader } from './response-facts';

function resourceMetadata(ctx: RuleContext): Finding[] {
  const rm = ctx.exchange?.resourceMetadata;
  if (!rm) return [];
  const m = rm.metadata;
  if (!m) {
    return [
      finding('API_RESOURCE_METADATA', {
        title: 'The API named its metadata, but it could not be used',
        evidence: [`resource_metadata: ${rm.url}`, `problem: ${rm.problem ?? '?'}`],
        severity: 'warning',
      }),
    ];
  }
  const as = m.authorization_servers ?? [];
  const scopes = m.scopes_supported ?? [];
  const known = ctx.issuer !== undefined && as.includes(ctx.issuer);
  return [
    finding('API_RESOURCE_METADATA', {
      title: as.length
        ? `The API takes tokens from ${as.join(', ')}${known ? " (this client's server)" : ''}`
        : 'The API names no authorization server in its metadata',
      evidence: [
        `resource_metadata: ${rm.url}`,
        `resource: ${m.resource}`,
        `authorization_servers: ${JSON.stringify(as)}`,
        `scopes_supported: ${JSON.stringify(scopes)}`,
      ],
      ...(as[0] && !known
        ? { action: { kind: 'add-client' as const, label: `Add a client for ${as[0]}`, args: { issuer: as[0], scope: scopes.join(' ') } } }
        : {}),
    }),
  ];
}

export function apiChallengeRules(ctx: RuleContext): Finding[] {
  const x = ctx.exchange;
  const r = x?.response;
  if (!x || !r || (x.operation !== 'api' && x.operation !== 'userinfo') || (r.status !== 401 && r.status !== 403)) return [];
  const www = responseHeader(r, 'www-authenticate') ?? '';
  const p = primaryChallenge(parseChallenges(www))?.params ?? {};
  const evidence = [`response: HTTP ${r.status}`, `WWW-Authenticate: ${www.length > 300 ? `${www.slice(0, 297)}...` : www}`];
  const out: Finding[] = [];
  switch (p['error']) {
    case 'invalid_token':
      out.push(
        /expired/i.test(p['error_description'] ?? '')
          ? finding('API_TOKEN_EXPIRED', {
              title: 'The API says the token has expired',
              evidence,
              action: { kind: 'retry', label: 'Get a new token and call again' },
            })
          : finding('API_INVALID_TOKEN', {
              title: `The API refused the token${p['error_description'] ? `: ${p['error_description']}` : ''}`,
              evidence,
            }),
      );
      break;
    case 'insufficient_scope':
      out.push(
        finding('API_INSUFFICIENT_SCOPE', {
          title: p['scope'] ? `The API needs scope "${p['scope']}"` : 'The token lacks a scope the API needs',
          evidence,
          ...(p['scope']
            ? { fix: `Get a token with scope "${p['scope']}" (and make sure the client is allowed it), then call again.` }
            : {}),
        }),
      );
      break;
    case 'insufficient_user_authentication':
      out.push(
        finding('API_STEP_UP', {
          title: `The API wants a stronger authentication${p['acr_values'] ? ` (acr_values ${p['acr_values']})` : ''}${p['max_age'] ? ` within ${p['max_age']} s` : ''}`,
          evidence,
          fix: `Sign in again through the authorization code flow${p['acr_values'] ? ` with acr_values=${p['acr_values']}` : ''}${p['max_age'] ? ` and max_age=${p['max_age']}` : ''}, then call the API with the new token.`,
        }),
      );
      break;
  }
  return [...out, ...resourceMetadata(ctx)];
}
