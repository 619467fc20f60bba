/**
 * Preflight: a URL on the client's server (same origin) whose path differs from the
 * client's endpoint of that kind — the Okta org server (/oauth2/v1/…) called for a
 * client of a custom authorization server (/oauth2/default/v1/…), or the other way round.
 */
import { safeUrl } from '../draft';
import { finding, type Finding } from '../findings';
import { endpointLabel, normaliseUrl, type RuleContext } from '../context';

export function endpointPathRules(ctx: RuleContext): Finding[] {
  const known = ctx.endpoint ? ctx.urls[ctx.endpoint] : undefined;
  if (!known || !ctx.endpoint) return [];
  let called: URL;
  let expected: URL;
  try {
    called = new URL(ctx.draft.url);
    expected = new URL(known);
  } catch {
    return [];
  }
  if (called.origin !== expected.origin || normaliseUrl(called.href) === normaliseUrl(expected.href)) return [];
  const okta = /^\/oauth2\//.test(called.pathname) && /^\/oauth2\//.test(expected.pathname);
  return [
    finding('ENDPOINT_PATH_MISMATCH', {
      title: `This ${endpointLabel(ctx.endpoint)} URL is not the client's: ${called.pathname} instead of ${expected.pathname}`,
      evidence: [
        `request: ${ctx.draft.method} ${safeUrl(ctx.draft.url)}`,
        `the client's ${endpointLabel(ctx.endpoint)} endpoint: ${safeUrl(known)}`,
      ],
      fix:
        `Call ${safeUrl(known)}.` +
        (okta
          ? ' At Okta the org authorization server (/oauth2/v1/…) and each custom authorization server (/oauth2/<id>/v1/…) are separate servers: each knows only its own clients and tokens.'
          : ''),
      action: { kind: 'use-endpoint', label: "Use the client's endpoint", args: { url: known } },
    }),
  ];
}
