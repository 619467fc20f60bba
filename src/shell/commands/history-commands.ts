/**
 * The history's own command: clear a client's history (memory and disk), after a
 * confirmation when interactive. Recording happens in the ExchangeRunner.
 */
import * as vscode from 'vscode';
import type { ShellServices } from '../services';
import type { Invocation } from './args';
import { registerCommand, resolveProfile } from './command-kit';

export function registerHistoryCommands(s: ShellServices): vscode.Disposable[] {
  const clear = async (inv: Invocation) => {
    const profile = await resolveProfile(s, inv, 'clear the history of');
    const count = (await s.history.load(profile.id)).length;
    if (inv.interactive) {
      const yes = 'Clear History';
      const answer = await vscode.window.showWarningMessage(
        `Clear the history of "${profile.name}" (${count} exchange${count === 1 ? '' : 's'})?`,
        { modal: true, detail: 'The redacted records kept for this client are deleted from this machine.' },
        yes,
      );
      if (answer !== yes) return { cleared: false };
    }
    await s.history.clear(profile.id);
    s.log.info(`"${profile.name}": history cleared (${count} exchange${count === 1 ? '' : 's'}).`);
    return { cleared: true, profileId: profile.id, removed: count };
  };
  return [registerCommand(s, 'oauthWorkbench.clearHistory', clear)];
}
