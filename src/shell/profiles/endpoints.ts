/**
 * The endpoints to display for a profile: its overrides win over discovery metadata
 * (the same precedence the core applies). Display and origin bookkeeping only.
 */
import type { ClientProfile, Endpoints, ServerMetadata } from '../../core';
import { ENDPOINT_NAMES } from './profile-schema';

const METADATA_FIELD: Record<keyof Endpoints, string> = {
  authorization: 'authorization_endpoint',
  token: 'token_endpoint',
  introspection: 'introspection_endpoint',
  revocation: 'revocation_endpoint',
  userinfo: 'userinfo_endpoint',
  jwks_uri: 'jwks_uri',
  pushed_authorization_request: 'pushed_authorization_request_endpoint',
  device_authorization: 'device_authorization_endpoint',
};

export interface EndpointEntry {
  name: keyof Endpoints;
  url: string;
  /** True when the profile sets it (not discovery). */
  override: boolean;
}

export function endpointList(profile: ClientProfile, metadata: ServerMetadata | undefined): EndpointEntry[] {
  const out: EndpointEntry[] = [];
  for (const name of ENDPOINT_NAMES) {
    const override = profile.endpoints?.[name];
    const discovered = metadata?.[METADATA_FIELD[name]];
    if (override) out.push({ name, url: override, override: true });
    else if (typeof discovered === 'string' && discovered !== '') out.push({ name, url: discovered, override: false });
  }
  return out;
}
