/** A decoded JWT: header, claims (times in human form, highlighted claims) and a signature badge. */
import { codicon, h } from '../dom';
import type { JwtView, SignatureStatus } from '../protocol';
import { jsonInline } from './json-text';
import { truncatedText } from './text';

const BADGE: Record<SignatureStatus, { icon: string; text: string; cls: string }> = {
  verified: { icon: 'verified-filled', text: 'signature verified', cls: 'ok' },
  failed: { icon: 'error', text: 'signature failed', cls: 'bad' },
  not_checked: { icon: 'circle-slash', text: 'signature not checked', cls: 'neutral' },
  own: { icon: 'key', text: 'signed by this client', cls: 'neutral' },
};

export function signatureBadge(status: SignatureStatus, note: string | null): HTMLElement {
  const b = BADGE[status];
  return h(
    'span',
    { class: `sig-badge ${b.cls}`, attrs: { title: note ?? undefined, 'data-testid': `signature-${status}` } },
    codicon(b.icon),
    b.text,
  );
}

function claimsTable(obj: Record<string, unknown>, view: JwtView | null, testId: string): HTMLElement {
  const rows = Object.entries(obj).map(([name, value]) => {
    const time = view?.times[name];
    const hl = view?.highlight.includes(name) ?? false;
    return h(
      'tr',
      { class: hl ? 'highlight' : undefined, attrs: { 'data-claim': name } },
      h('th', { attrs: { scope: 'row' } }, truncatedText(name, { limit: 200 })),
      h(
        'td',
        {},
        truncatedText(jsonInline(value), { class: 'text mono' }),
        time ? h('span', { class: 'time-note' }, ` ${time.iso} (${time.relative})`) : null,
        hl ? h('span', { class: 'hl-note' }, codicon('arrow-left'), ' check this') : null,
      ),
    );
  });
  return h('table', { class: 'kv', attrs: { 'data-testid': testId } }, h('tbody', {}, rows));
}

export function jwtPanel(view: JwtView, testId = 'jwt'): HTMLElement {
  return h(
    'section',
    { class: 'jwt', attrs: { 'data-testid': testId } },
    h(
      'div',
      { class: 'jwt-head' },
      h('span', { class: 'jwt-title' }, view.title),
      signatureBadge(view.signature, view.signatureNote),
      view.signatureNote ? h('span', { class: 'muted' }, truncatedText(view.signatureNote, { limit: 300 })) : null,
    ),
    h('div', { class: 'subhead' }, 'Header'),
    claimsTable(view.header, null, `${testId}-header`),
    h('div', { class: 'subhead' }, 'Claims'),
    claimsTable(view.claims, view, `${testId}-claims`),
  );
}
