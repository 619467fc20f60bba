/**
 * activate(): wires the shell's components together — nothing else, and only those
 * that activation needs: the profile and secret stores, the tree, the status bar and
 * stand-ins for the commands and the panel serializer. The rest (HTTP client, key
 * import, diagnosis, commands, request panel: shell/workbench.ts) loads on first use.
 */
import * as vscode from 'vscode';
import { manifestCommands, registerDeferredCommands } from './shell/lazy/deferred-commands';
import { registerDeferredPanelSerializer } from './shell/lazy/deferred-panel';
import { ExchangeLog } from './shell/output/exchange-log';
import type { RequestPanels } from './shell/panel';
import { OriginBinding } from './shell/profiles/origin-binding';
import { ProfileStore } from './shell/profiles/profile-store';
import { SecretStore } from './shell/profiles/secret-store';
import type { ShellServices } from './shell/services';
import { Session } from './shell/session';
import { thresholdMinutes, TokenStatusBar } from './shell/status/token-status-bar';
import { ClientsTreeProvider } from './shell/tree/clients-tree';
import { createUriHandler } from './shell/uri-handler';
import type { ActivationParts, Workbench } from './shell/workbench';

/** A clock the views read; tests move it to show expiry without waiting. */
export interface Clock {
  nowMs: () => number;
}

/** What activate() returns under the test runner only (never otherwise: it reaches secrets). */
export interface TestingApi {
  services: ShellServices;
  tree: ClientsTreeProvider;
  statusBar: TokenStatusBar;
  clock: Clock;
  requestPanels: RequestPanels;
}

type Activated = { testing?: TestingApi };

export function activate(context: vscode.ExtensionContext): Activated | Promise<Activated> {
  const clock: Clock = { nowMs: () => Date.now() };
  const log = new ExchangeLog();
  const secrets = new SecretStore(context.secrets);
  const origins = new OriginBinding(context.globalState);
  const store = new ProfileStore(context.globalState, (m) => log.warn(m));
  const session = new Session(secrets, (e) => log.error(`Secret storage: ${e instanceof Error ? e.message : String(e)}`));
  const tree = new ClientsTreeProvider(store, session, secrets, {
    now: () => clock.nowMs() / 1000,
    warningThresholdMinutes: thresholdMinutes,
  });
  const treeView = vscode.window.createTreeView('oauthWorkbench.clients', { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new TokenStatusBar(store, session, { nowMs: () => clock.nowMs() });

  const parts: ActivationParts = { context, log, secrets, origins, store, session, refreshTree: () => tree.refresh() };
  let loading: Promise<Workbench> | undefined;
  const load = (): Promise<Workbench> =>
    (loading ??= import('./shell/workbench').then(({ startWorkbench }) => {
      standIns.dispose();
      const workbench = startWorkbench(parts);
      context.subscriptions.push(workbench);
      return workbench;
    }));
  const standIns = registerDeferredCommands(manifestCommands(context.extension), load);

  const updateContext = (): void => {
    void vscode.commands.executeCommand('setContext', 'oauthWorkbench.hasProfiles', store.list().length > 0);
  };
  updateContext();

  context.subscriptions.push(
    log,
    secrets,
    store,
    session,
    tree,
    treeView,
    statusBar,
    store.onDidChange(updateContext),
    standIns,
    registerDeferredPanelSerializer(async () => (await load()).requestPanels),
    vscode.window.registerUriHandler(createUriHandler(log)),
  );

  if (store.settingsProblems.length > 0) {
    void vscode.window
      .showWarningMessage(
        `${store.settingsProblems.length} client(s) in the "oauthWorkbench.profiles" setting were skipped: ${store.settingsProblems[0]}`,
        'Show Log',
      )
      .then((a) => a && log.channel.show(true));
  }

  // Only the test runner's extension host gets the internals (other extensions could read them).
  if (context.extensionMode !== vscode.ExtensionMode.Test) return {};
  return load().then(({ services, requestPanels }) => ({ testing: { services, tree, statusBar, clock, requestPanels } }));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
