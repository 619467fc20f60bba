/**
 * activate(): wires the shell's components together — nothing else. Heavy work
 * (discovery, key import, the HTTP dispatcher) happens lazily on first use.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { KeyCache } from './core';
import { registerAuthProvider, type WorkbenchAuthProvider } from './shell/auth/auth-provider';
import { registerCommands } from './shell/commands';
import { promptForSecret } from './shell/commands/secret-commands';
import { ExchangeRunner } from './shell/exchange-runner';
import { ExchangeHistory } from './shell/history/exchange-history';
import { FileHistoryStorage } from './shell/history/file-storage';
import { HttpSettings } from './shell/http/http-options';
import { ExchangeLog } from './shell/output/exchange-log';
import { VirtualDocs } from './shell/output/virtual-docs';
import { Credentials } from './shell/profiles/credentials';
import { OriginBinding } from './shell/profiles/origin-binding';
import { ProfileStore } from './shell/profiles/profile-store';
import { SecretStore } from './shell/profiles/secret-store';
import { registerRequestPanel, type RequestPanels } from './shell/panel';
import type { ShellServices } from './shell/services';
import { Session } from './shell/session';
import { setSettingProblemSink } from './shell/settings/setting-problems';
import { describeExpiry } from './shell/status/expiry-format';
import { thresholdMinutes, TokenStatusBar } from './shell/status/token-status-bar';
import { notifyFailure } from './shell/ui/failure-notification';
import { AutoRefresh } from './shell/tokens/auto-refresh';
import { registerTaskToken, TaskTokenConsent, TerminalTokenEnv } from './shell/tokens/task-token';
import { ClientsTreeProvider } from './shell/tree/clients-tree';
import { createUriHandler } from './shell/uri-handler';

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

export function activate(context: vscode.ExtensionContext): { testing?: TestingApi } {
  const clock: Clock = { nowMs: () => Date.now() };
  const log = new ExchangeLog();
  const secrets = new SecretStore(context.secrets);
  const origins = new OriginBinding(context.globalState);
  const keyCache = new KeyCache();
  const credentials = new Credentials(secrets, origins, keyCache, log);
  const store = new ProfileStore(context.globalState, (m) => log.warn(m));
  const session = new Session(secrets, (e) => log.error(`Secret storage: ${e instanceof Error ? e.message : String(e)}`));
  const http = new HttpSettings();
  const docs = new VirtualDocs();
  const history = new ExchangeHistory(new FileHistoryStorage(path.join(context.globalStorageUri.fsPath, 'history')), undefined, (e) =>
    log.error(`History storage: ${e instanceof Error ? e.message : String(e)}`),
  );
  const runner = new ExchangeRunner(session, credentials, origins, http, keyCache, log, history);
  const services: ShellServices = { context, store, secrets, origins, credentials, session, log, http, keyCache, docs, history, runner };
  runner.promptSecret = (profile, field) => promptForSecret(services, profile, field);

  const taskConsent = new TaskTokenConsent(context.workspaceState);
  const tree = new ClientsTreeProvider(store, session, secrets, history, {
    now: () => clock.nowMs() / 1000,
    warningThresholdMinutes: thresholdMinutes,
    taskConsent: (id) => taskConsent.has(id),
  });
  const treeView = vscode.window.createTreeView('oauthWorkbench.clients', { treeDataProvider: tree, showCollapseAll: true });
  const requestPanels = registerRequestPanel(services);
  const autoRefresh = new AutoRefresh(services, {
    nowMs: () => clock.nowMs(),
    // A token never changes under an open panel without the panel saying so.
    onRenewed: (profile, tokens) =>
      requestPanels
        .get(profile.id)
        ?.notice(
          'info',
          `The token was refreshed in the background (${describeExpiry(true, tokens.expires_at, clock.nowMs() / 1000).description}); "Current access token" now sends the new one.`,
        ),
    onFailed: (profile, headline, findings) => void notifyFailure(services, profile, { title: headline, findings }),
  });
  const statusBar = new TokenStatusBar(store, session, history, { nowMs: () => clock.nowMs(), refresh: autoRefresh });
  const authProvider = registerAuthProvider(services, autoRefresh);

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
    http,
    docs,
    tree,
    treeView,
    statusBar,
    autoRefresh,
    authProvider,
    taskConsent,
    taskConsent.onDidChange(() => tree.refresh()),
    ...registerTaskToken(services, taskConsent, autoRefresh),
    new TerminalTokenEnv(services, taskConsent, autoRefresh),
    store.onDidChange(updateContext),
    ...registerCommands(services, () => tree.refresh()),
    requestPanels,
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
  return context.extensionMode === vscode.ExtensionMode.Test
    ? { testing: { services, tree, statusBar, clock, requestPanels, autoRefresh, authProvider } }
    : {};
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
