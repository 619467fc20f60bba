/**
 * What each panel operation shows in the form and which token kinds it accepts.
 * Shared by the webview (which fields to show) and the host (which fields to read),
 * so the two can never disagree about an operation's parameters.
 */
import type { Draft, PanelOperation, TokenKind } from './protocol';

export type DraftField = Exclude<keyof Draft, 'operation'>;

export interface OperationInfo {
  label: string;
  /** Short explanation under the picker. */
  hint: string;
  legacy?: boolean;
  /** Draft fields this operation reads. */
  fields: readonly DraftField[];
  /** Token kinds offered in the `token` picker (when it has one). */
  tokenKinds?: readonly TokenKind[];
  /** Whether the request authenticates the client (and may carry an assertion). */
  authenticatesClient: boolean;
  /** What the `extra` list is called for this operation (default: extra parameters). */
  extraLabel?: string;
}

const GRANT_COMMON: readonly DraftField[] = ['scope', 'resource', 'extra', 'audienceMode'];

export const OPERATIONS: Record<PanelOperation, OperationInfo> = {
  client_credentials: {
    label: 'Client credentials',
    hint: 'A token for the client itself (RFC 6749 §4.4).',
    fields: ['scope', 'resource', 'audience', 'extra', 'audienceMode'],
    authenticatesClient: true,
  },
  refresh_token: {
    label: 'Refresh token',
    hint: 'Exchange a refresh token for a new access token (RFC 6749 §6).',
    fields: ['token', 'pastedToken', ...GRANT_COMMON],
    tokenKinds: ['refresh_token'],
    authenticatesClient: true,
  },
  authorization_code: {
    label: 'Authorization code + PKCE',
    hint: 'Opens the browser to sign in; a loopback listener on 127.0.0.1 receives the code (S256 PKCE, state and nonce checked).',
    fields: ['scope', 'resource', 'prompt', 'usePar', 'extra', 'audienceMode'],
    authenticatesClient: true,
  },
  device_code: {
    label: 'Device code',
    hint: 'Shows a user code to enter at the verification page, then polls the token endpoint (RFC 8628).',
    fields: ['scope', 'extra', 'audienceMode'],
    authenticatesClient: true,
  },
  jwt_bearer: {
    label: 'JWT bearer grant',
    hint: 'Exchange a signed JWT for a token (RFC 7523 §2.1): signed with the profile key, or pasted.',
    fields: ['assertionSource', 'assertionSubject', 'pastedAssertion', 'scope', 'resource', 'audience', 'extra', 'audienceMode'],
    authenticatesClient: true,
  },
  token_exchange: {
    label: 'Token exchange',
    hint: 'Exchange a subject token for another token (RFC 8693).',
    fields: [
      'token',
      'pastedToken',
      'subjectTokenType',
      'requestedTokenType',
      'actorToken',
      'pastedActorToken',
      'actorTokenType',
      'scope',
      'resource',
      'audience',
      'extra',
      'audienceMode',
    ],
    tokenKinds: ['access_token', 'id_token', 'refresh_token'],
    authenticatesClient: true,
  },
  password: {
    label: 'Password (legacy)',
    hint: 'Resource owner password credentials. Deprecated by OAuth 2.0 Security BCP (RFC 9700 §2.4): use only against test servers.',
    legacy: true,
    fields: ['username', 'password', 'scope', 'extra', 'audienceMode'],
    authenticatesClient: true,
  },
  introspect: {
    label: 'Introspect',
    hint: 'Ask the server whether a token is active (RFC 7662), with the client’s own authentication.',
    fields: ['token', 'pastedToken', 'tokenTypeHint', 'extra', 'audienceMode'],
    tokenKinds: ['access_token', 'refresh_token'],
    authenticatesClient: true,
  },
  revoke: {
    label: 'Revoke',
    hint: 'Revoke a token (RFC 7009), with the client’s own authentication.',
    fields: ['token', 'pastedToken', 'tokenTypeHint', 'extra', 'audienceMode'],
    tokenKinds: ['access_token', 'refresh_token'],
    authenticatesClient: true,
  },
  userinfo: {
    label: 'UserInfo',
    hint: 'Call the UserInfo endpoint with an access token (OpenID Connect Core §5.3).',
    fields: ['token', 'pastedToken'],
    tokenKinds: ['access_token'],
    authenticatesClient: false,
  },
  call_api: {
    label: 'Call API',
    hint: 'Call a resource server with an access token: Bearer, or for a DPoP-bound token DPoP with a fresh proof carrying ath (RFC 9449 §7).',
    fields: ['apiMethod', 'apiUrl', 'token', 'pastedToken', 'extra', 'apiBody'],
    tokenKinds: ['access_token'],
    authenticatesClient: false,
    extraLabel: 'Headers',
  },
};

/** Whether `op` reads `field`. */
export function usesField(op: PanelOperation, field: DraftField): boolean {
  return OPERATIONS[op].fields.includes(field);
}
