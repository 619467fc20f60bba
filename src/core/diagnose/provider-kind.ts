/**
 * Provider recognition from the issuer URL (host for SaaS, path shape for Keycloak),
 * without the findings catalogue: the guide and the status bar use it at activation.
 */
import type { AudienceMode } from '../types';

export type ProviderKind = 'okta' | 'entra' | 'auth0' | 'keycloak' | 'generic';

/** What the diagnosis knows about the provider behind an issuer. */
export interface ProviderInfo {
  kind: ProviderKind;
  /** Human name, e.g. "Okta (custom authorization server default)". */
  name: string;
  /** Okta only: org authorization server (no /oauth2/<id>). */
  oktaOrgServer?: boolean;
  /**
   * Audience modes this provider accepts for client assertions, preferred first.
   * `generic`: the union oidc-provider and RFC 7523bis servers accept.
   */
  acceptedAudiences: AudienceMode[];
}

const OKTA_HOST = /(^|\.)(okta|oktapreview|okta-emea|okta-gov|okta-mil|trexcloud)\.com$/i;
const ENTRA_HOST = /^(login\.microsoftonline\.(com|us)|login\.partner\.microsoftonline\.cn|login\.chinacloudapi\.cn|sts\.windows\.net)$/i;
const AUTH0_HOST = /(^|\.)auth0\.com$/i;
const KEYCLOAK_PATH = /\/realms\/[^/]+\/?$/;

/** Recognises the provider from the issuer (host for SaaS, path shape for Keycloak). */
export function detectProvider(issuer: string | undefined): ProviderInfo {
  const generic: ProviderInfo = { kind: 'generic', name: 'this server', acceptedAudiences: ['issuer', 'token_endpoint', 'endpoint'] };
  if (!issuer) return generic;
  let host: string;
  let path: string;
  try {
    const u = new URL(issuer);
    host = u.hostname;
    path = u.pathname;
  } catch {
    return generic;
  }
  if (OKTA_HOST.test(host) || /\/oauth2\/(default|aus[0-9A-Za-z]+)\/?$/.test(path)) {
    const custom = /\/oauth2\/([^/]+)\/?$/.exec(path);
    return custom
      ? { kind: 'okta', name: `Okta (custom authorization server ${custom[1]})`, oktaOrgServer: false, acceptedAudiences: ['endpoint'] }
      : { kind: 'okta', name: 'Okta (org authorization server)', oktaOrgServer: true, acceptedAudiences: ['endpoint'] };
  }
  if (ENTRA_HOST.test(host)) return { kind: 'entra', name: 'Microsoft Entra ID', acceptedAudiences: ['token_endpoint'] };
  if (AUTH0_HOST.test(host)) return { kind: 'auth0', name: 'Auth0', acceptedAudiences: ['issuer'] };
  if (KEYCLOAK_PATH.test(path)) return { kind: 'keycloak', name: 'Keycloak', acceptedAudiences: ['issuer', 'token_endpoint', 'endpoint'] };
  return generic;
}
