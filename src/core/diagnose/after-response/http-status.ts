/**
 * After the response: HTTP-level signals — no response at all, redirects, HTML
 * pages, non-JSON bodies, rate limiting, server errors, WWW-Authenticate.
 */
import { parseChallenges, primaryChallenge } from '../../http/www-authenticate';
import { safeUrl } from '../draft';
import { finding, type Finding } from '../findings';
import { humanSeconds } from '../evidence';
import type { RuleContext } from '../context';
import { excerpt, head, isBlank, isHtml, responseHeader, serverErrorOf } from './response-facts';
import { normaliseUrl } from '../context';

export function httpStatusRules(ctx: RuleContext): Finding[] {
  const x = ctx.exchange;
  if (!x) return [];
  const r = x.response;
  const out: Finding[] = [];

  if (!r) {
    if (x.error) {
      out.push(
        finding('TRANSPORT_FAILED', {
          title: transportTitle(x.error.code),
          evidence: [`request: ${x.request.method} ${safeUrl(x.request.url)}`, `error ${x.error.code}: ${x.error.message}`],
          ...(x.error.code === 'HTTP_TIMEOUT' || x.error.code === 'HTTP_NETWORK'
            ? { action: { kind: 'retry' as const, label: 'Retry' } }
            : {}),
        }),
      );
    }
    return out;
  }

  const status = r.status;
  if (status >= 300 && status < 400 && status !== 304) {
    const location = responseHeader(r, 'location');
    out.push(
      finding('REDIRECT_REFUSED', {
        title: `The endpoint answered ${status} (redirect)${location ? ` to ${safeUrl(location)}` : ''}; it was not followed`,
        evidence: [
          `request: ${x.request.method} ${safeUrl(x.request.url)}`,
          `response: HTTP ${status}`,
          `Location: ${location ? safeUrl(location) : '(none)'}`,
        ],
        fix: redirectFix(x.request.url, location),
        ...(location && sameProviderUpgrade(x.request.url, location)
          ? {
              action: {
                kind: 'use-endpoint' as const,
                label: 'Use the redirect target',
                args: { url: withoutQuery(location, x.request.url) },
              },
            }
          : {}),
      }),
    );
    return out;
  }

  const blank = isBlank(r.body);
  if (!blank && isHtml(r)) {
    const title = /<title[^>]{0,200}>([^<]{0,120})<\/title>/i.exec(head(r.body, 8192))?.[1]?.trim();
    out.push(
      finding('HTML_RESPONSE', {
        title: `The server answered HTTP ${status} with an HTML page${title ? ` ("${title}")` : ''} instead of JSON`,
        evidence: [
          `response: HTTP ${status}`,
          `Content-Type: ${responseHeader(r, 'content-type') ?? '(none)'}`,
          ...(title ? [`page title: ${JSON.stringify(title)}`] : []),
          `body starts: ${excerpt(r.body)}`,
        ],
        fix:
          status === 404
            ? 'The URL is wrong (404 page): take the exact endpoint URL from the discovery document.'
            : /login|sign in/i.test(title ?? '')
              ? 'A login page answered: this URL is for browsers, not an OAuth API endpoint. Use the token/introspection URL from discovery.'
              : 'Check the endpoint URL, and whether a proxy, firewall or API gateway answered instead of the authorization server.',
      }),
    );
  } else if (status === 404) {
    out.push(notFound(ctx, r.body));
  } else if (!blank && r.json === undefined && !(status === 204) && expectsJson(ctx) && !serverErrorOf(ctx)) {
    out.push(
      finding('RESPONSE_NOT_JSON', {
        title: `The server answered HTTP ${status} with a body that is not JSON`,
        evidence: [
          `response: HTTP ${status}`,
          `Content-Type: ${responseHeader(r, 'content-type') ?? '(none)'}`,
          `body starts: ${excerpt(r.body)}`,
        ],
      }),
    );
  }

  if (status === 429 || status === 503) {
    const ra = responseHeader(r, 'retry-after');
    const wait = ra ? retryAfterSeconds(ra, x.timings.startedAt) : undefined;
    out.push(
      finding('RATE_LIMITED', {
        title: `${status === 429 ? 'Rate limited (429 Too Many Requests)' : 'Service unavailable (503)'}${wait !== undefined ? `: retry in ${humanSeconds(wait)}` : ''}`,
        evidence: [`response: HTTP ${status}`, `Retry-After: ${ra ?? '(none)'}`, `attempts made: ${x.attempts}`],
        fix:
          wait !== undefined
            ? `Wait ${humanSeconds(wait)} (the server's Retry-After), then retry; each retry signs a new assertion.`
            : "Wait a little and retry; the server gave no Retry-After. If it persists, check the provider's rate limits.",
        action: {
          kind: 'retry-later',
          label: wait !== undefined ? `Retry in ${humanSeconds(wait)}` : 'Retry later',
          ...(wait !== undefined ? { args: { seconds: String(wait) } } : {}),
        },
      }),
    );
  } else if (status >= 500 && !namedClientError(ctx)) {
    out.push(
      finding('SERVER_ERROR', {
        title: `The server failed with HTTP ${status}`,
        evidence: [`response: HTTP ${status}`, ...(r.body ? [`body starts: ${excerpt(r.body)}`] : [])],
        action: { kind: 'retry', label: 'Retry' },
      }),
    );
  }

  const www = responseHeader(r, 'www-authenticate');
  if (status === 401 && www) {
    const challenge = primaryChallenge(parseChallenges(www));
    const scheme = challenge?.scheme ?? '(unknown)';
    const params = challenge?.params ?? {};
    const realm = params['realm'];
    out.push(
      finding('WWW_AUTHENTICATE', {
        title: `The server asks for ${scheme} authentication${params['error'] ? ` (error=${params['error']})` : ''}`,
        evidence: [
          `WWW-Authenticate: ${www.length > 300 ? `${www.slice(0, 297)}...` : www}`,
          `scheme: ${scheme}`,
          ...(realm ? [`realm: ${realm}`] : []),
          ...(params['error'] ? [`error: ${params['error']}`] : []),
          ...(params['error_description'] ? [`error_description: ${JSON.stringify(params['error_description'])}`] : []),
        ],
        fix: challengeFix(ctx, scheme),
      }),
    );
  }
  return out;
}

