/**
 * Drift check of a shared client file against discovery: the endpoints the file pins
 * (overrides) and its auth method compared with what the server's metadata says today.
 */
import type { ClientProfile, EndpointName, ServerMetadata } from '../types';
import { ENDPOINT_NAMES } from './definition';

/** The metadata field that names each endpoint. */
const METADATA_FIELD: Record<EndpointName, string> = {
  authorization: 'authorization_endpoint',
  token: 'token_endpoint',
  introspection: 'introspection_endpoint',
  revocation: 'revocation_endpoint',
  userinfo: 'userinfo_endpoint',
  jwks_uri: 'jwks_uri',
  pushed_authorization_request: 'pushed_authorization_request_endpoint',
  device_authorization: 'device_authorization_endpoint',
};

export interface DriftItem {
  /** What differs: an endpoint name, or `authMethod`. */
  field: EndpointName | 'authMethod';
  /** The file's value. */
  configured: string;
  /** What discovery says (undefined: the server does not advertise it). */
  discovered?: string;
  /** One sentence: what differs and what to do. */
  message: string;
}

/** Differences between a profile's pinned endpoints / auth method and the server's metadata. */
export function endpointDrift(profile: ClientProfile, metadata: ServerMetadata): DriftItem[] {
  const out: DriftItem[] = [];
  for (const name of ENDPOINT_NAMES) {
    const configured = profile.endpoints?.[name];
    if (!configured) continue;
    const raw = metadata[METADATA_FIELD[name]];
    const discovered = typeof raw === 'string' && raw !== '' ? raw : undefined;
    if (discovered === configured) continue;
    out.push({
      field: name,
      configured,
      ...(discovered ? { discovered } : {}),
      message: discovered
        ? `"${profile.name}": the file pins the ${name} endpoint to ${configured}, discovery says ${discovered}. Remove the override or update it.`
        : `"${profile.name}": the file pins the ${name} endpoint to ${configured}; the server's metadata advertises none.`,
    });
  }
  const methods = metadata.token_endpoint_auth_methods_supported;
  if (Array.isArray(methods) && methods.length > 0 && !methods.includes(profile.authMethod)) {
    out.push({
      field: 'authMethod',
      configured: profile.authMethod,
      message: `"${profile.name}": the file says ${profile.authMethod}, but the server supports only ${methods.join(', ')} at the token endpoint.`,
    });
  }
  return out;
}
