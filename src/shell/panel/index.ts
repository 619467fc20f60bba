/**
 * The request panel feature: ONE panel per profile (opening it again reveals it),
 * the `oauthWorkbench.openRequestPanel` command, and `revive`, which restores panels
 * after a reload from their webview state (profile id + non-secret form only). The
 * serializer that calls it is registered at activation (lazy/deferred-panel.ts).
 */
import * as vscode from 'vscode';
import { ConfigError } from '../../core';
import { resolveProfile, registerCommand } from '../commands/command-kit';
import { str } from '../commands/args';
import { Disposable } from '../lifecycle/disposable';
import type { ShellServices } from '../services';
import { PANEL_OPERATIONS, type Draft, type HostMessage, type PanelOperation, emptyDraft, parsePanelState } from '../../webview/protocol';
import { PASTE_SOURCES } from './explain';
import { RequestPanel, webviewOptions, type PanelOpen } from './request-panel';
import { VIEW_TYPE } from './view-type';

export { VIEW_TYPE } from './view-type';

export class RequestPanels extends Disposable {
  private readonly panels = new Map<string, RequestPanel>();
  /** Reasons of dropped webview messages (no content), newest last — observable by tests. */
  readonly dropped: string[] = [];
  /** Test tap: sees every message posted to a webview (set only by the integration tests). */
  tap: ((profileId: string, m: HostMessage) => void) | undefined;
  /** Test hook: plays the browser for authorization/verification URLs (default: vscode.env.openExternal). */
  openExternal: ((url: string) => Promise<boolean>) | undefined;
  /** Test hook: false makes runs refuse a new origin or a missing secret instead of asking. */
  interactive = true;

  constructor(private readonly s: ShellServices) {
    super();
    this._register(
      registerCommand(s, 'oauthWorkbench.openRequestPanel', async (inv) => {
        const profile = await resolveProfile(s, inv, 'open the request panel for');
        const op = str(inv.args, 'operation');
        if (op !== undefined && !(PANEL_OPERATIONS as readonly string[]).includes(op)) {
          throw new ConfigError('CONFIG_INVALID', `Unknown operation "${op}". Use one of: ${PANEL_OPERATIONS.join(', ')}.`);
        }
        const open: PanelOpen = {};
        const exchangeId = str(inv.args, 'exchangeId');
        if (exchangeId) open.exchangeId = exchangeId;
        if (inv.args.explain !== undefined) {
          const text = typeof inv.args.explain === 'string' ? inv.args.explain : undefined;
          const source = PASTE_SOURCES.find((x) => x === inv.args.explainSource) ?? (text ? 'argument' : 'none');
          open.explain = { text, source };
        }
        this.createOrShow(profile.id, op ? emptyDraft(op as PanelOperation) : null, open);
        return { opened: true, profileId: profile.id };
      }),
    );
    this._register({
      dispose: () => {
        for (const p of this.panels.values()) p.panel.dispose();
      },
    });
  }

  /** Opens the profile's panel, or reveals the one already open (one panel per client, updated in place). */
  createOrShow(profileId: string, draft: Draft | null, open: PanelOpen = {}): RequestPanel {
    const existing = this.panels.get(profileId);
    if (existing) {
      existing.reveal(draft, open);
      return existing;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'OAuth Request', column, {
      ...webviewOptions(this.s.context.extensionUri),
      retainContextWhenHidden: false,
    });
    return this.track(new RequestPanel(panel, profileId, this.deps(), draft, open));
  }

  /** Serializer: the state is untrusted input; without a valid, existing profile the panel closes. */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    const parsed = parsePanelState(state);
    const profileId = parsed.ok ? parsed.value.profileId : undefined;
    if (!profileId || !this.s.store.get(profileId) || this.panels.has(profileId)) {
      this.s.log.info(`Request panel: not restored (${!parsed.ok ? parsed.reason : 'its client no longer exists or is already open'}).`);
      panel.dispose();
      return;
    }
    this.track(new RequestPanel(panel, profileId, this.deps(), null));
  }

  private deps() {
    return {
      services: this.s,
      onDropped: (reason: string) => {
        this.dropped.push(reason);
        if (this.dropped.length > 100) this.dropped.shift();
      },
      onPosted: (profileId: string, m: HostMessage) => this.tap?.(profileId, m),
      interactive: () => this.interactive,
      openExternal: (url: string) =>
        this.openExternal ? this.openExternal(url) : Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url, true))),
    };
  }

  private track(p: RequestPanel): RequestPanel {
    this.panels.set(p.profileId, p);
    p.onDidDispose(() => {
      if (this.panels.get(p.profileId) === p) this.panels.delete(p.profileId);
    });
    return p;
  }

  /** The open panel of a profile. */
  get(profileId: string): RequestPanel | undefined {
    return this.panels.get(profileId);
  }

  /** Open panels' profile ids. */
  openProfiles(): string[] {
    return [...this.panels.keys()];
  }
}

/** Registers the request panel feature (its command); dispose to unregister. */
export function registerRequestPanel(s: ShellServices): RequestPanels {
  return new RequestPanels(s);
}
