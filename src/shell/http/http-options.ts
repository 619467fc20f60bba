/**
 * Turns VS Code's network settings (`http.proxy`, `http.proxyStrictSSL`, `http.noProxy`)
 * and ours (`oauthWorkbench.http.*`) into the core's HttpOptions. The dispatcher is
 * built lazily on first use and rebuilt when a setting changes. In Restricted Mode,
 * values provided by the workspace are ignored (SECURITY.md 6): only user settings count.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ConfigError, createDispatcher, type DispatcherOptions, type HttpOptions } from '../../core';
import { Disposable } from '../lifecycle/disposable';
import { resolveSettingsPath } from '../profiles/settings-profiles';
import { TIMEOUT_SECONDS, validateNumber } from '../settings/numeric-settings';
import { reportSettingProblem } from '../settings/setting-problems';

type Dispatcher = NonNullable<HttpOptions['dispatcher']>;

const WATCHED = ['http.proxy', 'http.proxyStrictSSL', 'http.noProxy', 'oauthWorkbench.http'];

/** A setting's value, ignoring workspace-provided values unless the workspace is trusted. */
export function trustedSetting<T>(section: string, key: string): T | undefined {
  const info = vscode.workspace.getConfiguration(section).inspect<T>(key);
  if (!info) return undefined;
  if (vscode.workspace.isTrusted) {
    return info.workspaceFolderValue ?? info.workspaceValue ?? info.globalValue ?? info.defaultValue;
  }
  return info.globalValue ?? info.defaultValue;
}

export class HttpSettings extends Disposable {
  private dispatcher: Dispatcher | undefined;
  /** What `dispatcher` was built from; the core builds client-certificate dispatchers from the same (mTLS). */
  private dispatcherOptions: DispatcherOptions = {};

  constructor() {
    super();
    const reset = (): void => {
      const old = this.dispatcher;
      this.dispatcher = undefined;
      // Let in-flight requests finish on the old dispatcher; then close it.
      void old?.close().catch(() => undefined);
    };
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (WATCHED.some((s) => e.affectsConfiguration(s))) reset();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(reset));
    this._register({ dispose: reset });
  }

  private buildDispatcher(): Dispatcher {
    const proxy = trustedSetting<string>('http', 'proxy')?.trim();
    const strictSSL = trustedSetting<boolean>('http', 'proxyStrictSSL');
    const noProxy = trustedSetting<string[]>('http', 'noProxy');
    const caFiles = trustedSetting<string[]>('oauthWorkbench.http', 'extraCaCertificates') ?? [];
    const ca = caFiles
      .filter((f) => typeof f === 'string' && f.trim() !== '')
      .map((file) => {
        const resolved = resolveSettingsPath(file);
        try {
          return fs.readFileSync(resolved, 'utf8');
        } catch {
          throw new ConfigError(
            'CONFIG_INVALID',
            `The CA certificate file "${resolved}" (setting oauthWorkbench.http.extraCaCertificates) cannot be read. Fix the path or remove it from the setting.`,
          );
        }
      });
    this.dispatcherOptions = {
      ...(proxy ? { proxy } : {}),
      ...(Array.isArray(noProxy) && noProxy.length > 0 ? { noProxy: noProxy.join(',') } : {}),
      ...(typeof strictSSL === 'boolean' ? { strictSSL } : {}),
      ...(ca.length > 0 ? { ca } : {}),
    };
    return createDispatcher(this.dispatcherOptions);
  }

  /** HttpOptions for one call. @throws ConfigError when a setting is unusable. */
  options(signal?: AbortSignal): HttpOptions {
    this.dispatcher ??= this.buildDispatcher();
    const timeout = validateNumber(TIMEOUT_SECONDS, trustedSetting<unknown>('oauthWorkbench.http', 'timeoutSeconds'));
    reportSettingProblem(timeout.problem);
    const ms = timeout.value * 1000;
    return {
      dispatcher: this.dispatcher,
      dispatcherOptions: this.dispatcherOptions,
      timeouts: { headersMs: ms, bodyMs: ms },
      ...(signal ? { signal } : {}),
    };
  }
}
