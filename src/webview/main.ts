/**
 * Entry of the "OAuth Request" panel's browser side (bundled to dist/webview.js).
 * Renders the form, the live preview, the response and the history; talks to the
 * host only through the validated protocol in ./protocol.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './styles.css';

import { compareTable } from './components/compare';
import { deviceBox, type DeviceInfo } from './components/device';
import { dpopPanel } from './components/dpop';
import { ExplainBox } from './components/explain';
import { findingsList } from './components/findings';
import { DraftForm } from './components/form';
import { historyList } from './components/history';
import { jwtPanel } from './components/jwt';
import { requestPanel } from './components/request';
import { type ResponseTab, responsePanel } from './components/response';
import { errorBox, truncatedText } from './components/text';
import { button, codicon, h, replaceChildren } from './dom';
import { OPERATIONS } from './operations';
import {
  type Draft,
  type ExchangeView,
  type HistoryEntry,
  type HostMessage,
  type PanelState,
  type ProfileView,
  type WebviewMessage,
  SECRET_DRAFT_FIELDS,
  emptyDraft,
  parseHostMessage,
  parsePanelState,
  persistableDraft,
} from './protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const PREVIEW_DEBOUNCE_MS = 250;

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function newRequestId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `r${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// ── app state (in memory; only `persist()` reaches vscode state) ─────────────
const restored = parsePanelState(vscode.getState());
let profileId = restored.ok ? restored.value.profileId : '';
let responseTab: ResponseTab = restored.ok ? restored.value.view : 'pretty';
let profile: ProfileView | null = null;
let previewSeq = 0;
let previewTimer: ReturnType<typeof setTimeout> | undefined;
let busy: { requestId: string; operation: string } | null = null;
let device: DeviceInfo | null = null;
let exchange: ExchangeView | null = null;
let progressText = '';
let history: HistoryEntry[] = [];
/** Exchanges ticked for Compare (at most two). */
const compareSelection = new Set<string>();
let explainSeq = 0;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
/** How long an information notice ("Copied …") stays. */
const INFO_NOTICE_MS = 6000;

function persist(): void {
  if (!profileId) return;
  const state: PanelState = { version: 1, profileId, draft: persistableDraft(form.draft), view: responseTab };
  vscode.setState(state);
}

// ── layout ───────────────────────────────────────────────────────────────────
const form = new DraftForm(() => {
  persist();
  schedulePreview();
  renderSendBar();
});
const profileHeader = h('header', { class: 'profile', attrs: { 'data-testid': 'profile' } });
const noticeBar = h('div', { class: 'notice', attrs: { role: 'status', 'data-testid': 'notice' } });
const sendBar = h('div', { class: 'send-bar' });
const previewArea = h('div', { class: 'preview', attrs: { 'data-testid': 'preview' } }, h('div', { class: 'muted' }, 'Preparing preview…'));
const responseArea = h('div', { class: 'response', attrs: { 'data-testid': 'response' } });
const historyArea = h('div', {});
const compareArea = h('div', {});
const explainBox = new ExplainBox({
  explain: (text) => post({ type: 'explain', seq: ++explainSeq, text }),
  send: () => post({ type: 'explainAction', action: 'send' }),
  copyCurl: () => post({ type: 'explainAction', action: 'copyCurl' }),
  fix: (f, target) => post({ type: 'applyFix', from: 'explain', exchangeId: null, code: f.code, target, draft: form.draft }),
  closed: () => undefined,
});

document.body.append(
  h(
    'div',
    { class: 'app' },
    profileHeader,
    noticeBar,
    explainBox.element,
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { class: 'col', attrs: { 'aria-label': 'Request' } },
        h('h2', {}, 'Request'),
        form.element,
        sendBar,
        h('h2', {}, 'Preview'),
        previewArea,
      ),
      h('section', { class: 'col', attrs: { 'aria-label': 'Response' } }, h('h2', {}, 'Response'), responseArea),
    ),
    compareArea,
    h('section', { class: 'history-section', attrs: { 'aria-label': 'History' } }, h('h2', {}, 'History'), historyArea),
  ),
);

