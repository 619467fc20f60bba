/** The session's exchanges for this profile (redacted), re-openable and re-sendable. */
import { button, codicon, h } from '../dom';
import type { HistoryEntry } from '../protocol';

export function historyList(entries: HistoryEntry[], onOpen: (id: string) => void, onResend: (id: string) => void): HTMLElement {
  if (entries.length === 0)
    return h('div', { class: 'muted', attrs: { 'data-testid': 'history' } }, 'No requests sent in this session yet.');
  return h(
    'ul',
    { class: 'history', attrs: { 'data-testid': 'history' } },
    [...entries].reverse().map((e) =>
      h(
        'li',
        { class: e.ok ? 'ok' : 'bad', attrs: { 'data-exchange-id': e.id } },
        codicon(e.ok ? 'pass' : 'error'),
        h('span', { class: 'history-label' }, e.label),
        h('span', { class: 'muted' }, ` ${e.status ?? '—'} · ${e.summary} · ${e.startedAt.slice(11, 19)}`),
        h(
          'span',
          { class: 'history-actions' },
          button('Open', () => onOpen(e.id), { icon: 'go-to-file', secondary: true, testId: 'history-open' }),
          button('Re-send', () => onResend(e.id), { icon: 'debug-rerun', secondary: true, testId: 'history-resend' }),
        ),
      ),
    ),
  );
}
