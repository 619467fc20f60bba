/**
 * One "OAuth Request" webview panel for one profile. It owns the webview plumbing:
 * HTML with CSP, the `ready` handshake, run-time validation of every message
 * (malformed ones are dropped and logged without their content), and the dispatch
 * of valid messages to the panel's modules (preview, run, follow-ups, history).
 * No OAuth logic here: the core builds, signs, sends and parses.
 */
import * as vscode from 'vscode';
import { decodeJwt, toCurl, type Exchange, type Finding, type TokenSet } from '../../core';
import { curlForCopy } from '../curl-copy';
import { audienceText } from '../guide/client-labels';
import { Disposable } from '../lifecycle/disposable';
import type { ShellServices } from '../services';
import {
  type Draft,
  type FindingSource,
  type HostMessage,
  type ProfileView,
  type TokenKind,
  type WebviewMessage,
  emptyDraft,
  parseWebviewMessage,
  persistableDraft,
} from '../../webview/protocol';
import { renderPanelHtml } from './html';
import { runDraft } from './panel-run';
import { resolveTokens } from './tokens';
import { computePreview } from './preview';
import { tokenOptions } from './tokens';
import { compareRecords } from './compare';
import { openExplain, explainText, type ExplainState, type PasteSource } from './explain';
import { applyFix, type FixHost } from './panel-fixes';
import { buildPreview } from './preview-request';
import { panelContext } from './panel-context';
import { findTokens, toHistoryEntry, toRecordView, type Verification } from './view-model';
import { verifyTokens } from './verify-tokens';
import { checkOf, decodedDocument } from '../output/decoded-document';
import { isWebUrl, schemeOf } from './web-url';

export { VIEW_TYPE } from './view-type';

