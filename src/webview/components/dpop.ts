/**
 * The DPoP side of a request (RFC 9449): the key thumbprint (what the token's
 * `cnf.jkt` must be), the nonce challenge the client answered ("use_dpop_nonce →
 * retried with nonce") and the proof decoded. Every value arrives from the host as
 * data and is rendered as text.
 */
import { codicon, h } from '../dom';
import type { DpopView } from '../protocol';
import { jwtPanel } from './jwt';
import { truncatedText } from './text';

export function dpopPanel(view: DpopView, testId: string): HTMLElement {
  const c = view.nonceChallenge;
  return h(
    'section',
    { class: 'dpop', attrs: { 'data-testid': testId } },
    h(
      'div',
      { class: 'subhead' },
      codicon('shield'),
      ' DPoP · key thumbprint (jkt) ',
      h('span', { class: 'mono', attrs: { 'data-testid': `${testId}-jkt` } }, view.jkt),
    ),
    c
      ? h(
          'div',
          { class: 'muted dpop-nonce', attrs: { 'data-testid': `${testId}-nonce` } },
          codicon('sync'),
          ` HTTP ${c.status} ${c.error} → retried with nonce `,
          truncatedText(c.nonce, { limit: 200, class: 'text mono' }),
        )
      : null,
    jwtPanel(view.proof, `${testId}-proof`),
  );
}
