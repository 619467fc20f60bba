/**
 * The authentication provider must be registered at activation: another extension's
 * `getSession` activates us (onAuthenticationRequest) and expects it. This stand-in is
 * registered instead; its first call loads the workbench, whose provider answers from
 * then on (and whose session changes it forwards). While no client is signed in,
 * `getSessions` (which VS Code calls at startup for the Accounts menu) answers "none"
 * without loading anything: the real provider would return no session either.
 */
import * as vscode from 'vscode';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL } from '../auth/provider-id';
import { signedInClients } from '../auth/signed-in';

type SessionsChange = vscode.AuthenticationProviderAuthenticationSessionsChangeEvent;

/** Registers the stand-in; dispose to unregister. */
export function registerDeferredAuthProvider(state: vscode.Memento, load: () => Promise<vscode.AuthenticationProvider>): vscode.Disposable {
  const changed = new vscode.EventEmitter<SessionsChange>();
  let forwarding: vscode.Disposable | undefined;
  const real = async (): Promise<vscode.AuthenticationProvider> => {
    const p = await load();
    forwarding ??= p.onDidChangeSessions((e) => changed.fire(e));
    return p;
  };
  const registration = vscode.authentication.registerAuthenticationProvider(
    AUTH_PROVIDER_ID,
    AUTH_PROVIDER_LABEL,
    {
      onDidChangeSessions: changed.event,
      getSessions: async (scopes, options) => (signedInClients(state).length === 0 ? [] : (await real()).getSessions(scopes, options)),
      createSession: async (scopes, options) => (await real()).createSession(scopes, options),
      removeSession: async (id) => (await real()).removeSession(id),
    },
    { supportsMultipleAccounts: true },
  );
  return vscode.Disposable.from(registration, changed, {
    dispose: () => {
      forwarding?.dispose();
    },
  });
}
