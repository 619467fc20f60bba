/**
 * Finds the authorization server behind an endpoint URL (a pasted curl names
 * `https://x.okta.com/oauth2/default/v1/introspect`, not the issuer): tries the URL's
 * path prefixes as issuers, longest first, and keeps the first whose metadata
 * lists the URL as one of its endpoints.
 */
import { discover, DiscoveryFailure, type DiscoverOptions } from './discovery';
import type { Exchange, ServerMetadata } from './types';

/** At most this many issuer candidates are tried (each costs up to two requests). */
export const MAX_ISSUER_CANDIDATES = 6;

/**
 * Issuer candidates for an endpoint URL: its path prefixes, longest first, ending with
 * the bare origin (`https://h/a/b/token` → `https://h/a/b`, `https://h/a`, `https://h`).
 */
export function issuerCandidates(endpointUrl: string): string[] {
  const u = new URL(endpointUrl);
  const segments = u.pathname.split('/').filter(Boolean);
  const out: string[] = [];
  for (let n = segments.length - 1; n >= 0; n--) out.push(n === 0 ? u.origin : `${u.origin}/${segments.slice(0, n).join('/')}`);
  // Some issuers (Auth0) carry a trailing slash: try the origin with it too.
  out.push(`${u.origin}/`);
  // Deep paths: keep the shorter prefixes, where issuers live (Keycloak: /realms/<realm>).
  return out.slice(-MAX_ISSUER_CANDIDATES);
}

function listsEndpoint(metadata: ServerMetadata, endpointUrl: string): boolean {
  const want = endpointUrl.replace(/\/+$/, '');
  return Object.entries(metadata).some(
    ([k, v]) => (k.endsWith('_endpoint') || k === 'jwks_uri') && typeof v === 'string' && v.replace(/\/+$/, '') === want,
  );
}

/**
 * Discovers the server whose metadata names `endpointUrl`. Resolves `undefined` when no
 * candidate answers with metadata (a server without discovery); a candidate whose
 * metadata answers but does not list the URL is used only when no better one exists.
 */
export async function discoverFromEndpointUrl(
  endpointUrl: string,
  options: DiscoverOptions = {},
): Promise<{ issuer: string; metadata: ServerMetadata; exchanges: Exchange<ServerMetadata>[]; listsEndpoint: boolean } | undefined> {
  const exchanges: Exchange<ServerMetadata>[] = [];
  let fallback: { issuer: string; metadata: ServerMetadata } | undefined;
  for (const issuer of issuerCandidates(endpointUrl)) {
    options.http?.signal?.throwIfAborted();
    try {
      const { metadata, exchange } = await discover(issuer, options);
      exchanges.push(exchange);
      if (listsEndpoint(metadata, endpointUrl)) return { issuer, metadata, exchanges, listsEndpoint: true };
      fallback ??= { issuer, metadata };
    } catch (e) {
      // Not an issuer (404, mismatch): try the next prefix. Anything else (bad URL) stops.
      if (!(e instanceof DiscoveryFailure)) throw e;
      exchanges.push(...e.exchanges);
    }
  }
  return fallback ? { ...fallback, exchanges, listsEndpoint: false } : undefined;
}
