/**
 * Auto-refresh: keeps the tokens of the clients it is on for (the setting
 * `oauthWorkbench.autoRefresh.enabled`; per client the profile's `autoRefresh`, by default
 * on for the active client only) renewed in the background before they expire. WHEN and
 * HOW are the core's decisions (planRefresh, renewGrant, backoffSeconds,
 * mergeTokenResponse); this module only keeps one timer per client, runs the renewal
 * through the ExchangeRunner (so it is logged, diagnosed and in the history), tells the
 * status bar and the open panel, and notifies ONCE per failure streak, with the diagnosis.
 */
import * as vscode from 'vscode';
import { isFresh, planRefresh, renewGrant, WorkbenchError, type Finding, type TokenSet } from '../../core';
import { Disposable } from '../lifecycle/disposable';
import type { WorkbenchProfile } from '../profiles/profile-store';
import type { ShellServices } from '../services';
import { thresholdMinutes } from '../status/token-status-bar';
import { obtainTokens, type ObtainResult } from './token-source';

export const AUTO_REFRESH_SETTING = 'oauthWorkbench.autoRefresh';

/** What the status bar shows about a client's auto-refresh. */
export interface RefreshView {
  state: 'scheduled' | 'refreshing' | 'failed' | 'off';
  /** Next attempt, epoch seconds (scheduled, failed). */
  atSeconds?: number;
  failures: number;
  /** Why it is off (no refresh token, unknown expiry) or the last error. */
  reason?: string;
}

interface ClientState {
  failures: number;
  lastFailureAt?: number;
  lastError?: string;
  lastRenewedAt?: number;
  notified: boolean;
  inflight?: Promise<ObtainResult | undefined>;
  timer?: ReturnType<typeof setTimeout>;
  view?: RefreshView;
}

export interface AutoRefreshHooks {
  /** Epoch milliseconds (the test clock). */
  nowMs: () => number;
  /** A background renewal replaced the client's tokens (the open panel shows it). */
  onRenewed?: (profile: WorkbenchProfile, tokens: TokenSet) => void;
  /** The first failure of a streak: show it once, with the findings. */
  onFailed?: (profile: WorkbenchProfile, headline: string, findings: readonly Finding[]) => void;
}

/** Longest single timer; longer waits are re-planned (setTimeout caps at ~24.8 days). */
const MAX_TIMER_MS = 6 * 60 * 60 * 1000;

