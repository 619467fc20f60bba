/**
 * The part of the extension that activation does not need, loaded on first use (a
 * command, a restored request panel, the authentication provider, or right after
 * activation when there are clients whose tokens auto-refresh; DESIGN.md "Load late"):
 * the HTTP client and its dispatcher, key import, the exchange runner with the
 * diagnosis, auto-refresh, task and terminal tokens, every command and the request panel
 * host. extension.ts imports this module with `await import()`, so the bundler puts it
 * and everything only it reaches (undici, jose, the findings catalogue) into chunks of
 * their own.
 */
import * as vscode from 'vscode';
import { KeyCache } from '../core';
import { WorkbenchAuthProvider } from './auth/auth-provider';
import { registerCommands } from './commands';
import { promptForSecret } from './commands/secret-commands';
import { ExchangeRunner } from './exchange-runner';
import { HttpSettings } from './http/http-options';
import type { ExchangeHistory } from './history/exchange-history';
import type { DeferredRefreshView } from './lazy/deferred-refresh-view';
import type { ExchangeLog } from './output/exchange-log';
import { VirtualDocs } from './output/virtual-docs';
import { Credentials } from './profiles/credentials';
import type { OriginBinding } from './profiles/origin-binding';
import type { ProfileStore } from './profiles/profile-store';
import type { SecretStore } from './profiles/secret-store';
import { registerRequestPanel, type RequestPanels } from './panel';
import type { ShellServices } from './services';
import type { Session } from './session';
import { describeExpiry } from './status/expiry-format';
import { AutoRefresh } from './tokens/auto-refresh';
import type { TaskTokenConsent } from './tokens/task-consent';
import { registerTaskToken, TerminalTokenEnv } from './tokens/task-token';
import { notifyFailure } from './ui/failure-notification';

/** What activation made: the stores and views that exist before the workbench loads. */
export interface ActivationParts {
  context: vscode.ExtensionContext;
  log: ExchangeLog;
  secrets: SecretStore;
  origins: OriginBinding;
  store: ProfileStore;
  session: Session;
  history: ExchangeHistory;
  taskConsent: TaskTokenConsent;
  refreshView: DeferredRefreshView;
  nowMs: () => number;
  refreshTree: () => void;
}

/** The loaded workbench; dispose to unregister its commands and panels. */
export interface Workbench extends vscode.Disposable {
  services: ShellServices;
  requestPanels: RequestPanels;
  autoRefresh: AutoRefresh;
  authProvider: WorkbenchAuthProvider;
}

/** Creates the services, registers every command, the request panel and the token features. */
export function startWorkbench(a: ActivationParts): Workbench {
  const keyCache = new KeyCache();
  const credentials = new Credentials(a.secrets, a.origins, keyCache, a.log);
  const http = new HttpSettings();
  const docs = new VirtualDocs();
  const runner = new ExchangeRunner(a.session, credentials, a.origins, http, keyCache, a.log, a.history);
  const { context, store, secrets, origins, session, log, history } = a;
  const services: ShellServices = { context, store, secrets, origins, credentials, session, log, http, keyCache, docs, history, runner };
  runner.promptSecret = (profile, field) => promptForSecret(services, profile, field);
  const requestPanels = registerRequestPanel(services);
  const autoRefresh = new AutoRefresh(services, {
    nowMs: a.nowMs,
    // A token never changes under an open panel without the panel saying so.
    onRenewed: (profile, tokens) =>
      requestPanels
        .get(profile.id)
        ?.notice(
          'info',
          `The token was refreshed in the background (${describeExpiry(true, tokens.expires_at, a.nowMs() / 1000).description}); "Current access token" now sends the new one.`,
        ),
    onFailed: (profile, headline, findings) => void notifyFailure(services, profile, { title: headline, findings }),
  });
  a.refreshView.attach(autoRefresh, store.active()?.id);
  const authProvider = new WorkbenchAuthProvider(services, autoRefresh);
  const registered = vscode.Disposable.from(
    http,
    docs,
    autoRefresh,
    authProvider,
    ...registerTaskToken(services, a.taskConsent, autoRefresh),
    new TerminalTokenEnv(services, a.taskConsent, autoRefresh),
    ...registerCommands(services, a.refreshTree),
    requestPanels,
  );
  return {
    services,
    requestPanels,
    autoRefresh,
    authProvider,
    dispose: () => {
      registered.dispose();
    },
  };
}
