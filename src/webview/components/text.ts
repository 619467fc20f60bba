/**
 * Untrusted text (claims, bodies, header values) for display: always a text node,
 * cut at a display limit with a "show all" that still renders as text, so a
 * megabyte claim neither freezes the panel nor becomes markup.
 */
import { h } from '../dom';
import { jsonText } from './json-text';

/** Characters shown before "show all". */
export const DISPLAY_LIMIT = 2000;

export function truncatedText(text: string, opts: { limit?: number; class?: string; testId?: string } = {}): HTMLElement {
  const limit = opts.limit ?? DISPLAY_LIMIT;
  const el = h('span', { class: opts.class ?? 'text', attrs: { 'data-testid': opts.testId } });
  if (text.length <= limit) {
    el.textContent = text;
    return el;
  }
  const shown = document.createTextNode(text.slice(0, limit));
  const more = h(
    'button',
    {
      class: 'link-button',
      attrs: { type: 'button', 'data-testid': 'show-all' },
      on: {
        click: () => {
          shown.data = text;
          more.remove();
        },
      },
    },
    `… show all (${text.length.toLocaleString()} characters)`,
  );
  el.append(shown, more);
  return el;
}

/** Pretty-printed JSON in a <pre>, truncated for display. */
export function jsonBlock(value: unknown, testId?: string): HTMLElement {
  return h('pre', { class: 'code' }, truncatedText(jsonText(value), { limit: 20_000, testId }));
}
