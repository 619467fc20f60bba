/**
 * Provider recognition from the issuer URL, and what each provider expects that
 * the standards leave open (assertion audience, scope shape, introspection).
 */
import { finding, type Finding } from './findings';
import { detectProvider } from './provider-kind';

export { detectProvider, type ProviderInfo, type ProviderKind } from './provider-kind';

/**
 * Everything worth knowing about the provider behind `issuer`, as `info` findings
 * with links to the provider's documentation. Empty for unrecognised servers.
 */
export function providerHints(issuer: string): Finding[] {
  const p = detectProvider(issuer);
  const ev = [`issuer: ${issuer}`];
  switch (p.kind) {
    case 'okta': {
      const out: Finding[] = [];
      if (p.oktaOrgServer) out.push(oktaOrgServerHint(issuer));
      out.push(
        finding('PROVIDER_OKTA_ASSERTION_AUD', {
          title: 'Okta: the assertion aud must be the full URL of the endpoint being called',
          evidence: ev,
        }),
        finding('PROVIDER_OKTA_SAME_CLIENT_AUTH', {
          title: 'Okta: introspection and revocation need the same client authentication as the token request',
          evidence: ev,
        }),
      );
      return out;
    }
    case 'entra':
      return [
        finding('PROVIDER_ENTRA_ASSERTION_AUD', { title: 'Entra ID: the assertion aud is the token endpoint', evidence: ev }),
        finding('PROVIDER_ENTRA_SCOPE_DEFAULT', { title: 'Entra ID: client credentials need scope=<resource>/.default', evidence: ev }),
        finding('PROVIDER_ENTRA_NO_INTROSPECTION', { title: 'Entra ID has no introspection endpoint', evidence: ev }),
      ];
    case 'auth0':
      return [
        finding('PROVIDER_AUTH0_AUDIENCE_PARAM', {
          title: 'Auth0: send the audience parameter to get an access token for your API',
          evidence: ev,
        }),
        finding('PROVIDER_AUTH0_ASSERTION_AUD', {
          title: 'Auth0: the assertion aud is the tenant URL with its trailing slash',
          evidence: ev,
        }),
      ];
    case 'keycloak':
      return [
        finding('PROVIDER_KEYCLOAK_ASSERTION_AUD', {
          title: 'Keycloak: the assertion aud is the realm issuer or the token endpoint',
          evidence: ev,
        }),
        finding('PROVIDER_KEYCLOAK_INTROSPECTION', {
          title: 'Keycloak: introspection is at …/protocol/openid-connect/token/introspect, with the same client authentication',
          evidence: [...ev, `introspection endpoint: ${issuer.replace(/\/$/, '')}/protocol/openid-connect/token/introspect`],
        }),
      ];
    default:
      return [];
  }
}

/** The Okta org-server hint, reused by the token-issuer check. */
export function oktaOrgServerHint(issuer: string): Finding {
  const origin = safeOrigin(issuer) ?? issuer;
  return finding('PROVIDER_OKTA_ORG_SERVER', {
    title: "Okta org authorization server: its access tokens are for Okta's own APIs only",
    evidence: [`issuer: ${issuer} (no /oauth2/<authorizationServerId> in the path)`],
    fix: `For your own APIs use a custom authorization server, e.g. issuer ${origin}/oauth2/default.`,
  });
}

function safeOrigin(u: string): string | undefined {
  try {
    return new URL(u).origin;
  } catch {
    return undefined;
  }
}
