/**
 * One "OAuth Request" webview panel for one profile. It owns the webview plumbing:
 * HTML with CSP, the `ready` handshake, run-time validation of every message
 * (malformed ones are dropped and logged without their content), and the dispatch
 * of valid messages to the panel's modules (preview, run, follow-ups, history).
 * No OAuth logic here: the core builds, signs, sends and parses.
 */
import * as vscode from 'vscode';
import { decodeJwt, toCurl, type Exchange, type Finding, type TokenSet } from '../../core';
import { Disposable } from '../lifecycle/disposable';
import type { ShellServices } from '../services';
import {
  AUDIENCE_MODES,
  type AudienceModeChoice,
  type Draft,
  type HostMessage,
  type ProfileView,
  type TokenKind,
  type WebviewMessage,
  emptyDraft,
  parseWebviewMessage,
  persistableDraft,
} from '../../webview/protocol';
import type { PanelHistory } from './history';
import { renderPanelHtml } from './html';
import { runDraft } from './panel-run';
import { computePreview } from './preview';
import { tokenOptions } from './tokens';
import { findTokens, toExchangeView, toHistoryEntry, type Verification } from './view-model';
import { isWebUrl, schemeOf } from './web-url';

export { VIEW_TYPE } from './view-type';

export interface PanelDeps {
  services: ShellServices;
  history: PanelHistory;
  /** Called for every message that failed validation (reason only; tests count them). */
  onDropped(reason: string): void;
  /** Sees every message posted to the webview (the integration tests' tap; unset in production). */
  onPosted?(profileId: string, m: HostMessage): void;
  /** Opens a URL the core produced (authorization URL, verification URI) in the user's browser. */
  openExternal(url: string): Promise<boolean>;
  /** False: a run refuses a missing secret or a new origin instead of asking (tests; default true). */
  interactive?(): boolean;
}

