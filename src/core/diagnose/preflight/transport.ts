/**
 * Preflight: where the request goes (plain http, another origin than the issuer's).
 */
import { finding, type Finding } from '../findings';
import { normaliseUrl, type RuleContext } from '../context';
import { requestLine } from '../evidence';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function parse(u: string): URL | undefined {
  try {
    return new URL(u);
  } catch {
    return undefined;
  }
}

export function transportRules(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const url = parse(ctx.draft.url);
  if (!url) return out;
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && !url.hostname.endsWith('.localhost')) {
    const allowed = ctx.profile?.allowInsecureHttp === true;
    out.push(
      finding('INSECURE_HTTP', {
        severity: allowed ? 'warning' : 'error',
        title: `The endpoint uses plain http:// to ${url.host}${allowed ? ' (allowed for this profile)' : ''}`,
        evidence: [requestLine(ctx.draft)],
        fix: `Use https://${url.host}${url.pathname}. Client credentials and tokens would travel unencrypted over http.`,
        action: { kind: 'use-https', label: 'Use https://', args: { url: `https://${url.host}${url.pathname}` } },
      }),
    );
  }
  const issuer = ctx.issuer ? parse(ctx.issuer) : undefined;
  const fromDiscovery = Object.values(ctx.urls).some((u) => normaliseUrl(u) === normaliseUrl(ctx.draft.url));
  // Compare hosts: a scheme-only difference is INSECURE_HTTP's business.
  // An API lives on its own origin by design; only authorization server endpoints are expected at the issuer's.
  if (issuer && !ctx.resource && !fromDiscovery && issuer.host !== url.host) {
    out.push(
      finding('ENDPOINT_ORIGIN_MISMATCH', {
        title: `The request goes to ${url.origin}, but the issuer is ${issuer.origin}`,
        evidence: [requestLine(ctx.draft), `issuer: ${ctx.issuer}`],
        ...(ctx.endpoint && ctx.urls[ctx.endpoint]
          ? { action: { kind: 'use-endpoint' as const, label: 'Use the URL from discovery', args: { url: ctx.urls[ctx.endpoint]! } } }
          : {}),
      }),
    );
  }
  return out;
}