/** What a challenge asks for, said against what the request actually sent. */
function challengeFix(ctx: RuleContext, scheme: string): string {
  if (/^basic$/i.test(scheme)) {
    return ctx.methods.includes('client_secret_basic')
      ? 'The server refused the client id and secret of the Basic header: check both (form-encoded before base64), or switch to the method the client is registered for.'
      : `The server asks for HTTP Basic client authentication; this request sent ${ctx.methods.length ? ctx.methods.join(' + ') : 'no client authentication'}. Use client_secret_basic if the client has a secret.`;
  }
  if (/^(bearer|dpop)$/i.test(scheme))
    return `The server wants a valid ${scheme} access token: get a fresh token with the scopes this endpoint needs.`;
  return `Authenticate with the ${scheme} scheme the server names.`;
}

/** A 404: no endpoint at this URL; names the client's own URL for this kind of endpoint when known. */
function notFound(ctx: RuleContext, body: string): Finding {
  const x = ctx.exchange!;
  const known = ctx.endpoint ? ctx.urls[ctx.endpoint] : undefined;
  const other = known && normaliseUrl(known) !== normaliseUrl(x.request.url) ? known : undefined;
  return finding('ENDPOINT_NOT_FOUND', {
    title: `Nothing answers at ${safeUrl(x.request.url)} (HTTP 404)`,
    evidence: [
      `request: ${x.request.method} ${safeUrl(x.request.url)}`,
      'response: HTTP 404',
      isBlank(body) ? 'body: (empty)' : `body starts: ${excerpt(body)}`,
      ...(other ? [`the client's ${ctx.endpoint ?? ''} endpoint: ${safeUrl(other)}`] : []),
    ],
    fix: other
      ? `Use the client's ${ctx.endpoint ?? ''} endpoint ${safeUrl(other)}.`
      : "The path is wrong: take the exact endpoint URL from the server's discovery document (/.well-known/openid-configuration).",
    ...(other ? { action: { kind: 'use-endpoint' as const, label: "Use the client's endpoint", args: { url: other } } } : {}),
  });
}

/** The server named a client-side OAuth error (not server_error): a 5xx status does not make it a server failure. */
function namedClientError(ctx: RuleContext): boolean {
  const e = serverErrorOf(ctx);
  return e !== undefined && !e.implied && e.error !== 'server_error' && e.error !== 'temporarily_unavailable';
}

function expectsJson(ctx: RuleContext): boolean {
  return ctx.endpoint !== 'authorization' && ctx.endpoint !== 'revocation';
}

function transportTitle(code: string): string {
  switch (code) {
    case 'HTTP_TIMEOUT':
      return 'The request timed out';
    case 'HTTP_ABORTED':
      return 'The request was cancelled';
    case 'HTTP_TOO_LARGE':
      return 'The response was larger than the size limit';
    case 'HTTP_REDIRECT':
      return 'The endpoint redirected; the redirect was not followed';
    default:
      return 'No HTTP response: the connection failed';
  }
}

function withoutQuery(location: string, base: string): string {
  try {
    const u = new URL(location, base);
    return `${u.origin}${u.pathname}`;
  } catch {
    return location.split('?')[0] ?? location;
  }
}

function sameProviderUpgrade(from: string, to: string): boolean {
  try {
    const a = new URL(from);
    const b = new URL(to, from);
    return a.hostname === b.hostname && (b.protocol === 'https:' || a.protocol === b.protocol);
  } catch {
    return false;
  }
}

function redirectFix(from: string, location: string | undefined): string {
  if (!location) return 'The redirect has no Location header: check the endpoint URL against discovery.';
  try {
    const a = new URL(from);
    const b = new URL(location, from);
    if (a.protocol === 'http:' && b.protocol === 'https:' && a.hostname === b.hostname) {
      return `The server moved the endpoint to https: use ${safeUrl(b.href)} (credentials were not re-sent to it).`;
    }
    if (a.hostname === b.hostname && a.pathname !== b.pathname && a.pathname.replace(/\/$/, '') === b.pathname.replace(/\/$/, '')) {
      return `Only the trailing slash differs: use ${safeUrl(b.href)} exactly.`;
    }
    if (a.hostname === b.hostname && /login|signin|authorize/i.test(b.pathname)) {
      return 'The redirect goes to a login page: this URL is for browsers, not an API endpoint. Use the endpoint URL from discovery.';
    }
    if (a.hostname !== b.hostname) {
      return `The redirect points to another host (${b.host}); credentials are never followed there. Use the endpoint URL from discovery, and only that.`;
    }
    return `Use the endpoint URL from discovery; the server redirected to ${safeUrl(b.href)}.`;
  } catch {
    return 'Use the exact endpoint URL from discovery.';
  }
}

/** Retry-After as seconds (delta-seconds or HTTP date relative to the request start). */
export function retryAfterSeconds(value: string, startedAt: string): number | undefined {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  const base = Date.parse(startedAt);
  return Math.max(0, Math.round((date - (Number.isNaN(base) ? Date.now() : base)) / 1000));
}
