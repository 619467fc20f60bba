/**
 * The endpoints to display for a profile: the core's resolveEndpoints (its overrides
 * win over discovery metadata), in display order and marked where the profile sets
 * them. Display and origin bookkeeping only.
 */
import { resolveEndpoints, type ClientProfile, type Endpoints, type ServerMetadata } from '../../core/essentials';
import { ENDPOINT_NAMES } from './profile-schema';

export interface EndpointEntry {
  name: keyof Endpoints;
  url: string;
  /** True when the profile sets it (not discovery). */
  override: boolean;
}

export function endpointList(profile: ClientProfile, metadata: ServerMetadata | undefined): EndpointEntry[] {
  const resolved = resolveEndpoints(profile, metadata);
  const out: EndpointEntry[] = [];
  for (const name of ENDPOINT_NAMES) {
    const url = resolved[name];
    if (url) out.push({ name, url, override: Boolean(profile.endpoints?.[name]) });
  }
  return out;
}
