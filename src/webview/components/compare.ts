/**
 * Two exchanges side by side: request, client assertion, response and token claims,
 * one row per field; rows that differ are marked, and values that differ between any
 * two exchanges (jti, iat, exp, dates) are marked as expected.
 */
import { button, codicon, h } from '../dom';
import type { CompareView, HistoryEntry } from '../protocol';
import { truncatedText } from './text';

function heading(e: HistoryEntry): string {
  return `${e.label} · ${e.status ?? '—'} · ${e.startedAt.replace('T', ' ').slice(0, 19)}`;
}

export function compareTable(view: CompareView, onClose: () => void): HTMLElement {
  const differing = view.sections.reduce((n, s) => n + s.rows.filter((r) => r.differs && !r.volatile).length, 0);
  return h(
    'section',
    { class: 'compare', attrs: { 'data-testid': 'compare', 'aria-label': 'Compare two requests' } },
    h(
      'div',
      { class: 'compare-head' },
      h('h2', {}, 'Compare'),
      h('span', { class: 'muted', attrs: { 'data-testid': 'compare-summary' } }, `${differing} field${differing === 1 ? '' : 's'} differ`),
      button('Close', onClose, { icon: 'close', secondary: true, testId: 'compare-close' }),
    ),
    view.sections.map((s) =>
      h(
        'table',
        { class: 'kv compare-table', attrs: { 'data-section': s.title } },
        h('caption', {}, s.title),
        h('thead', {}, h('tr', {}, h('th', {}, 'Field'), h('th', {}, heading(view.left)), h('th', {}, heading(view.right)))),
        h(
          'tbody',
          {},
          s.rows.map((r) =>
            h(
              'tr',
              {
                class: r.differs ? (r.volatile ? 'differs volatile' : 'differs') : undefined,
                attrs: { 'data-field': r.name, 'data-differs': String(r.differs) },
              },
              h('th', { attrs: { scope: 'row' } }, r.differs && !r.volatile ? codicon('diff-modified') : null, ' ', r.name),
              h('td', {}, r.left === null ? h('span', { class: 'muted' }, '—') : truncatedText(r.left, { class: 'text mono', limit: 500 })),
              h(
                'td',
                {},
                r.right === null ? h('span', { class: 'muted' }, '—') : truncatedText(r.right, { class: 'text mono', limit: 500 }),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
