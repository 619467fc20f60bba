/**
 * activate(): wires the shell's components together — nothing else, and only those
 * that activation needs: the profile and secret stores, the tree, the status bar and
 * stand-ins for the commands, the panel serializer and the authentication provider.
 * The rest (HTTP client, key import, diagnosis, auto-refresh, commands, request panel:
 * shell/workbench.ts) loads on first use.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerDeferredAuthProvider } from './shell/lazy/deferred-auth-provider';
import { manifestCommands, registerDeferredCommands } from './shell/lazy/deferred-commands';
import { registerDeferredPanelSerializer } from './shell/lazy/deferred-panel';
import { DeferredRefreshView } from './shell/lazy/deferred-refresh-view';
import type { WorkbenchAuthProvider } from './shell/auth/auth-provider';
import { ExchangeHistory } from './shell/history/exchange-history';
import { FileHistoryStorage } from './shell/history/file-storage';
import { ExchangeLog } from './shell/output/exchange-log';
import type { RequestPanels } from './shell/panel';
import { OriginBinding } from './shell/profiles/origin-binding';
import { ProfileStore } from './shell/profiles/profile-store';
import { SecretStore } from './shell/profiles/secret-store';
import type { ShellServices } from './shell/services';
import { Session } from './shell/session';
import { setSettingProblemSink } from './shell/settings/setting-problems';
import { thresholdMinutes, TokenStatusBar } from './shell/status/token-status-bar';
import type { AutoRefresh } from './shell/tokens/auto-refresh';
import { TaskTokenConsent } from './shell/tokens/task-consent';
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
  autoRefresh: AutoRefresh;
  authProvider: WorkbenchAuthProvider;
}

type Activated = { testing?: TestingApi };

export function activate(context: vscode.ExtensionContext): Activated | Promise<Activated> {
  const clock: Clock = { nowMs: () => Date.now() };
  const log = new ExchangeLog();
  const secrets = new SecretStore(context.secrets);
  const origins = new OriginBinding(context.globalState);
  const store = new ProfileStore(context.globalState, (m) => log.warn(m));
  const session = new Session(secrets, (e) => log.error(`Secret storage: ${e instanceof Error ? e.message : String(e)}`));
  const history = new ExchangeHistory(new FileHistoryStorage(path.join(context.globalStorageUri.fsPath, 'history')), undefined, (e) =>
    log.error(`History storage: ${e instanceof Error ? e.message : String(e)}`),
  );
  const taskConsent = new TaskTokenConsent(context.workspaceState);
  const tree = new ClientsTreeProvider(store, session, secrets, history, {
    now: () => clock.nowMs() / 1000,
    warningThresholdMinutes: thresholdMinutes,
    taskConsent: (id) => taskConsent.has(id),
  });
  const treeView = vscode.window.createTreeView('oauthWorkbench.clients', { treeDataProvider: tree, showCollapseAll: true });
  const refreshView = new DeferredRefreshView();
  const statusBar = new TokenStatusBar(store, session, history, { nowMs: () => clock.nowMs(), refresh: refreshView });

  const parts: ActivationParts = {
    context,
    log,
    secrets,
    origins,
    store,
    session,
    history,
    taskConsent,
    refreshView,
    nowMs: () => clock.nowMs(),
    refreshTree: () => tree.refresh(),
  };
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
    setSettingProblemSink((m) => {
      log.warn(m);
      void vscode.window.showWarningMessage(m);
    }),
    secrets,
    store,
    session,
    tree,
    treeView,
    refreshView,
    statusBar,
    taskConsent,
    taskConsent.onDidChange(() => tree.refresh()),
    store.onDidChange(updateContext),
    standIns,
    registerDeferredPanelSerializer(async () => (await load()).requestPanels),
    registerDeferredAuthProvider(context.globalState, async () => (await load()).authProvider),
    vscode.window.registerUriHandler(createUriHandler(log)),
  );

  if (store.settingsProblems.length > 0) {
    void vscode.window
      .showWarningMessage(
        `The "oauthWorkbench.profiles" setting has ${store.settingsProblems.length} problem(s): ${store.settingsProblems[0]}`,
        'Show Log',
      )
      .then((a) => a && log.channel.show(true));
  }

  // Only the test runner's extension host gets the internals (other extensions could read them).
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    return load().then((w) => ({
      testing: {
        services: w.services,
        tree,
        statusBar,
        clock,
        requestPanels: w.requestPanels,
        autoRefresh: w.autoRefresh,
        authProvider: w.authProvider,
      },
    }));
  }
  // Auto-refresh (and the terminal's token) run in the background: with clients, load
  // them after activation, not during it.
  if (store.list().length > 0) setTimeout(() => void load(), 0);
  return {};
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
