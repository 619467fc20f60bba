/** The authentication provider's id and label (the manifest's onAuthenticationRequest event names the id). */
export const AUTH_PROVIDER_ID = 'oauth-workbench';
export const AUTH_PROVIDER_LABEL = 'OAuth Workbench';