export interface PanelDeps {
  services: ShellServices;
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

/** What to show when the panel opens or is revealed, besides a draft. */
export interface PanelOpen {
  /** A history record to show (e.g. "Open in Panel" from a failure notification). */
  exchangeId?: string;
  /** Opens the Explain box with a paste. */
  explain?: { text: string | undefined; source: PasteSource };
}

export class RequestPanel extends Disposable implements FixHost {
  /**
   * The live webview said `ready` and still exists. Visibility alone does not tell: a panel
   * covered and uncovered in one step keeps its webview (no new `ready` comes), while a hidden
   * one loses it (it says `ready` again when shown). So a post VS Code could not deliver clears
   * it, and so does revealing a hidden panel; the next `ready` gets the whole state in `init`.
   */
  private ready = false;
  private pendingNotice: { level: 'info' | 'warning' | 'error'; message: string } | undefined;
  private inFlight: { requestId: string; operation: string; controller: AbortController } | undefined;
  private latestPreviewSeq = -1;
  /** The last preview's findings, host-side, so applyFix can read their actions. */
  private previewFindings: Finding[] = [];
  /** The running device flow's user code and verification URI (for copy/open). */
  private device: { requestId: string; info: { userCode: string; verificationUri: string; verificationUriComplete?: string } } | undefined;
  private shown: { exchangeId: string; verifications: Partial<Record<string, Verification>> } | undefined;
  /** The Explain box's paste (host side: its secrets never reach the webview). */
  private explainState: ExplainState = { shown: '', hidden: new Map(), findings: [] };
  private latestExplainSeq = -1;
  /** Opened before the webview was ready. */
  private pendingOpen: PanelOpen = {};
  private readonly disposedEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly profileId: string,
    private readonly deps: PanelDeps,
    /** A draft to load when the webview is ready (command argument); null keeps the webview's state. */
    private pendingDraft: Draft | null,
    open: PanelOpen = {},
  ) {
    super();
    this.pendingOpen = open;
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
      s.session.onDidChange((id) => {
        if (id === undefined || id === profileId) void this.postTokens();
      }),
    );
    // Exchanges from every entry point (tree, palette, status bar, …) show up here as they happen.
    this._register(
      s.history.onDidChange((id) => {
        if (id === profileId) void this.postHistory();
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
      audienceLabel: audienceText(p.audience, p.customAudience),
    };
  }

  get services(): ShellServices {
    return this.deps.services;
  }

  /** Shows the panel, optionally loading a draft (command argument), a history record or a paste to explain. */
  reveal(draft: Draft | null, open: PanelOpen = {}): void {
    // A hidden webview (no retainContextWhenHidden) was destroyed: it loads again and says `ready`.
    if (!this.panel.visible) this.ready = false;
    this.panel.reveal();
    if (!this.ready) {
      if (draft) this.pendingDraft = draft;
      this.pendingOpen = { ...this.pendingOpen, ...open };
      return;
    }
    if (draft) void this.post({ type: 'loadDraft', draft: persistableDraft(draft), keepSecrets: false });
    void this.applyOpen(open);
  }

  /** Shows what `open` asks for (the webview is ready). */
  private async applyOpen(open: PanelOpen): Promise<void> {
    if (open.exchangeId) await this.showExchange(open.exchangeId, null, {});
    if (open.explain) {
      const { state, text, note } = openExplain(open.explain.text, open.explain.source);
      this.explainState = state;
      await this.post({ type: 'explainOpen', text, note });
    }
  }

  async post(m: HostMessage): Promise<void> {
    if (!this.ready || this.isDisposed) return;
    this.deps.onPosted?.(this.profileId, m);
    // false: VS Code has no webview to deliver to (it was hidden and destroyed).
    if (!(await this.panel.webview.postMessage(m))) this.ready = false;
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
        const { message, findings } = await computePreview(this.deps.services, this.profileId, this.withPastedSecrets(m.draft), m.seq);
        if (m.seq !== this.latestPreviewSeq) return; // superseded while computing
        this.previewFindings = findings;
        return this.post(message);
      }
      case 'send':
        await this.run(m.requestId, this.withPastedSecrets(m.draft), false);
        return;
      case 'cancel':
        if (this.inFlight?.requestId === m.requestId) this.inFlight.controller.abort();
        return;
      case 'followUp':
        return this.followUp(m.exchangeId, m.token, m.action);
      case 'copyCurl':
        return this.copyCurl(m.exchangeId, m.reveal);
      case 'applyFix':
        return applyFix(this, m);
      case 'showExchange':
        return this.showExchange(m.exchangeId, null, {});
      case 'compare':
        return this.compare(m.leftId, m.rightId);
      case 'clearHistory':
        await vscode.commands.executeCommand('oauthWorkbench.clearHistory', { profileId: this.profileId, interactive: true });
        return;
      case 'explain':
        return this.explain(m.seq, m.text);
      case 'explainAction':
        return m.action === 'send' ? this.sendExplained() : this.copyCorrectedCurl();
      case 'resend': {
        const h = this.deps.services.history;
        const draft = h.raw(m.exchangeId)?.draft ?? h.get(this.profileId, m.exchangeId)?.draft;
        if (!draft)
          return this.post({
            type: 'notice',
            level: 'warning',
            message: 'This request cannot be re-sent (it was not made from this panel).',
          });
        await this.startHostRun(draft, true);
        return;
      }
      case 'deviceAction':
        return this.deviceAction(m.requestId, m.action);
    }
  }

  private async postInit(): Promise<void> {
    const h = this.deps.services.history;
    await h.load(this.profileId);
    const last = this.shown ? h.get(this.profileId, this.shown.exchangeId) : h.last(this.profileId);
    const draft = this.pendingDraft;
    this.pendingDraft = null;
    await this.post({
      type: 'init',
      profile: this.profileView(),
      tokens: await tokenOptions(this.deps.services, this.profileId),
      history: this.historyEntries(),
      draft: draft ? persistableDraft(draft) : null,
      busy: this.inFlight ? { requestId: this.inFlight.requestId, operation: this.inFlight.operation } : null,
      lastExchange: last ? toRecordView(last, h.raw(last.id)?.exchange, this.shown?.verifications ?? {}) : null,
    });
    const open = this.pendingOpen;
    this.pendingOpen = {};
    await this.applyOpen(open);
    await this.postPendingNotice();
  }

  /** The findings the webview showed, by where they came from. */
  findingsOf(from: FindingSource, exchangeId: string | null): readonly Finding[] | undefined {
    if (from === 'preview') return this.previewFindings;
    if (from === 'explain') return this.explainState.findings;
    return exchangeId ? this.deps.services.history.get(this.profileId, exchangeId)?.findings : undefined;
  }

  /**
   * The webview never holds the secrets of an explained paste (it shows them as
   * $VARIABLES): a draft that asks for a pasted value it does not have gets it here.
   */
  private withPastedSecrets(d: Draft): Draft {
    const from = this.explainState.draft;
    if (!from) return d;
    const out = { ...d };
    for (const k of ['pastedToken', 'pastedActorToken', 'pastedAssertion', 'password'] as const)
      if (out[k] === '' && from[k] !== '') out[k] = from[k];
    return out;
  }

  private async explain(seq: number, text: string): Promise<void> {
    this.latestExplainSeq = seq;
    const { state, view } = await explainText(this.deps.services, this.profileId, text, this.explainState);
    if (seq !== this.latestExplainSeq) return; // a newer text is being explained
    this.explainState = state;
    await this.post({ type: 'explained', seq, view });
    if (state.draft) await this.post({ type: 'loadDraft', draft: persistableDraft(state.draft), keepSecrets: false });
  }

  async reexplain(): Promise<void> {
    if (this.explainState.shown) await this.explain(this.latestExplainSeq + 1, this.explainState.shown);
  }

  /** "Send correctly with this client": the paste's operation and parameters, with the client's own authentication. */
  async sendExplained(): Promise<void> {
    const draft = this.explainState.draft;
    if (!draft)
      return this.post({ type: 'notice', level: 'warning', message: 'Explain a curl command of an operation the panel can send first.' });
    await this.startHostRun(draft, true);
  }

  /** "Copy corrected curl": the same request as the client sends it, secrets as shell variables. */
  private async copyCorrectedCurl(): Promise<void> {
    const draft = this.explainState.draft;
    if (!draft)
      return this.post({ type: 'notice', level: 'warning', message: 'Explain a curl command of an operation the panel can send first.' });
    const s = this.deps.services;
    const pc = await panelContext(s, this.profileId, draft, { interactive: false });
    const p = await buildPreview(pc.ctx, draft, await resolveTokens(s, this.profileId, draft));
    await vscode.env.clipboard.writeText(toCurl(p.wire, { reveal: false }));
    const jwt = /_jwt$/.test(pc.ctx.profile.authMethod);
    await this.post({
      type: 'notice',
      level: 'info',
      message: `Copied the corrected curl command (${pc.ctx.profile.authMethod}). Secrets are shell variables${
        jwt ? ': set $CLIENT_ASSERTION from "OAuth: Copy Client Assertion" (valid 60 s, single use) right before running it' : ''
      }.`,
    });
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

  private async compare(leftId: string, rightId: string): Promise<void> {
    const h = this.deps.services.history;
    await h.load(this.profileId);
    const a = h.get(this.profileId, leftId);
    const b = h.get(this.profileId, rightId);
    if (!a || !b) return this.post({ type: 'notice', level: 'warning', message: 'That request is no longer in the history.' });
    await this.post({ type: 'compare', view: compareRecords(a, b, (id) => h.raw(id) !== undefined) });
  }

  private historyEntries() {
    const h = this.deps.services.history;
    return h.list(this.profileId).map((r) => toHistoryEntry(r, h.raw(r.id) !== undefined));
  }

  private async postHistory(): Promise<void> {
    await this.post({ type: 'history', entries: this.historyEntries() });
  }

  private async postTokens(): Promise<void> {
    await this.post({ type: 'tokens', options: await tokenOptions(this.deps.services, this.profileId) });
  }

  private async showExchange(
    exchangeId: string,
    requestId: string | null,
    verifications: Partial<Record<string, Verification>>,
  ): Promise<void> {
    const h = this.deps.services.history;
    await h.load(this.profileId);
    const record = h.get(this.profileId, exchangeId);
    if (!record) return this.post({ type: 'notice', level: 'warning', message: 'That request is no longer in the history.' });
    this.shown = { exchangeId, verifications };
    await this.post({ type: 'result', requestId, exchange: toRecordView(record, h.raw(exchangeId)?.exchange, verifications) });
  }

  /** A run the host starts (follow-up, re-send, fix): the webview learns it is busy. */
  async startHostRun(draft: Draft, loadIntoForm: boolean, keepSecrets = false): Promise<{ ok: boolean }> {
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
    const last = out.records[out.records.length - 1];
    if (last) await this.showExchange(last.id, requestId, out.verifications);
    await this.postHistory();
    await this.postTokens();
    // A failed exchange explains itself in the response; a notice is for what it does not show
    // (no exchange at all, or a later step refused after a successful one, e.g. a device poll to a new origin).
    const message = last && out.outcome === 'failed' && last.exchange.error ? null : out.message;
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
    const raw = this.deps.services.history.raw(exchangeId)?.exchange;
    const value = raw ? findTokens(raw).find((t) => t.kind === kind)?.value : undefined;
    return raw && value ? { raw, value } : undefined;
  }

  private async followUp(
    exchangeId: string,
    kind: TokenKind,
    action: 'introspect' | 'revoke' | 'refresh' | 'decode' | 'copyToken' | 'setCurrent',
  ): Promise<void> {
    const found = this.tokenValue(exchangeId, kind);
    if (!found)
      return this.post({
        type: 'notice',
        level: 'warning',
        message: 'That token is no longer available: the history keeps exchanges redacted, and tokens only while this window is open.',
      });
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
        let decoded: ReturnType<typeof decodeJwt>;
        try {
          decoded = decodeJwt(found.value);
        } catch (e) {
          return this.post({ type: 'notice', level: 'warning', message: e instanceof Error ? e.message : String(e) });
        }
        // The same check as the panel's signature badge, so both say the same thing.
        const pc = await panelContext(this.deps.services, this.profileId, emptyDraft(), { interactive: false });
        const check = checkOf((await verifyTokens([{ kind, value: found.value }], pc.ctx))[kind], pc.metadata?.issuer ?? pc.profile.issuer);
        // Beside the panel, so the panel stays in view.
        await this.deps.services.docs.show(
          `${kind} (decoded).jsonc`,
          decodedDocument(decoded, check, `${kind.replace('_', ' ')} from the panel`),
          {
            beside: true,
          },
        );
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
    const s = this.deps.services;
    const record = s.history.get(this.profileId, exchangeId);
    if (!record) return this.post({ type: 'notice', level: 'warning', message: 'That request is no longer in the history.' });
    if (reveal) {
      const yes = 'Copy with Secrets';
      const answer = await vscode.window.showWarningMessage(
        'Copy the curl command WITH its secrets?',
        {
          modal: true,
          detail: `The clipboard will hold the client credentials (${
            record.exchange.assertion ? 'a client assertion signed now, valid 60 s, single use' : 'the client secret'
          }) and any token this request sent. Anyone who reads it can act as this client until they expire.`,
        },
        yes,
      );
      if (answer !== yes) return;
    }
    const copy = await curlForCopy(s, s.store.require(this.profileId), record, s.history.raw(exchangeId)?.exchange, reveal);
    await vscode.env.clipboard.writeText(copy.text);
    await this.post({ type: 'notice', level: 'info', message: copy.note });
  }
}
