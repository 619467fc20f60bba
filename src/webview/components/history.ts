/**
 * The client's history of exchanges — from every entry point (panel, palette, tree,
 * status bar, notifications), kept redacted across sessions — re-openable, re-sendable,
 * two of them comparable, and clearable.
 */
import { button, codicon, h } from '../dom';
import type { HistoryEntry } from '../protocol';

const SOURCE_LABEL: Record<string, string> = {
  panel: 'panel',
  palette: 'command palette',
  tree: 'OAuth Clients view',
  statusBar: 'status bar',
  notification: 'notification',
  command: 'command',
  explain: 'Explain',
  authProvider: 'authentication provider',
  autoRefresh: 'auto-refresh',
  cli: 'CLI',
};

export interface HistoryHandlers {
  open(id: string): void;
  resend(id: string): void;
  /** The selection for Compare changed. */
  select(id: string, selected: boolean): void;
  compare(): void;
  clear(): void;
}

/** A short local date and time for an ISO instant ("Mar 3, 14:05:09"). */
function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function historyList(entries: HistoryEntry[], selected: ReadonlySet<string>, on: HistoryHandlers): HTMLElement {
  if (entries.length === 0)
    return h(
      'div',
      { class: 'muted', attrs: { 'data-testid': 'history' } },
      'No requests for this client yet: every request, from here, the palette, the OAuth Clients view or the status bar, is listed here.',
    );
  const bar = h(
    'div',
    { class: 'history-bar' },
    button(`Compare selected (${selected.size}/2)`, () => on.compare(), {
      icon: 'diff',
      secondary: true,
      testId: 'history-compare',
      disabled: selected.size !== 2,
      title: 'Tick two requests to see them side by side',
    }),
    button('Clear history…', () => on.clear(), { icon: 'clear-all', secondary: true, testId: 'history-clear' }),
  );
  const list = h(
    'ul',
    { class: 'history', attrs: { 'data-testid': 'history' } },
    [...entries].reverse().map((e) =>
      h(
        'li',
        { class: e.ok ? 'ok' : 'bad', attrs: { 'data-exchange-id': e.id, 'data-source': e.source } },
        h('vscode-checkbox', {
          attrs: { 'data-testid': 'history-select', label: '', title: 'Select to compare', checked: selected.has(e.id) },
          on: { change: (ev) => on.select(e.id, Boolean((ev.target as HTMLElement & { checked?: boolean }).checked)) },
        }),
        codicon(e.ok ? 'pass' : 'error'),
        h('span', { class: 'history-label' }, e.label),
        h(
          'span',
          { class: 'muted' },
          ` ${e.status ?? '—'} · ${e.summary} · ${when(e.startedAt)} · from the ${SOURCE_LABEL[e.source] ?? e.source}`,
        ),
        e.live
          ? null
          : h(
              'span',
              { class: 'muted', attrs: { title: 'From an earlier session: kept redacted, its tokens are not stored' } },
              ' · earlier session',
            ),
        h(
          'span',
          { class: 'history-actions' },
          button('Open', () => on.open(e.id), { icon: 'go-to-file', secondary: true, testId: 'history-open' }),
          button('Re-send', () => on.resend(e.id), { icon: 'debug-rerun', secondary: true, testId: 'history-resend' }),
        ),
      ),
    ),
  );
  return h('div', {}, bar, list);
}
