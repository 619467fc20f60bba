/**
 * Diagnosis findings (preflight, after the response, or of an explained paste), with
 * their one-click fixes, each labelled by where it applies: "this request" or "save to client".
 */
import { button, codicon, h, safeHttpsUrl } from '../dom';
import type { FindingView, FixTarget, Severity } from '../protocol';
import { truncatedText } from './text';

const ICON: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

/** How a fix button names where it applies. */
export const FIX_TARGET_LABEL: Record<FixTarget, string> = { request: 'this request', client: 'save to client' };

export function findingsList(
  findings: FindingView[],
  onFix: ((f: FindingView, target: FixTarget) => void) | null,
  testId: string,
): HTMLElement {
  if (findings.length === 0) {
    return h('div', { class: 'muted', attrs: { 'data-testid': testId } }, codicon('pass'), ' No findings.');
  }
  return h(
    'ul',
    { class: 'findings', attrs: { 'data-testid': testId } },
    findings.map((f) => {
      const docs = safeHttpsUrl(f.docs);
      return h(
        'li',
        { class: `finding ${f.severity}`, attrs: { 'data-code': f.code } },
        h('div', { class: 'finding-title' }, codicon(ICON[f.severity]), ' ', f.title, ' ', h('span', { class: 'mono muted' }, f.code)),
        f.evidence.length
          ? h(
              'ul',
              { class: 'evidence' },
              f.evidence.map((e) => h('li', {}, truncatedText(e, { limit: 500, class: 'text mono' }))),
            )
          : null,
        f.fix ? h('div', { class: 'fix' }, codicon('lightbulb'), ' ', f.fix) : null,
        h(
          'div',
          { class: 'finding-actions' },
          f.action && onFix
            ? button(`${f.action} · ${FIX_TARGET_LABEL.request}`, () => onFix(f, 'request'), { icon: 'wand', testId: `fix-${f.code}` })
            : null,
          f.saveAction && onFix
            ? button(`${f.saveAction} · ${FIX_TARGET_LABEL.client}`, () => onFix(f, 'client'), {
                icon: 'save',
                secondary: true,
                testId: `save-${f.code}`,
              })
            : null,
          docs ? h('a', { attrs: { href: docs } }, 'Documentation') : null,
        ),
      );
    }),
  );
}