// ── rendering ────────────────────────────────────────────────────────────────
function renderProfile(): void {
  if (!profile) return;
  replaceChildren(
    profileHeader,
    codicon('account'),
    h('span', { class: 'profile-name' }, profile.name),
    h(
      'span',
      { class: 'muted', attrs: { 'data-testid': 'profile-details' } },
      ` ${profile.clientId} · ${profile.authMethod}${/_jwt$/.test(profile.authMethod) ? ` · aud: ${profile.audienceLabel}` : ''} · ${profile.issuer}`,
    ),
    h(
      'span',
      { class: 'profile-actions' },
      button('Explain a curl…', () => explainBox.open('', 'Paste a curl command, then Explain.'), {
        icon: 'question',
        secondary: true,
        testId: 'open-explain',
      }),
    ),
  );
}

function renderSendBar(): void {
  const op = form.draft.operation;
  const interactive = op === 'authorization_code' || op === 'device_code';
  replaceChildren(
    sendBar,
    busy
      ? [
          h('vscode-progress-ring', { attrs: { 'aria-label': 'Sending' } }),
          h('span', { class: 'muted', attrs: { 'data-testid': 'progress' } }, progressText || 'Sending…'),
          button('Cancel', () => busy && post({ type: 'cancel', requestId: busy.requestId }), {
            icon: 'debug-stop',
            secondary: true,
            testId: 'cancel',
          }),
        ]
      : button(interactive ? `Start ${OPERATIONS[op].label}` : 'Send', send, {
          icon: interactive ? 'link-external' : 'send',
          testId: 'send',
        }),
  );
}

function renderResponse(): void {
  const showingDevice = device !== null && busy !== null && device.requestId === busy.requestId;
  const current = device;
  const exchangeView = exchange
    ? responsePanel(
        exchange,
        {
          followUp: (exchangeId, token, action) => post({ type: 'followUp', exchangeId, token, action }),
          copyCurl: (exchangeId, reveal) => post({ type: 'copyCurl', exchangeId, reveal }),
          applyFix: (exchangeId, f, target) =>
            post({ type: 'applyFix', from: 'exchange', exchangeId, code: f.code, target, draft: form.draft }),
        },
        responseTab,
        (t) => {
          responseTab = t;
          persist();
        },
      )
    : null;
  replaceChildren(
    responseArea,
    showingDevice && current ? deviceBox(current, (action) => post({ type: 'deviceAction', requestId: current.requestId, action })) : null,
    // While a request runs, the previous response stays readable but marked as such.
    exchangeView && busy && !showingDevice
      ? h(
          'div',
          { class: 'stale', attrs: { 'data-testid': 'previous-response' } },
          h('div', { class: 'muted' }, 'Previous response'),
          exchangeView,
        )
      : null,
    exchangeView && !busy ? exchangeView : null,
    !exchange && !busy ? h('div', { class: 'muted' }, 'Send the request to see the response here.') : null,
  );
}

function renderHistory(): void {
  const ids = new Set(history.map((e) => e.id));
  for (const id of [...compareSelection]) if (!ids.has(id)) compareSelection.delete(id);
  replaceChildren(
    historyArea,
    historyList(history, compareSelection, {
      open: (exchangeId) => post({ type: 'showExchange', exchangeId }),
      resend: (exchangeId) => post({ type: 'resend', exchangeId }),
      select: (exchangeId, selected) => {
        if (selected) {
          compareSelection.add(exchangeId);
          // Two at most: the oldest pick makes room for the newest.
          if (compareSelection.size > 2) compareSelection.delete([...compareSelection][0]!);
        } else compareSelection.delete(exchangeId);
        renderHistory();
      },
      compare: () => {
        const [leftId, rightId] = [...compareSelection];
        if (leftId && rightId) post({ type: 'compare', leftId, rightId });
      },
      clear: () => post({ type: 'clearHistory' }),
    }),
  );
}

function clearNotice(): void {
  clearTimeout(noticeTimer);
  noticeBar.replaceChildren();
  noticeBar.className = 'notice';
}

/** Information notices go away by themselves; warnings and errors stay until closed or replaced. */
function showNotice(level: 'info' | 'warning' | 'error', message: string): void {
  clearTimeout(noticeTimer);
  noticeBar.className = `notice ${level}`;
  replaceChildren(
    noticeBar,
    codicon(level === 'info' ? 'info' : level),
    ' ',
    truncatedText(message, { limit: 1000 }),
    button('', clearNotice, { icon: 'close', secondary: true, title: 'Dismiss', testId: 'notice-close' }),
  );
  if (level === 'info') noticeTimer = setTimeout(clearNotice, INFO_NOTICE_MS);
}

// ── actions ──────────────────────────────────────────────────────────────────
function schedulePreview(): void {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(() => post({ type: 'preview', seq: ++previewSeq, draft: form.draft }), PREVIEW_DEBOUNCE_MS);
}

