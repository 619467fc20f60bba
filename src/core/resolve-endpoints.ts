/** Endpoint resolution, apart from discovery so that reading endpoints loads no HTTP client. */
import { usesMtls } from './mtls/uses-mtls';
import type { ClientProfile, Endpoints, ServerMetadata } from './types';

/** The endpoints to call: the profile's overrides win over discovered metadata. */
export function resolveEndpoints(profile: ClientProfile, metadata?: ServerMetadata): Endpoints {
  const o = profile.endpoints ?? {};
  const m = withMtlsAliases(profile, metadata ?? {});
  const pick = (a: string | undefined, b: unknown): string | undefined => a || (typeof b === 'string' && b ? b : undefined);
  const out: Endpoints = {};
  const set = (k: keyof Endpoints, v: string | undefined): void => {
    if (v) out[k] = v;
  };
  set('authorization', pick(o.authorization, m.authorization_endpoint));
  set('token', pick(o.token, m.token_endpoint));
  set('introspection', pick(o.introspection, m.introspection_endpoint));
  set('revocation', pick(o.revocation, m.revocation_endpoint));
  set('userinfo', pick(o.userinfo, m.userinfo_endpoint));
  set('jwks_uri', pick(o.jwks_uri, m.jwks_uri));
  set('pushed_authorization_request', pick(o.pushed_authorization_request, m.pushed_authorization_request_endpoint));
  set('device_authorization', pick(o.device_authorization, m.device_authorization_endpoint));
  return out;
}

/**
 * RFC 8705 §5: a client that presents a certificate uses the server's
 * `mtls_endpoint_aliases` instead of the plain endpoints (profile overrides still win).
 */
function withMtlsAliases(profile: ClientProfile, m: Partial<ServerMetadata>): Partial<ServerMetadata> {
  const aliases = m.mtls_endpoint_aliases;
  if (!usesMtls(profile) || aliases === null || typeof aliases !== 'object') return m;
  const out: Partial<ServerMetadata> = { ...m };
  for (const [name, url] of Object.entries(aliases)) {
    if (typeof url === 'string' && url && name.endsWith('_endpoint')) out[name] = url;
  }
  return out;
}
