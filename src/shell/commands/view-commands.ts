/**
 * View plumbing: show the log, refresh the tree, and the status bar's action picker.
 */
import * as vscode from 'vscode';
import type { ShellServices } from '../services';
import { describeExpiry } from '../status/expiry-format';
import { registerCommand } from './command-kit';

export function registerViewCommands(s: ShellServices, refreshTree: () => void): vscode.Disposable[] {
  const showLog = (): Promise<{ shown: true }> => {
    s.log.channel.show(true);
    return Promise.resolve({ shown: true as const });
  };

  const refresh = async () => {
    await s.session.reloadAll(s.store.list().map((p) => p.id));
    refreshTree();
    return { refreshed: true };
  };

  const statusBarActions = async () => {
    const profile = s.store.active();
    if (!profile) return vscode.commands.executeCommand('oauthWorkbench.addProfile');
    const token = s.session.token(profile.id);
    const expiry = describeExpiry(token !== undefined, token?.expiresAt, Date.now() / 1000);
    const arg = { profileId: profile.id, interactive: true, source: 'statusBar' };
    type Item = vscode.QuickPickItem & { command?: string; args?: unknown };
    const items: Item[] = [
      {
        label: token?.tokens.refresh_token ? '$(refresh) Refresh Token' : '$(play) Get Token',
        description: expiry.description,
        command: 'oauthWorkbench.getToken',
        args: arg,
      },
    ];
    if (token) {
      items.push(
        { label: '$(search) Introspect Current Token', command: 'oauthWorkbench.introspect', args: arg },
        { label: '$(clippy) Copy Access Token', command: 'oauthWorkbench.copyAccessToken', args: arg },
        { label: '$(json) Decode Current Token', command: 'oauthWorkbench.decodeJwt', args: arg },
        { label: '$(circle-slash) Revoke Current Token', command: 'oauthWorkbench.revoke', args: arg },
      );
    }
    items.push(
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: '$(send) Open Request Panel', command: 'oauthWorkbench.openRequestPanel', args: arg },
      {
        label: '$(check) Switch Active Client…',
        description: `${s.store.list().length} client(s)`,
        command: 'oauthWorkbench.setActiveProfile',
      },
      { label: '$(output) Show Log', command: 'oauthWorkbench.showLog' },
    );
    const picked = await vscode.window.showQuickPick(items, {
      title: `${profile.name} — ${expiry.description}`,
      placeHolder: 'What do you want to do with this token?',
    });
    if (picked?.command) return vscode.commands.executeCommand(picked.command, picked.args);
    return undefined;
  };

  return [
    registerCommand(s, 'oauthWorkbench.showLog', showLog),
    registerCommand(s, 'oauthWorkbench.refreshClients', refresh),
    registerCommand(s, 'oauthWorkbench.statusBarActions', statusBarActions),
  ];
}
