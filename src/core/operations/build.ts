/**
 * `buildOperation(name, params)`: the pure "make request" step for any
 * non-interactive operation, for previews (the request panel shows exactly what
 * will be sent before anything is signed) and for {@link runOperation}.
 */
import { ConfigError } from '../errors';
import type { ClientProfile } from '../types';
import {
  introspectionRequest,
  revocationRequest,
  userinfoRequest,
  type IntrospectParams,
  type RevokeParams,
  type UserinfoParams,
} from './endpoints';
import {
  clientCredentialsRequest,
  jwtBearerRequest,
  passwordRequest,
  refreshTokenRequest,
  tokenExchangeRequest,
  type ClientCredentialsParams,
  type JwtBearerParams,
  type PasswordParams,
  type RefreshTokenParams,
  type TokenExchangeParams,
} from './grants';
import type { OperationRequest } from './request';

/** Parameters of each buildable operation. */
export interface OperationParams {
  client_credentials: ClientCredentialsParams;
  refresh_token: RefreshTokenParams;
  jwt_bearer: JwtBearerParams;
  token_exchange: TokenExchangeParams;
  password: PasswordParams;
  introspect: IntrospectParams;
  revoke: RevokeParams;
  userinfo: UserinfoParams;
}

/** Pure: which endpoint, method and parameters an operation sends (before client auth). */
export function buildOperation<K extends keyof OperationParams>(
  operation: K,
  params: OperationParams[K],
  profile?: Pick<ClientProfile, 'scope' | 'resource'>,
): OperationRequest {
  const defaults = profile ? { scope: profile.scope, resource: profile.resource } : undefined;
  switch (operation) {
    case 'client_credentials':
      return clientCredentialsRequest(params as ClientCredentialsParams, defaults);
    case 'refresh_token':
      return refreshTokenRequest(params as RefreshTokenParams);
    case 'jwt_bearer':
      return jwtBearerRequest(params as JwtBearerParams, defaults);
    case 'token_exchange':
      return tokenExchangeRequest(params as TokenExchangeParams);
    case 'password':
      return passwordRequest(params as PasswordParams);
    case 'introspect':
      return introspectionRequest(params as IntrospectParams);
    case 'revoke':
      return revocationRequest(params as RevokeParams);
    case 'userinfo':
      return userinfoRequest(params as UserinfoParams);
    default:
      throw new ConfigError('CONFIG_INVALID', `Unknown operation "${String(operation)}".`);
  }
}
