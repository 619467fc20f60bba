/**
 * Which endpoints a panel call sends credentials to (client authentication or a
 * token), so the origin of EVERY one of them is checked before the first request
 * goes out (SECURITY.md 6) — not only the first: the device flow polls the token
 * endpoint, and the authorization code flow may push its request (PAR) first.
 * Pure (no vscode), tested in plain node.
 */
import { usesPar, type CallContext, type Endpoints } from '../../core';
import type { PanelCall } from './draft-call';

/** The credentialed endpoints of `call`, in the order the core contacts them. */
export function credentialedEndpoints(call: PanelCall, ctx: Pick<CallContext, 'profile' | 'metadata'>): (keyof Endpoints)[] {
  switch (call.operation) {
    case 'introspect':
      return ['introspection'];
    case 'revoke':
      return ['revocation'];
    case 'userinfo':
      return ['userinfo'];
    case 'device_code':
      return ['device_authorization', 'token'];
    case 'authorization_code':
      // The same decision the core's authorizationCode() makes.
      return usesPar(ctx.profile, ctx.metadata, call.options.usePar) ? ['pushed_authorization_request', 'token'] : ['token'];
    default:
      return ['token'];
  }
}
