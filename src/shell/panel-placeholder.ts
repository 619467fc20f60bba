/**
 * Until the request panel (src/shell/panel) registers `oauthWorkbench.openRequestPanel`,
 * this placeholder keeps the contributed command working with a clear message.
 */
import * as vscode from 'vscode';
import { registerCommand } from './commands/command-kit';
import type { ShellServices } from './services';

export function registerRequestPanelPlaceholder(s: ShellServices): vscode.Disposable {
  return registerCommand(s, 'oauthWorkbench.openRequestPanel', async (inv) => {
    if (inv.interactive) void vscode.window.showInformationMessage('The request panel is not part of this build yet. Use Get Token, Introspect and Revoke from the OAuth Clients view.');
    return { opened: false };
  });
}
