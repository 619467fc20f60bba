/** The HTTP request as it goes on the wire (secret values arrive already masked). */
import { codicon, h } from '../dom';
import type { ParamView, RequestView } from '../protocol';
import { truncatedText } from './text';

function paramRows(params: ParamView[]): HTMLElement[] {
  return params.map((p) =>
    h(
      'tr',
      { class: p.secret ? 'secret' : undefined },
      h('th', { attrs: { scope: 'row' } }, truncatedText(p.name, { limit: 200 })),
      h(
        'td',
        {},
        truncatedText(p.value, { class: 'text mono' }),
        p.secret ? h('span', { class: 'secret-tag', attrs: { title: 'secret value, masked' } }, codicon('lock')) : null,
      ),
    ),
  );
}

export function requestPanel(req: RequestView, testId = 'request'): HTMLElement {
  return h(
    'section',
    { class: 'http-request', attrs: { 'data-testid': testId } },
    h('div', { class: 'request-line mono' }, h('span', { class: 'method' }, req.method), ' ', truncatedText(req.url, { limit: 500 })),
    req.headers.length ? h('div', { class: 'subhead' }, 'Headers') : null,
    req.headers.length ? h('table', { class: 'kv' }, h('tbody', {}, paramRows(req.headers))) : null,
    req.form.length ? h('div', { class: 'subhead' }, 'Form body (application/x-www-form-urlencoded)') : null,
    req.form.length ? h('table', { class: 'kv', attrs: { 'data-testid': `${testId}-form` } }, h('tbody', {}, paramRows(req.form))) : null,
    req.body !== null ? h('div', { class: 'subhead' }, 'Body') : null,
    req.body !== null ? h('pre', { class: 'code' }, truncatedText(req.body, { limit: 20_000, testId: `${testId}-body` })) : null,
  );
}
