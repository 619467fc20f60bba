/**
 * The shell's components, created once in activate() and handed to commands, the
 * tree, the status bar and the request panel. Nothing here holds OAuth logic.
 */
import type * as vscode from 'vscode';
import type { KeyCache } from '../core';
import type { HttpSettings } from './http/http-options';
import type { ExchangeLog } from './output/exchange-log';
import type { VirtualDocs } from './output/virtual-docs';
import type { Credentials } from './profiles/credentials';
import type { OriginBinding } from './profiles/origin-binding';
import type { ProfileStore } from './profiles/profile-store';
import type { SecretStore } from './profiles/secret-store';
import type { Session } from './session';
import type { ExchangeRunner } from './exchange-runner';
import type { ExchangeHistory } from './history/exchange-history';

export interface ShellServices {
  readonly context: vscode.ExtensionContext;
  readonly store: ProfileStore;
  readonly secrets: SecretStore;
  readonly origins: OriginBinding;
  readonly credentials: Credentials;
  readonly session: Session;
  readonly log: ExchangeLog;
  readonly http: HttpSettings;
  readonly keyCache: KeyCache;
  readonly docs: VirtualDocs;
  /** The one history of exchanges (redacted, persisted per client); record through `runner.record`. */
  readonly history: ExchangeHistory;
  /** Runs core operations for a profile: secrets, discovery, origin check, progress/cancel, log, diagnosis. */
  readonly runner: ExchangeRunner;
}
