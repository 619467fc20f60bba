/** Whether a client presents its certificate: apart from use.ts, so that resolving endpoints loads no HTTP client. */
import type { ClientAuthMethod, ClientProfile } from '../types';

/** The auth methods whose authentication IS the client certificate. */
export const TLS_AUTH_METHODS: readonly ClientAuthMethod[] = ['tls_client_auth', 'self_signed_tls_client_auth'];

/** True when the client presents its certificate on credentialed requests. */
export function usesMtls(profile: Pick<ClientProfile, 'authMethod' | 'mtls'>): boolean {
  return profile.mtls === true || TLS_AUTH_METHODS.includes(profile.authMethod);
}
