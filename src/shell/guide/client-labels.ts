/**
 * How a client's authentication method and assertion audience are named to the user —
 * one wording for the Add Client guide and Edit Client. Pure.
 */
import { detectProvider, type AudienceMode, type ClientAuthMethod, type DpopMode } from '../../core/essentials';

export const METHOD_DETAIL: Record<ClientAuthMethod, string> = {
  private_key_jwt: 'Signed JWT with your private key (the provider holds the public key). Most secure.',
  client_secret_basic: 'Client id and secret in the HTTP Basic header.',
  client_secret_post: 'Client id and secret in the form body.',
  client_secret_jwt: 'JWT signed with the client secret (HMAC).',
  none: 'Public client: client_id only (no client authentication).',
  tls_client_auth: 'Mutual TLS with a CA-issued client certificate (RFC 8705); the server matches its subject.',
  self_signed_tls_client_auth: 'Mutual TLS with a self-signed certificate registered at the server (RFC 8705).',
};

export const DPOP_LABEL: Record<DpopMode, string> = { off: 'Off', auto: 'Auto', always: 'Always' };

export const DPOP_DETAIL: Record<DpopMode, string> = {
  off: 'Bearer tokens — choose this unless the client is registered for DPoP',
  auto: 'Proofs whenever the server advertises DPoP; tokens are bound to the DPoP key',
  always: 'Proofs on every token request — e.g. Okta apps with "Require DPoP"',
};

export const AUDIENCE_LABEL: Record<AudienceMode, string> = {
  issuer: 'issuer',
  endpoint: 'endpoint URL',
  token_endpoint: 'token endpoint',
  custom: 'custom',
};

export const AUDIENCE_DETAIL: Record<AudienceMode, string> = {
  issuer: 'The issuer identifier — the RFC 7523bis default; oidc-provider, Auth0, Keycloak',
  endpoint: 'The URL of the endpoint being called — what Okta requires',
  token_endpoint: 'Always the token endpoint — Entra ID and many older servers',
  custom: 'A value you type',
};

/** The provider-aware default audience mode for an issuer (e.g. `endpoint` for Okta). */
export function defaultAudience(issuer: string): AudienceMode {
  return detectProvider(issuer).acceptedAudiences[0] ?? 'issuer';
}

/** "endpoint URL", or "custom: https://…" — the audience of a profile as the guide names it. */
export function audienceText(audience: AudienceMode | undefined, custom?: string): string {
  const mode = audience ?? 'issuer';
  return mode === 'custom' ? `custom: ${custom ?? ''}` : AUDIENCE_LABEL[mode];
}
