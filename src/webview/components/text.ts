/**
 * Untrusted text (claims, bodies, header values) for display: always a text node,
 * cut at a display limit with a "show all" that still renders as text, so a
 * megabyte claim neither freezes the panel nor becomes markup.
 */
import { codicon, h } from '../dom';
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

/** A top-level time field of pretty JSON: `  "exp": 1767225600,`. */
const TIME_LINE = /^ {2}"(exp|iat|nbf|auth_time)": -?\d+(?:\.\d+)?,?$/;

/**
 * Pretty-printed JSON in a <pre>, truncated for display; the dates of top-level time
 * fields (given by the host) are shown beside their epoch seconds.
 */
export function jsonBlock(value: unknown, testId?: string, times: Record<string, { iso: string; relative: string }> = {}): HTMLElement {
  let text = jsonText(value);
  if (Object.keys(times).length > 0 && text.length <= 20_000) {
    text = text
      .split('\n')
      .map((line) => {
        const t = times[TIME_LINE.exec(line)?.[1] ?? ''];
        return t ? `${line}  // ${t.iso} (${t.relative})` : line;
      })
      .join('\n');
  }
  return h('pre', { class: 'code' }, truncatedText(text, { limit: 20_000, testId }));
}

/**
 * The one rendering of an error message: an error icon, the error's code when known, and
 * the message cut at 1,000 characters. `alert` announces it to screen readers.
 */
export function errorBox(testId: string, message: string, opts: { code?: string; alert?: boolean } = {}): HTMLElement {
  return h(
    'div',
    { class: 'error-box', attrs: { ...(opts.alert ? { role: 'alert' } : {}), 'data-testid': testId } },
    codicon('error'),
    ' ',
    ...(opts.code === undefined ? [] : [h('span', { class: 'mono' }, opts.code), ' ']),
    truncatedText(message, { limit: 1000 }),
  );
}
