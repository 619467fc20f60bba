/** One finished exchange: status, timing, tokens (decoded, with follow-ups), findings, body and headers. */
import { button, codicon, h } from '../dom';
import type { ExchangeView, FindingView, FixTarget, FollowUp, TokenKind, TokenView } from '../protocol';
import { dpopPanel } from './dpop';
import { findingsList } from './findings';
import { jwtPanel } from './jwt';
import { requestPanel } from './request';
import { errorBox, jsonBlock, truncatedText } from './text';

export interface ResponseHandlers {
  followUp(exchangeId: string, token: TokenKind, action: FollowUp): void;
  copyCurl(exchangeId: string, reveal: boolean): void;
  applyFix(exchangeId: string, finding: FindingView, target: FixTarget): void;
}

export type ResponseTab = 'pretty' | 'raw' | 'headers';
const TABS: ResponseTab[] = ['pretty', 'raw', 'headers'];

const FOLLOW_UP_UI: Record<FollowUp, { label: string; icon: string }> = {
  introspect: { label: 'Introspect', icon: 'search' },
  revoke: { label: 'Revoke', icon: 'trash' },
  refresh: { label: 'Refresh', icon: 'refresh' },
  decode: { label: 'Open decoded', icon: 'json' },
  copyToken: { label: 'Copy token', icon: 'copy' },
  setCurrent: { label: 'Set as current token', icon: 'pass' },
};

const KIND_LABEL: Record<TokenView['kind'], string> = {
  access_token: 'Access token',
  refresh_token: 'Refresh token',
  id_token: 'ID token',
  response_jwt: 'JWT response',
};

function statusClass(status: number): string {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 300 && status < 400) return 'warn';
  return 'bad';
}

function tokenBlock(x: ExchangeView, t: TokenView, h_: ResponseHandlers): HTMLElement {
  return h(
    'section',
    { class: 'token', attrs: { 'data-testid': `token-${t.kind}` } },
    h(
      'div',
      { class: 'token-head' },
      h('span', { class: 'token-kind' }, KIND_LABEL[t.kind]),
      ' ',
      h('span', { class: 'mono masked', attrs: { title: 'masked: copy it with Copy token' } }, t.masked),
    ),
    t.followUps.length
      ? h(
          'div',
          { class: 'actions' },
          t.followUps.map((f) =>
            t.kind === 'response_jwt'
              ? null
              : button(FOLLOW_UP_UI[f].label, () => h_.followUp(x.id, t.kind as TokenKind, f), {
                  icon: FOLLOW_UP_UI[f].icon,
                  secondary: true,
                  testId: `followup-${f}-${t.kind}`,
                }),
          ),
        )
      : null,
    t.jwt
      ? jwtPanel(t.jwt, `jwt-${t.kind}`)
      : h('div', { class: 'muted' }, codicon('info'), ' Opaque token: introspect it to see its claims.'),
  );
}

export function responsePanel(x: ExchangeView, handlers: ResponseHandlers, tab: ResponseTab, onTab: (t: ResponseTab) => void): HTMLElement {
  const r = x.response;
  const statusLine = h(
    'div',
    { class: 'status-line', attrs: { 'data-testid': 'status-line' } },
    r
      ? h(
          'span',
          { class: `status ${statusClass(r.status)}`, attrs: { 'data-testid': 'status' } },
          String(r.status),
          r.statusText ? ` ${r.statusText}` : '',
        )
      : h('span', { class: 'status bad', attrs: { 'data-testid': 'status' } }, 'no response'),
    h(
      'span',
      { class: 'muted' },
      `${x.label} · ${Math.round(x.totalMs)} ms${x.attempts > 1 ? ` · ${x.attempts} attempts` : ''} · ${x.startedAt}`,
    ),
  );

  const error = x.error ? errorBox('exchange-error', x.error.message, { code: x.error.code, alert: true }) : null;

  const tabs = h(
    'vscode-tabs',
    {
      props: { selectedIndex: TABS.indexOf(tab) },
      on: {
        'vsc-tabs-select': (ev) => {
          const idx = (ev as CustomEvent<{ selectedIndex: number }>).detail?.selectedIndex ?? 0;
          onTab(TABS[idx] ?? 'pretty');
        },
      },
    },
    h('vscode-tab-header', { attrs: { slot: 'header' } }, 'Body'),
    h(
      'vscode-tab-panel',
      {},
      r
        ? r.json !== null
          ? jsonBlock(r.json, 'body-pretty', r.times)
          : h('pre', { class: 'code' }, truncatedText(r.body, { limit: 20_000, testId: 'body-pretty' }))
        : h('div', { class: 'muted' }, 'No body.'),
    ),
    h('vscode-tab-header', { attrs: { slot: 'header' } }, 'Raw'),
    h(
      'vscode-tab-panel',
      {},
      r
        ? h(
            'pre',
            { class: 'code' },
            truncatedText(r.body, { limit: 20_000, testId: 'body-raw' }),
            r.truncated ? h('div', { class: 'muted' }, '(body cut at the size cap)') : null,
          )
        : null,
    ),
    h('vscode-tab-header', { attrs: { slot: 'header' } }, 'Headers'),
    h(
      'vscode-tab-panel',
      {},
      r
        ? h(
            'table',
            { class: 'kv' },
            h(
              'tbody',
              {},
              r.headers.map(([n, v]) => h('tr', {}, h('th', {}, n), h('td', {}, truncatedText(v, { class: 'text mono' })))),
            ),
          )
        : null,
    ),
  );

  return h(
    'div',
    { class: 'exchange', attrs: { 'data-testid': 'exchange', 'data-exchange-id': x.id } },
    statusLine,
    error,
    x.findings.length ? h('h3', {}, 'Diagnosis') : null,
    x.findings.length ? findingsList(x.findings, (f, target) => handlers.applyFix(x.id, f, target), 'response-findings') : null,
    x.dpop ? dpopPanel(x.dpop, 'dpop') : null,
    x.tokens.map((t) => tokenBlock(x, t, handlers)),
    tabs,
    h(
      'div',
      { class: 'actions' },
      button('Copy as curl', () => handlers.copyCurl(x.id, false), { icon: 'terminal', secondary: true, testId: 'copy-curl' }),
      button('Copy as curl with secrets…', () => handlers.copyCurl(x.id, true), {
        icon: 'unlock',
        secondary: true,
        testId: 'copy-curl-reveal',
      }),
    ),
    h(
      'details',
      { class: 'sent' },
      h('summary', {}, 'Request as sent'),
      requestPanel(x.request, 'sent-request'),
      x.assertion ? jwtPanel(x.assertion, 'sent-assertion') : null,
    ),
  );
}
