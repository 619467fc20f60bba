/**
 * Sends a {@link PanelCall} with the core function it names — the same PanelCall the
 * preview was built from. Pure core calls (no vscode), so tests run it in plain node.
 */
import {
  authorizationCode,
  callApi,
  clientCredentials,
  deviceCode,
  introspect,
  jwtBearerGrant,
  passwordGrant,
  refreshToken,
  revoke,
  tokenExchange,
  userinfo,
  type CallContext,
  type Exchange,
  type UserCodeInfo,
  type VerifyResult,
} from '../../core';
import type { PanelCall } from './draft-call';

export interface RunHooks {
  signal: AbortSignal;
  progress(message: string): void;
  /** Device flow: show the user code. */
  userCode(info: UserCodeInfo): void;
  /** Authorization code flow: open the browser. */
  openBrowser(url: string): Promise<void>;
}

/** Runs the call; the interactive flows get the hooks' browser opener, user-code display and cancel signal. */
export async function sendCall(
  ctx: CallContext,
  call: PanelCall,
  hooks: RunHooks,
): Promise<{ exchanges: Exchange[]; idToken?: VerifyResult }> {
  switch (call.operation) {
    case 'client_credentials':
      return { exchanges: [await clientCredentials(ctx, call.params)] };
    case 'refresh_token':
      return { exchanges: [await refreshToken(ctx, call.params)] };
    case 'jwt_bearer':
      return { exchanges: [await jwtBearerGrant(ctx, call.params)] };
    case 'token_exchange':
      return { exchanges: [await tokenExchange(ctx, call.params)] };
    case 'password':
      return { exchanges: [await passwordGrant(ctx, call.params)] };
    case 'introspect':
      return { exchanges: [await introspect(ctx, call.params)] };
    case 'revoke':
      return { exchanges: [await revoke(ctx, call.params)] };
    case 'userinfo':
      return { exchanges: [await userinfo(ctx, call.params)] };
    case 'call_api':
      return { exchanges: [await callApi(ctx, call.params)] };
    case 'authorization_code': {
      hooks.progress('Waiting for you to sign in in the browser…');
      const r = await authorizationCode(ctx, { ...call.options, openBrowser: (url) => hooks.openBrowser(url), signal: hooks.signal });
      return { exchanges: r.exchanges, ...(r.idToken ? { idToken: r.idToken } : {}) };
    }
    case 'device_code': {
      hooks.progress('Asking for a user code…');
      const r = await deviceCode(ctx, {
        ...call.options,
        signal: hooks.signal,
        onUserCode: (info) => {
          hooks.progress('Waiting for approval at the verification page…');
          hooks.userCode(info);
        },
      });
      return { exchanges: r.exchanges };
    }
  }
}