function send(): void {
  if (busy) return;
  const requestId = newRequestId();
  busy = { requestId, operation: form.draft.operation };
  progressText = 'Sending…';
  device = null;
  clearNotice();
  post({ type: 'send', requestId, draft: form.draft });
  renderSendBar();
  renderResponse();
}

function loadDraft(d: Draft, keepSecrets: boolean): void {
  if (keepSecrets) {
    const current = form.draft;
    d = { ...d };
    for (const k of SECRET_DRAFT_FIELDS) d[k] = current[k];
  }
  form.set(d);
  persist();
  schedulePreview();
  renderSendBar();
}

// ── messages from the host ───────────────────────────────────────────────────
function handle(m: HostMessage): void {
  switch (m.type) {
    case 'init': {
      const sameProfile = profileId === m.profile.id;
      profile = m.profile;
      profileId = m.profile.id;
      form.setProfile(m.profile);
      form.setTokenOptions(m.tokens);
      history = m.history;
      busy = m.busy;
      exchange = m.lastExchange;
      if (m.draft) form.set(m.draft);
      else if (restored.ok && sameProfile) form.set(restored.value.draft);
      else form.set(emptyDraft());
      renderProfile();
      renderHistory();
      renderSendBar();
      renderResponse();
      persist();
      schedulePreview();
      return;
    }
    case 'preview': {
      if (m.seq !== previewSeq) return; // a newer preview is on its way
      replaceChildren(
        previewArea,
        m.note ? h('div', { class: 'muted note' }, codicon('info'), ' ', m.note) : null,
        m.error ? errorBox('preview-error', m.error.message) : null,
        m.request ? requestPanel(m.request, 'preview-request') : null,
        m.assertion ? jwtPanel(m.assertion, 'preview-assertion') : null,
        m.dpop ? dpopPanel(m.dpop, 'preview-dpop') : null,
        h('div', { class: 'subhead' }, 'Preflight checks'),
        findingsList(
          m.findings,
          (f, target) => post({ type: 'applyFix', from: 'preview', exchangeId: null, code: f.code, target, draft: form.draft }),
          'preview-findings',
        ),
      );
      return;
    }
    case 'started':
      busy = { requestId: m.requestId, operation: m.operation };
      progressText = 'Sending…';
      device = null;
      clearNotice();
      renderSendBar();
      renderResponse();
      return;
    case 'progress':
      if (busy?.requestId === m.requestId) {
        progressText = m.message;
        renderSendBar();
      }
      return;
    case 'deviceCode':
      if (busy?.requestId === m.requestId) {
        device = m;
        renderResponse();
      }
      return;
    case 'result':
      exchange = m.exchange;
      renderResponse();
      return;
    case 'finished':
      if (busy?.requestId === m.requestId) {
        busy = null;
        device = null;
        progressText = '';
        renderSendBar();
        renderResponse();
      }
      if (m.message) showNotice(m.outcome === 'ok' ? 'info' : m.outcome === 'cancelled' ? 'warning' : 'error', m.message);
      return;
    case 'history':
      history = m.entries;
      renderHistory();
      return;
    case 'tokens':
      form.setTokenOptions(m.options);
      return;
    case 'profile':
      profile = m.profile;
      form.setProfile(m.profile);
      renderProfile();
      schedulePreview();
      return;
    case 'loadDraft':
      loadDraft(m.draft, m.keepSecrets);
      return;
    case 'notice':
      showNotice(m.level, m.message);
      return;
    case 'compare':
      replaceChildren(
        compareArea,
        compareTable(m.view, () => replaceChildren(compareArea)),
      );
      compareArea.scrollIntoView({ block: 'start' });
      return;
    case 'explainOpen':
      explainBox.open(m.text, m.note);
      explainBox.element.scrollIntoView({ block: 'start' });
      return;
    case 'explained':
      if (m.seq === explainSeq) explainBox.show(m.view);
      return;
  }
}

window.addEventListener('message', (ev: MessageEvent) => {
  const parsed = parseHostMessage(ev.data);
  if (!parsed.ok) {
    // Dropped, logged without the payload (it may hold anything).
    console.warn(`[oauth-workbench] dropped a malformed message from the host: ${parsed.reason}`);
    return;
  }
  handle(parsed.value);
});

// Everything is wired: tell the host it may post now.
post({ type: 'ready' });
