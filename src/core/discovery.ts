/**
 * OpenID Connect discovery and RFC 8414 authorization server metadata, with the
 * issuer check of SECURITY.md item 7 and endpoint resolution (profile overrides win).
 */
import { randomUUID } from 'node:crypto';
import { DiscoveryError, toErrorInfo } from './errors';
import { bodyExcerpt } from './http/excerpt';
import { assertSafeUrl } from './http/safe-url';
import { sendHttp, TransportError, type HttpOptions } from './http/transport';
import type { Exchange, ServerMetadata } from './types';

export { resolveEndpoints } from './resolve-endpoints';

export type WellKnown = 'openid-configuration' | 'oauth-authorization-server' | 'auto';

export interface DiscoverOptions {
  /** Sent as `?client_id=` (Okta answers per client). */
  clientId?: string;
  http?: HttpOptions;
  allowInsecureHttp?: boolean;
  /** Default `auto`: OIDC first, then RFC 8414. */
  wellKnown?: WellKnown;
}

/** A failed discovery, with every attempt's exchange for display. */
export class DiscoveryFailure extends DiscoveryError {
  constructor(
    code: 'DISCOVERY_FAILED' | 'DISCOVERY_ISSUER_MISMATCH',
    message: string,
    readonly exchanges: Exchange<ServerMetadata>[],
  ) {
    super(code, message);
  }
}

/** `issuer + /.well-known/openid-configuration` (OIDC Discovery §4). */
export function openidConfigurationUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path. */
export function oauthServerMetadataUrl(issuer: string): string {
  const u = new URL(issuer);
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.origin}/.well-known/oauth-authorization-server${path}`;
}

function withClientId(url: string, clientId?: string): string {
  if (!clientId) return url;
  const u = new URL(url);
  u.searchParams.set('client_id', clientId);
  return u.toString();
}

const ENDPOINT_FIELDS = [
  'authorization_endpoint',
  'token_endpoint',
  'introspection_endpoint',
  'revocation_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
  'pushed_authorization_request_endpoint',
  'device_authorization_endpoint',
] as const;

type Attempt =
  | { ok: true; metadata: ServerMetadata; exchange: Exchange<ServerMetadata> }
  | { ok: false; exchange: Exchange<ServerMetadata>; reason: string; notFound: boolean };

async function fetchMetadata(url: string, issuer: string, o: DiscoverOptions): Promise<Attempt> {
  const base = { id: randomUUID(), operation: 'discovery' as const, attempts: 1 };
  const request = { method: 'GET' as const, url, headers: [] };
  let res;
  try {
    res = await sendHttp(request, o.http);
  } catch (e) {
    const te = e instanceof TransportError ? e : undefined;
    const exchange: Exchange<ServerMetadata> = {
      ...base,
      request: te?.request ?? request,
      timings: te?.timings ?? { startedAt: new Date().toISOString(), totalMs: 0 },
      error: toErrorInfo(e),
      ...(te?.response ? { response: te.response } : {}),
    };
    if (te?.code === 'HTTP_ABORTED') throw new DiscoveryFailure('DISCOVERY_FAILED', `Discovery was cancelled (${url}).`, [exchange]);
    return { ok: false, exchange, reason: e instanceof Error ? e.message : String(e), notFound: false };
  }
  const exchange: Exchange<ServerMetadata> = { ...base, request: res.request, response: res.response, timings: res.timings };
  const { status, json, body } = res.response;
  const fail = (reason: string): Attempt => {
    exchange.error = toErrorInfo(new DiscoveryError('DISCOVERY_FAILED', reason));
    return { ok: false, exchange, reason, notFound: status === 404 };
  };
  if (status !== 200) return fail(`${url} answered HTTP ${status}${body ? `: "${bodyExcerpt(body)}"` : ''}.`);
  if (json === undefined)
    return fail(`${url} did not return JSON (${res.response.headers['content-type'] ?? 'no content type'}): "${bodyExcerpt(body)}".`);
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    return fail(
      `${url} returned ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json} instead of a metadata object: "${bodyExcerpt(body)}".`,
    );
  const doc = json as Record<string, unknown>;
  if (typeof doc.issuer !== 'string') return fail(`${url} returned metadata without an "issuer": "${bodyExcerpt(body)}".`);
  for (const f of ENDPOINT_FIELDS) {
    if (doc[f] !== undefined && typeof doc[f] !== 'string') return fail(`${url} returned "${f}" as ${typeof doc[f]}, not a URL string.`);
  }
  if (doc.issuer !== issuer) {
    // The server's issuer is quoted short, escaped and masked: it is server text like any other.
    const theirs = bodyExcerpt(doc.issuer);
    const reason =
      `The server's metadata says its issuer is "${theirs}", but the profile's issuer is "${issuer}". ` +
      `They must match exactly (OpenID Connect Discovery §4.3, RFC 8414 §3.3), or tokens could be accepted from the wrong server. ` +
      `Fix the issuer in the profile (copy it exactly, including any trailing slash) if "${theirs}" is the server you meant.`;
    exchange.error = toErrorInfo(new DiscoveryError('DISCOVERY_ISSUER_MISMATCH', reason));
    throw new DiscoveryFailure('DISCOVERY_ISSUER_MISMATCH', reason, [exchange]);
  }
  exchange.result = doc as ServerMetadata;
  return { ok: true, metadata: doc as ServerMetadata, exchange };
}

/**
 * Fetches the issuer's metadata. `auto` tries `{issuer}/.well-known/openid-configuration`,
 * then RFC 8414 `{origin}/.well-known/oauth-authorization-server{path}`. The returned
 * `issuer` must equal `issuer` exactly.
 * @throws ConfigError (bad or insecure issuer URL, nothing sent);
 *   DiscoveryFailure DISCOVERY_ISSUER_MISMATCH | DISCOVERY_FAILED, with the exchanges tried
 */
export async function discover(
  issuer: string,
  options: DiscoverOptions = {},
): Promise<{ metadata: ServerMetadata; exchange: Exchange<ServerMetadata> }> {
  assertSafeUrl(issuer, options.allowInsecureHttp);
  const mode = options.wellKnown ?? 'auto';
  const urls: string[] = [];
  if (mode !== 'oauth-authorization-server') urls.push(openidConfigurationUrl(issuer));
  if (mode !== 'openid-configuration') urls.push(oauthServerMetadataUrl(issuer));

  const failures: Extract<Attempt, { ok: false }>[] = [];
  for (const url of urls) {
    const attempt = await fetchMetadata(withClientId(url, options.clientId), issuer, options);
    if (attempt.ok) return { metadata: attempt.metadata, exchange: attempt.exchange };
    failures.push(attempt);
  }
  const detail = failures.map((f) => `- ${f.reason}`).join('\n');
  const hint = failures.every((f) => f.notFound)
    ? ' Check the issuer URL (Okta custom servers look like https://org.okta.com/oauth2/default), or set the endpoints in the profile if the server has no discovery.'
    : '';
  throw new DiscoveryFailure(
    'DISCOVERY_FAILED',
    `Discovery for ${issuer} failed:\n${detail}${hint}`,
    failures.map((f) => f.exchange),
  );
}
