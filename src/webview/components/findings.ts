/** Diagnosis findings (preflight or after the response), with their one-click fix. */
import { button, codicon, h, safeHttpsUrl } from '../dom';
import type { FindingView, Severity } from '../protocol';
import { truncatedText } from './text';

const ICON: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

export function findingsList(findings: FindingView[], onFix: ((f: FindingView) => void) | null, testId: string): HTMLElement {
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
          f.action && onFix ? button(f.action, () => onFix(f), { icon: 'wand', testId: `fix-${f.code}` }) : null,
          docs ? h('a', { attrs: { href: docs } }, 'Documentation') : null,
        ),
      );
    }),
  );
}
