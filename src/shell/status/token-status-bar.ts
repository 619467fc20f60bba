/**
 * The status bar item for the active profile's token: `$(key) <profile> 42m`, a
 * warning background under the threshold, an error background once expired, and a
 * tooltip with issuer, scope, subject and exact expiry. Repaints on every change and
 * whenever the displayed text can change (at least once a minute), so it is never
 * stale; the wording comes from the pure expiry-format module (SECURITY.md 17).
 */
import * as vscode from 'vscode';
import { Disposable } from '../lifecycle/disposable';
import { validateNumber, WARNING_THRESHOLD_MINUTES } from '../settings/numeric-settings';
import { reportSettingProblem } from '../settings/setting-problems';
import type { ProfileStore } from '../profiles/profile-store';
import type { Session } from '../session';
import type { RefreshView } from '../tokens/auto-refresh';
import { describeExpiry, exactExpiry, formatDuration, msUntilNextChange, type ExpiryView } from './expiry-format';

export const STATUS_BAR_COMMAND = 'oauthWorkbench.statusBarActions';

export interface TokenStatusBarOptions {
  /** Epoch milliseconds; injectable for tests. */
  nowMs?: () => number;
  /** The auto-refresh state of a client (shown as an icon and a tooltip line). */
  refresh?: { view(profileId: string): RefreshView | undefined; onDidChange: vscode.Event<string> };
}

/** The warning threshold setting; an invalid value (negative, not a number) falls back to the default 5 and is reported. Shared with the tree. */
export function thresholdMinutes(): number {
  const v = vscode.workspace.getConfiguration('oauthWorkbench.statusBar').get<unknown>('warningThresholdMinutes');
  const checked = validateNumber(WARNING_THRESHOLD_MINUTES, v);
  reportSettingProblem(checked.problem);
  return checked.value;
}

export class TokenStatusBar extends Disposable {
  readonly item: vscode.StatusBarItem;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly nowMs: () => number;
  private readonly refresh: TokenStatusBarOptions['refresh'];
  /** The last rendered view (tests and the action picker read it). */
  view: ExpiryView | undefined;

  constructor(
    private readonly store: ProfileStore,
    private readonly session: Session,
    options: TokenStatusBarOptions = {},
  ) {
    super();
    this.nowMs = options.nowMs ?? Date.now;
    this.refresh = options.refresh;
    if (this.refresh) this._register(this.refresh.onDidChange(() => this.update()));
    this.item = this._register(vscode.window.createStatusBarItem('oauthWorkbench.token', vscode.StatusBarAlignment.Left, 50));
    this.item.name = 'OAuth Workbench token';
    this.item.command = STATUS_BAR_COMMAND;
    this._register(store.onDidChange(() => this.update()));
    this._register(session.onDidChange(() => this.update()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('oauthWorkbench.statusBar')) this.update();
      }),
    );
    this._register({ dispose: () => this.timer !== undefined && clearTimeout(this.timer) });
    this.update();
  }

  /** Repaints now and schedules the next repaint for when the text can next change. */
  update(): void {
    if (this.isDisposed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const profile = this.store.active();
    if (!profile) {
      this.view = undefined;
      this.item.hide();
      return;
    }
    const threshold = thresholdMinutes();
    const token = this.session.token(profile.id);
    const nowMs = this.nowMs();
    const view = describeExpiry(token !== undefined, token?.expiresAt, nowMs / 1000, threshold);
    this.view = view;
    const loading = !this.session.tokenLoaded(profile.id);
    const refresh = this.refresh?.view(profile.id);
    const icon = refresh?.state === 'refreshing' ? '$(sync~spin)' : refresh?.state === 'failed' ? '$(warning)' : '$(key)';
    this.item.text = `${icon} ${profile.name} ${loading ? '…' : view.short}`;
    this.item.backgroundColor =
      view.state === 'expired'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.warning
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;

    // Scope and subject come from the server: appendText escapes Markdown and theme icons,
    // so a crafted claim cannot render a link or an icon. isTrusted stays off (no command links).
    const tip = new vscode.MarkdownString(undefined, true);
    const line = (label: string, value: string): void => {
      tip.appendMarkdown(`${label}: `);
      tip.appendText(value.replace(/\s+/g, ' '));
      tip.appendMarkdown('  \n');
    };
    tip.appendMarkdown('**OAuth Workbench** — ');
    tip.appendText(profile.name);
    tip.appendMarkdown('\n\n');
    line('Issuer', profile.issuer);
    const claims = token?.decoded?.claims;
    const scope = token?.tokens.scope ?? (typeof claims?.scope === 'string' ? claims.scope : undefined);
    if (scope) line('Scope', scope);
    if (typeof claims?.sub === 'string') line('Subject', claims.sub);
    const exact = exactExpiry(token?.expiresAt);
    tip.appendMarkdown(token ? `Token: ${view.description}${exact ? ` (${exact})` : ''}` : 'No token yet');
    if (refresh) {
      tip.appendMarkdown('  \nAuto-refresh: ');
      tip.appendText(refreshLine(refresh, nowMs / 1000));
    }
    tip.appendMarkdown('\n\n$(zap) Click for actions');
    this.item.tooltip = tip;
    this.item.accessibilityInformation = {
      label: `OAuth token of ${profile.name}: ${view.description}${refresh ? `; auto-refresh ${refreshLine(refresh, nowMs / 1000)}` : ''}`,
    };
    this.item.show();
    this.timer = setTimeout(() => this.update(), msUntilNextChange(token?.expiresAt, nowMs, threshold));
  }
}

/** One line about auto-refresh for the tooltip: "in 4m", "refreshing…", "failed 2×: … (next try in 1m)". */
export function refreshLine(r: RefreshView, nowSeconds: number): string {
  const when = r.atSeconds !== undefined ? (r.atSeconds <= nowSeconds ? 'now' : `in ${formatDuration(r.atSeconds - nowSeconds)}`) : '';
  switch (r.state) {
    case 'refreshing':
      return 'refreshing…';
    case 'scheduled':
      return `next refresh ${when}`;
    case 'failed':
      return `failed ${r.failures}× (${r.reason ?? 'see the log'}); next try ${when}`;
    case 'off':
      return `off — ${r.reason ?? 'nothing to renew'}`;
  }
}