/** Webview options: scripts on, resources only from the bundle folder. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')], enableFindWidget: true };
}

function newRequestId(): string {
  return `h${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
}

export class RequestPanel extends Disposable {
  private ready = false;
  private pendingNotice: { level: 'info' | 'warning' | 'error'; message: string } | undefined;
  private inFlight: { requestId: string; operation: string; controller: AbortController } | undefined;
  private latestPreviewSeq = -1;
  /** The last preview's findings, host-side, so applyFix can read their actions. */
  private previewFindings: Finding[] = [];
  /** The running device flow's user code and verification URI (for copy/open). */
  private device: { requestId: string; info: { userCode: string; verificationUri: string; verificationUriComplete?: string } } | undefined;
  private shown: { exchangeId: string; verifications: Partial<Record<string, Verification>> } | undefined;
  private readonly disposedEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly profileId: string,
    private readonly deps: PanelDeps,
    /** A draft to load when the webview is ready (command argument); null keeps the webview's state. */
    private pendingDraft: Draft | null,
  ) {
    super();
    const s = deps.services;
    const webview = panel.webview;
    webview.options = webviewOptions(s.context.extensionUri);
    webview.html = renderPanelHtml(webview, vscode.Uri.joinPath(s.context.extensionUri, 'dist'), (base, ...p) =>
      vscode.Uri.joinPath(base, ...p),
    );
    this._register(webview.onDidReceiveMessage((m: unknown) => void this.receive(m)));
    this._register(
      panel.onDidDispose(() => {
        this.inFlight?.controller.abort();
        this.disposedEmitter.fire();
        this.dispose();
      }),
    );
    this._register(
      panel.onDidChangeViewState(() => {
        // Hidden webviews are destroyed (no retainContextWhenHidden): wait for the next `ready`.
        if (!panel.visible) this.ready = false;
      }),
    );
    this._register(
      s.session.onDidChange((id) => {
        if (id === undefined || id === profileId) void this.postTokens();
      }),
    );
    this._register(
      s.store.onDidChange(() => {
        const p = s.store.get(profileId);
        if (!p) {
          panel.dispose(); // the profile was deleted
          return;
        }
        panel.title = this.title();
        void this.post({ type: 'profile', profile: this.profileView() });
      }),
    );
    panel.title = this.title();
  }

  override dispose(): void {
    this.inFlight?.controller.abort();
    super.dispose();
  }

  private title(): string {
    const p = this.deps.services.store.get(this.profileId);
    return `OAuth Request — ${p?.name ?? 'unknown client'}`;
  }

  private profileView(): ProfileView {
    const p = this.deps.services.store.require(this.profileId);
    return {
      id: p.id,
      name: p.name,
      issuer: p.issuer,
      clientId: p.clientId,
      authMethod: p.authMethod,
      audienceMode: p.audience ?? 'issuer',
    };
  }

  /** Shows the panel, optionally loading a draft (command argument). */
  reveal(draft: Draft | null): void {
    this.panel.reveal();
    if (!draft) return;
    if (this.ready) void this.post({ type: 'loadDraft', draft: persistableDraft(draft), keepSecrets: false });
    else this.pendingDraft = draft;
  }

  private async post(m: HostMessage): Promise<void> {
    if (!this.ready || this.isDisposed) return;
    this.deps.onPosted?.(this.profileId, m);
    await this.panel.webview.postMessage(m);
  }

  /** Entry point of every message from the webview (and of the test hook). */
  async receive(raw: unknown): Promise<'handled' | 'dropped'> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      // Never log the payload: it may hold a pasted token.
      this.deps.services.log.warn(`Request panel: dropped a malformed message from the webview (${parsed.reason}).`);
      this.deps.onDropped(parsed.reason);
      return 'dropped';
    }
    try {
      await this.dispatch(parsed.value);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.deps.services.log.error(`Request panel: ${message}`);
      await this.post({ type: 'notice', level: 'error', message });
    }
    return 'handled';
  }

  private async dispatch(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        return this.postInit();
      case 'preview': {
        this.latestPreviewSeq = m.seq;
        const { message, findings } = await computePreview(this.deps.services, this.deps.history, this.profileId, m.draft, m.seq);
        if (m.seq !== this.latestPreviewSeq) return; // superseded while computing
        this.previewFindings = findings;
        return this.post(message);
      }
      case 'send':
        await this.run(m.requestId, m.draft, false);
        return;
      case 'cancel':
        if (this.inFlight?.requestId === m.requestId) this.inFlight.controller.abort();
        return;
      case 'followUp':
        return this.followUp(m.exchangeId, m.token, m.action);
      case 'copyCurl':
        return this.copyCurl(m.exchangeId, m.reveal);
      case 'applyFix':
        return this.applyFix(m.exchangeId, m.code, m.draft);
      case 'showExchange':
        return this.showExchange(m.exchangeId, null, {});
      case 'resend': {
        const item = this.deps.history.get(this.profileId, m.exchangeId);
        if (!item?.draft)
          return this.post({
            type: 'notice',
            level: 'warning',
            message: 'This request cannot be re-sent (it was not made from this panel).',
          });
        await this.startHostRun(item.draft, true);
        return;
      }
      case 'deviceAction':
        return this.deviceAction(m.requestId, m.action);
    }
  }

  private async postInit(): Promise<void> {
    const h = this.deps.history;
    const last = this.shown ? h.get(this.profileId, this.shown.exchangeId) : h.last(this.profileId);
    const draft = this.pendingDraft;
    this.pendingDraft = null;
    await this.post({
      type: 'init',
      profile: this.profileView(),
      tokens: await tokenOptions(this.deps.services, h, this.profileId),
      history: h.list(this.profileId).map((i) => toHistoryEntry(i.raw)),
      draft: draft ? persistableDraft(draft) : null,
      busy: this.inFlight ? { requestId: this.inFlight.requestId, operation: this.inFlight.operation } : null,
      lastExchange: last ? toExchangeView(last.raw, last.findings, this.shown?.verifications ?? {}) : null,
    });
    await this.postPendingNotice();
  }

  /** A notice from outside the panel (a background token refresh), kept until the webview is ready. */
  notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.pendingNotice = { level, message };
    if (this.ready) void this.postPendingNotice();
  }

  private async postPendingNotice(): Promise<void> {
    const n = this.pendingNotice;
    this.pendingNotice = undefined;
    if (n) await this.post({ type: 'notice', ...n });
  }

  private async postTokens(): Promise<void> {
    await this.post({ type: 'tokens', options: await tokenOptions(this.deps.services, this.deps.history, this.profileId) });
  }

  private async showExchange(
    exchangeId: string,
    requestId: string | null,
    verifications: Partial<Record<string, Verification>>,
  ): Promise<void> {
    const item = this.deps.history.get(this.profileId, exchangeId);
    if (!item) return this.post({ type: 'notice', level: 'warning', message: "That request is no longer in this session's history." });
    this.shown = { exchangeId, verifications };
    await this.post({ type: 'result', requestId, exchange: toExchangeView(item.raw, item.findings, verifications) });
  }

  /** A run the host starts (follow-up, re-send, fix): the webview learns it is busy. */
  private async startHostRun(draft: Draft, loadIntoForm: boolean, keepSecrets = false): Promise<{ ok: boolean }> {
    if (loadIntoForm) await this.post({ type: 'loadDraft', draft: persistableDraft(draft), keepSecrets });
    const requestId = newRequestId();
    await this.post({ type: 'started', requestId, operation: draft.operation });
    return this.run(requestId, draft, true);
  }

  private async run(requestId: string, draft: Draft, hostInitiated: boolean): Promise<{ ok: boolean }> {
    if (this.inFlight) {
      await this.post({ type: 'notice', level: 'warning', message: 'A request is still running: cancel it or wait for it to finish.' });
      if (!hostInitiated) await this.post({ type: 'finished', requestId, outcome: 'cancelled', message: null });
      return { ok: false };
    }
    const controller = new AbortController();
    this.inFlight = { requestId, operation: draft.operation, controller };
    let out: Awaited<ReturnType<typeof runDraft>>;
    try {
      out = await runDraft(
        this.deps.services,
        this.deps.history,
        this.profileId,
        draft,
        {
          signal: controller.signal,
          progress: (message) => void this.post({ type: 'progress', requestId, message }),
          userCode: (info) => {
            // Known before the webview can ask to copy or open it.
            this.device = { requestId, info };
            void this.post({
              type: 'deviceCode',
              requestId,
              userCode: info.userCode,
              verificationUri: info.verificationUri,
              verificationUriComplete: info.verificationUriComplete ?? null,
              expiresAt: Math.floor(Date.now() / 1000) + info.expiresIn,
            });
          },
          openBrowser: async (url) => {
            if (!isWebUrl(url))
              throw new Error(
                `Refused to open the authorization URL: it is ${schemeOf(url)}, not an http(s) web page. Check the authorization endpoint of the profile.`,
              );
            const opened = await this.deps.openExternal(url);
            if (!opened) throw new Error('The browser could not be opened for the authorization URL.');
          },
        },
        { interactive: this.deps.interactive?.() ?? true },
      );
    } finally {
      // Free before `finished` is posted: the webview may send the next request right away.
      if (this.inFlight?.requestId === requestId) this.inFlight = undefined;
      if (this.device?.requestId === requestId) this.device = undefined;
    }
    const last = out.items[out.items.length - 1];
    if (last) await this.showExchange(last.raw.id, requestId, out.verifications);
    await this.post({ type: 'history', entries: this.deps.history.list(this.profileId).map((i) => toHistoryEntry(i.raw)) });
    await this.postTokens();
    // A failed exchange explains itself in the response; a notice is for what it does not show
    // (no exchange at all, or a later step refused after a successful one, e.g. a device poll to a new origin).
    const message = last && out.outcome === 'failed' && last.raw.error ? null : out.message;
    await this.post({ type: 'finished', requestId, outcome: out.outcome, message });
    return { ok: out.outcome === 'ok' };
  }

  private async deviceAction(requestId: string, action: 'copyUserCode' | 'openVerificationUri'): Promise<void> {
    const d = this.device;
    if (!d || d.requestId !== requestId) return;
    if (action === 'copyUserCode') {
      await vscode.env.clipboard.writeText(d.info.userCode);
      await this.post({ type: 'notice', level: 'info', message: 'Copied the user code.' });
    } else {
      // Only the URI the server returned for THIS flow, never one named by the webview;
      // and only a web page (the core checks too; this host never opens anything else).
      const url = d.info.verificationUriComplete ?? d.info.verificationUri;
      if (!isWebUrl(url)) {
        this.deps.services.log.warn(`Request panel: refused to open the verification URI (${schemeOf(url)}, not an http(s) web page).`);
        return this.post({
          type: 'notice',
          level: 'error',
          message: `Refused to open the verification URI: it is ${schemeOf(url)}, not an http(s) web page.`,
        });
      }
      await this.deps.openExternal(url);
    }
  }

  private tokenValue(exchangeId: string, kind: TokenKind): { raw: Exchange; value: string } | undefined {
    const item = this.deps.history.get(this.profileId, exchangeId);
    const value = item ? findTokens(item.raw).find((t) => t.kind === kind)?.value : undefined;
    return item && value ? { raw: item.raw, value } : undefined;
  }

  private async followUp(
    exchangeId: string,
    kind: TokenKind,
    action: 'introspect' | 'revoke' | 'refresh' | 'decode' | 'copyToken' | 'setCurrent',
  ): Promise<void> {
    const found = this.tokenValue(exchangeId, kind);
    if (!found) return this.post({ type: 'notice', level: 'warning', message: "That token is no longer in this session's history." });
    const ref = { source: 'exchange' as const, exchangeId, kind };
    const hint = kind === 'refresh_token' ? 'refresh_token' : kind === 'access_token' ? 'access_token' : '';
    switch (action) {
      case 'introspect':
      case 'revoke':
        await this.startHostRun({ ...emptyDraft(action), token: ref, tokenTypeHint: hint }, true);
        return;
      case 'refresh':
        if (kind !== 'refresh_token')
          return this.post({ type: 'notice', level: 'warning', message: 'Only a refresh token can be refreshed.' });
        await this.startHostRun({ ...emptyDraft('refresh_token'), token: ref }, true);
        return;
      case 'decode': {
        let text: string;
        try {
          const d = decodeJwt(found.value);
          text = JSON.stringify({ header: d.header, claims: d.claims, times: d.times, verified: false }, null, 2);
        } catch (e) {
          return this.post({ type: 'notice', level: 'warning', message: e instanceof Error ? e.message : String(e) });
        }
        // Beside the panel, so the panel stays in view.
        await this.deps.services.docs.show(`${kind} (decoded, not verified).json`, text, { beside: true });
        return;
      }
      case 'copyToken':
        await vscode.env.clipboard.writeText(found.value);
        return this.post({ type: 'notice', level: 'info', message: `Copied the ${kind.replace('_', ' ')} to the clipboard.` });
      case 'setCurrent': {
        const result = found.raw.result as Partial<TokenSet> | undefined;
        if (!result || typeof result.access_token !== 'string') {
          return this.post({ type: 'notice', level: 'warning', message: 'This response holds no token set to make current.' });
        }
        await this.deps.services.session.setTokens(this.profileId, result as TokenSet);
        return this.post({
          type: 'notice',
          level: 'info',
          message: "This token is now the client's current token (tree and status bar updated).",
        });
      }
    }
  }

  private async copyCurl(exchangeId: string, reveal: boolean): Promise<void> {
    const item = this.deps.history.get(this.profileId, exchangeId);
    if (!item) return this.post({ type: 'notice', level: 'warning', message: "That request is no longer in this session's history." });
    if (reveal) {
      const yes = 'Copy with Secrets';
      const answer = await vscode.window.showWarningMessage(
        'Copy the curl command WITH its secrets?',
        {
          modal: true,
          detail:
            'The clipboard will hold the client credentials (secret or signed assertion) and any token this request sent. Anyone who reads it can act as this client until they expire.',
        },
        yes,
      );
      if (answer !== yes) return;
    }
    await vscode.env.clipboard.writeText(toCurl(item.raw, { reveal }));
    await this.post({
      type: 'notice',
      level: 'info',
      message: reveal ? 'Copied the curl command with secrets.' : 'Copied the curl command (secrets replaced by shell variables).',
    });
  }

  private async applyFix(exchangeId: string | null, code: string, draft: Draft): Promise<void> {
    const findings = exchangeId ? this.deps.history.get(this.profileId, exchangeId)?.findings : this.previewFindings;
    const f = findings?.find((x) => x.code === code);
    const action = f?.action;
    if (!f || !action) return this.post({ type: 'notice', level: 'warning', message: 'This finding has no automatic fix.' });
    const args = action.args ?? {};
    switch (action.kind) {
      case 'switch-audience': {
        const mode = args.audience as AudienceModeChoice | undefined;
        if (!mode || !AUDIENCE_MODES.includes(mode)) return;
        const next: Draft = { ...draft, audienceMode: mode };
        if (!exchangeId) {
          await this.post({ type: 'loadDraft', draft: persistableDraft(next), keepSecrets: true });
          return;
        }
        const { ok } = await this.startHostRun(next, true, true);
        // Not awaited: the notification stays until the user answers.
        if (ok)
          void this.offerSaveAudience(mode).catch((e: unknown) =>
            this.deps.services.log.error(`Request panel: ${e instanceof Error ? e.message : String(e)}`),
          );
        return;
      }
      case 'set-signing-alg':
        return this.post({ type: 'notice', level: 'info', message: `${f.fix} Change the algorithm with "OAuth: Edit Client".` });
      case 'retry':
        await this.startHostRun(draft, false);
        return;
      case 'add-param': {
        if (!args.name) return;
        const next: Draft = { ...draft, extra: [...draft.extra, { name: args.name, value: args.value ?? '' }] };
        return this.post({ type: 'loadDraft', draft: persistableDraft(next), keepSecrets: true });
      }
      case 'remove-param': {
        const names = new Set((args.names ?? '').split(',').filter(Boolean));
        const next: Draft = { ...draft, extra: draft.extra.filter((kv) => !names.has(kv.name)) };
        return this.post({ type: 'loadDraft', draft: persistableDraft(next), keepSecrets: true });
      }
      default:
        return this.post({ type: 'notice', level: 'info', message: f.fix });
    }
  }

  /** After a fix worked with another audience mode, offers to keep it in the profile. */
  private async offerSaveAudience(mode: AudienceModeChoice): Promise<void> {
    const s = this.deps.services;
    const profile = s.store.require(this.profileId);
    if ((profile.audience ?? 'issuer') === mode) return;
    const save = 'Save to Client';
    const answer = await vscode.window.showInformationMessage(
      `It worked with the assertion audience "${mode}". Save it to "${profile.name}"?`,
      save,
    );
    if (answer !== save) return;
    if (profile.source === 'settings') {
      return this.post({
        type: 'notice',
        level: 'warning',
        message: `"${profile.name}" is defined in settings: set "audience": "${mode}" there.`,
      });
    }
    const { id: _id, source: _source, ...fields } = profile;
    await s.store.update(this.profileId, { ...fields, audience: mode });
    await this.post({ type: 'notice', level: 'info', message: `Saved: "${profile.name}" now signs assertions with audience "${mode}".` });
  }
}