export class AutoRefresh extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<string>());
  /** Fires with the profile id whose refresh state changed. */
  readonly onDidChange = this.changed.event;
  private readonly clients = new Map<string, ClientState>();

  constructor(
    private readonly s: ShellServices,
    private readonly hooks: AutoRefreshHooks,
  ) {
    super();
    this._register(s.store.onDidChange(() => this.checkNow()));
    this._register(s.session.onDidChange((id) => (id === undefined ? this.checkNow() : this.replan(id))));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(AUTO_REFRESH_SETTING) || e.affectsConfiguration('oauthWorkbench.statusBar')) this.checkNow();
      }),
    );
    this._register({ dispose: () => this.clients.forEach((c) => c.timer !== undefined && clearTimeout(c.timer)) });
    // After activation, not during it: nothing here is needed to show the first window.
    setTimeout(() => this.checkNow(), 0);
  }

  /** True when auto-refresh is on for this client. */
  enabled(profile: WorkbenchProfile): boolean {
    return this.enabledGiven(profile, this.settingOn(), this.s.store.active()?.id);
  }

  private settingOn(): boolean {
    return vscode.workspace.getConfiguration(AUTO_REFRESH_SETTING).get<boolean>('enabled', true) !== false;
  }

  private enabledGiven(profile: WorkbenchProfile, settingOn: boolean, activeId: string | undefined): boolean {
    return settingOn && (profile.autoRefresh ?? activeId === profile.id);
  }

  /** The client's refresh state for the status bar (undefined: auto-refresh is not on for it). */
  view(profileId: string): RefreshView | undefined {
    return this.clients.get(profileId)?.view;
  }

  private nowSeconds(): number {
    return this.hooks.nowMs() / 1000;
  }

  private state(profileId: string): ClientState {
    let c = this.clients.get(profileId);
    if (!c) this.clients.set(profileId, (c = { failures: 0, notified: false }));
    return c;
  }

  private setView(profileId: string, view: RefreshView | undefined): void {
    const c = this.state(profileId);
    if (JSON.stringify(c.view) === JSON.stringify(view)) return;
    c.view = view;
    this.changed.fire(profileId);
  }

  /** Re-plans every client (the test clock moved, settings or the client list changed). */
  checkNow(): void {
    if (this.isDisposed) return;
    const on = new Set<string>();
    // Read once, not per client: every store change re-plans every client, and a configuration
    // read per client made an import of 1,000 clients do 1,000 of them.
    const settingOn = this.settingOn();
    const activeId = this.s.store.active()?.id;
    for (const p of this.s.store.list()) {
      if (!this.enabledGiven(p, settingOn, activeId)) continue;
      on.add(p.id);
      this.replan(p.id);
    }
    for (const [id, c] of this.clients) {
      if (on.has(id)) continue;
      if (c.timer !== undefined) clearTimeout(c.timer);
      this.clients.delete(id);
      this.changed.fire(id);
    }
  }

  /** Plans the next renewal of one client and arms its timer (or renews now when due). */
  private replan(profileId: string): void {
    if (this.isDisposed) return;
    const profile = this.s.store.get(profileId);
    if (!profile || !this.enabled(profile)) return;
    const c = this.state(profileId);
    if (c.timer !== undefined) clearTimeout(c.timer);
    c.timer = undefined;
    if (c.inflight) return;
    const token = this.s.session.token(profileId); // starts loading; the session fires when loaded
    if (!token) {
      this.setView(profileId, undefined);
      return;
    }
    const plan = planRefresh({
      tokens: token.tokens,
      nowSeconds: this.nowSeconds(),
      thresholdSeconds: thresholdMinutes() * 60,
      failures: c.failures,
      ...(c.lastFailureAt !== undefined ? { lastFailureAt: c.lastFailureAt } : {}),
      ...(c.lastRenewedAt !== undefined ? { lastRenewedAt: c.lastRenewedAt } : {}),
    });
    if (!plan.grant) {
      this.setView(profileId, { state: 'off', failures: c.failures, reason: plan.reason });
      return;
    }
    this.setView(profileId, {
      state: c.failures > 0 ? 'failed' : 'scheduled',
      atSeconds: plan.atSeconds,
      failures: c.failures,
      ...(c.lastError ? { reason: c.lastError } : {}),
    });
    if (plan.due) {
      void this.renew(profile, token.tokens);
      return;
    }
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, (plan.atSeconds - this.nowSeconds()) * 1000));
    c.timer = setTimeout(() => this.replan(profileId), delay);
  }

  /**
   * Renews now (one renewal per client at a time; concurrent callers share it).
   * Resolves the result, or undefined when the tokens cannot be renewed without a person.
   */
  renew(profile: WorkbenchProfile, held: TokenSet): Promise<ObtainResult | undefined> {
    const c = this.state(profile.id);
    if (c.inflight) return c.inflight;
    const grant = renewGrant(held);
    if (!grant) return Promise.resolve(undefined);
    const p = this.run(profile, held, grant, c).finally(() => {
      c.inflight = undefined;
      this.replan(profile.id);
    });
    c.inflight = p;
    return p;
  }

  private async run(profile: WorkbenchProfile, held: TokenSet, grant: 'refresh_token' | 'client_credentials', c: ClientState) {
    this.setView(profile.id, { state: 'refreshing', failures: c.failures });
    let result: ObtainResult | undefined;
    let failure: string | undefined;
    try {
      result = await obtainTokens(
        this.s,
        profile,
        grant,
        held,
        { interactive: false },
        { title: `Refreshing the token of ${profile.name}` },
      );
      if (!result.stored) failure = result.exchange.error?.message ?? `HTTP ${result.exchange.response?.status ?? 'error'}`;
    } catch (e) {
      // Refused before sending (a new origin to confirm, a missing secret): a failure like any other.
      failure = e instanceof Error ? e.message : String(e);
    }
    if (!failure && result?.stored) {
      c.failures = 0;
      c.lastError = undefined;
      c.lastFailureAt = undefined;
      c.notified = false;
      c.lastRenewedAt = this.nowSeconds();
      this.s.log.info(`"${profile.name}": token refreshed in the background (${grant}).`);
      this.hooks.onRenewed?.(profile, result.stored);
      return result;
    }
    c.failures++;
    c.lastFailureAt = this.nowSeconds();
    c.lastError = failure;
    this.s.log.warn(`"${profile.name}": background refresh failed (attempt ${c.failures}): ${failure ?? ''}`);
    if (!c.notified) {
      c.notified = true;
      this.hooks.onFailed?.(
        profile,
        `Refreshing the token of "${profile.name}" in the background failed: ${failure ?? ''}`,
        result?.findings ?? [],
      );
    }
    return result;
  }

  /**
   * The client's current tokens, renewed first when they expire within `minRemainingSeconds`
   * (the authentication provider and the task input hand out only fresh tokens).
   * @throws WorkbenchError TOKEN_MISSING when there is no token or it cannot be renewed.
   */
  async freshTokens(profile: WorkbenchProfile, minRemainingSeconds: number): Promise<TokenSet> {
    if (!this.s.session.tokenLoaded(profile.id)) await this.s.session.reloadTokens(profile.id, false);
    const held = this.s.session.token(profile.id)?.tokens;
    if (!held) throw new WorkbenchError('TOKEN_MISSING', `"${profile.name}" has no token yet. Run "OAuth: Get Token" first.`);
    if (isFresh(held, this.nowSeconds(), minRemainingSeconds)) return held;
    const renewed = await this.renew(profile, held);
    if (renewed?.stored) return renewed.stored;
    throw new WorkbenchError(
      'TOKEN_MISSING',
      renewed
        ? `The token of "${profile.name}" expires and refreshing it failed: ${renewed.exchange.error?.message ?? 'see the log'}.`
        : `The token of "${profile.name}" expires and cannot be renewed without you (no refresh token). Run "OAuth: Get Token".`,
    );
  }
}
