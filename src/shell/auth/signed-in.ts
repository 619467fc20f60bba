/**
 * The clients signed in through the authentication provider (profile ids, globalState).
 * Apart from auth-provider.ts: the provider's stand-in answers "no sessions" from it at
 * startup without loading the workbench.
 */
import type * as vscode from 'vscode';

const SIGNED_IN_KEY = 'oauthWorkbench.authSessions.v1';

export function signedInClients(state: vscode.Memento): string[] {
  const v: unknown = state.get(SIGNED_IN_KEY);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export async function setSignedInClients(state: vscode.Memento, ids: string[]): Promise<void> {
  await state.update(SIGNED_IN_KEY, [...new Set(ids)]);
}
