/**
 * RFC 9728 protected resource metadata: which authorization server(s) and scopes an API
 * wants. Fetched (without any credential) from the `resource_metadata` URL a 401's
 * `WWW-Authenticate` names; the document's `resource` must be the API the client
 * called (§3.3, §7.3: a mismatching document is not used).
 */
import { assertSafeUrl } from '../http/safe-url';
import { sendHttp, type HttpOptions } from '../http/transport';
import type { ProtectedResourceMetadata, ResourceMetadataLookup } from '../types';

/** True when `resource` identifies the API at `calledUrl`: same origin, and its path is a prefix. */
export function resourceMatches(resource: string, calledUrl: string): boolean {
  try {
    const r = new URL(resource);
    const c = new URL(calledUrl);
    return r.origin === c.origin && c.pathname.startsWith(r.pathname.replace(/\/$/, ''));
  } catch {
    return false;
  }
}

/**
 * Fetches and checks the metadata document at `metadataUrl` for an API called at `calledUrl`.
 * Never rejects: a problem is reported in `problem`.
 */
export async function fetchResourceMetadata(
  metadataUrl: string,
  calledUrl: string,
  o: { http?: HttpOptions; allowInsecureHttp?: boolean } = {},
): Promise<ResourceMetadataLookup> {
  const out = (problem: string): ResourceMetadataLookup => ({ url: metadataUrl, problem });
  try {
    assertSafeUrl(metadataUrl, o.allowInsecureHttp);
  } catch (e) {
    return out(e instanceof Error ? e.message : String(e));
  }
  let json: unknown;
  try {
    const { response } = await sendHttp({ method: 'GET', url: metadataUrl, headers: [] }, o.http);
    if (response.status !== 200) return out(`the metadata URL answered HTTP ${response.status}`);
    json = response.json;
  } catch (e) {
    return out(e instanceof Error ? e.message : String(e));
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return out('the metadata is not a JSON object');
  const m = json as ProtectedResourceMetadata;
  if (typeof m.resource !== 'string' || !resourceMatches(m.resource, calledUrl)) {
    return out(`its "resource" (${JSON.stringify(m.resource)}) is not the API that was called (RFC 9728 §3.3); it is not used`);
  }
  const strings = (v: unknown): string[] | undefined =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  const metadata: ProtectedResourceMetadata = { ...m };
  const as = strings(m.authorization_servers);
  const scopes = strings(m.scopes_supported);
  if (as) metadata.authorization_servers = as;
  else delete metadata.authorization_servers;
  if (scopes) metadata.scopes_supported = scopes;
  else delete metadata.scopes_supported;
  return { url: metadataUrl, metadata };
}
