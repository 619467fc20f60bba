/**
 * The Explain box: a paste box (opened with what was read from the clipboard or the
 * selection, secret values as $VARIABLES), the request as parsed, its findings beside
 * it, and the two ways forward: send it correctly with this client, or copy the
 * corrected curl command. Escape closes it.
 */
import { button, codicon, h, replaceChildren } from '../dom';
import type { ExplainView, FindingView, FixTarget } from '../protocol';
import { findingsList } from './findings';
import { requestPanel } from './request';
import { errorBox, truncatedText } from './text';

export interface ExplainHandlers {
  explain(text: string): void;
  send(): void;
  copyCurl(): void;
  fix(f: FindingView, target: FixTarget): void;
  closed(): void;
}

type TextArea = HTMLElement & { value: string };

export class ExplainBox {
  readonly element: HTMLElement;
  private readonly note: HTMLElement;
  private readonly text: TextArea;
  private readonly parsed: HTMLElement;
  private readonly findings: HTMLElement;
  private readonly actions: HTMLElement;

  constructor(private readonly on: ExplainHandlers) {
    this.note = h('div', { class: 'muted', attrs: { 'data-testid': 'explain-note' } });
    this.text = h('vscode-textarea', {
      attrs: {
        'data-testid': 'explain-text',
        rows: '8',
        monospace: true,
        placeholder: "curl -X POST 'https://…/token' -d …",
        resize: 'vertical',
      },
    }) as TextArea;
    this.parsed = h('div', { attrs: { 'data-testid': 'explain-parsed' } });
    this.findings = h('div', { attrs: { 'data-testid': 'explain-results' } });
    this.actions = h('div', { class: 'actions' });
    this.element = h(
      'section',
      {
        class: 'explain',
        attrs: { 'data-testid': 'explain', 'aria-label': 'Explain a curl request', hidden: true },
        on: {
          keydown: (ev) => {
            if ((ev as KeyboardEvent).key === 'Escape') {
              ev.stopPropagation();
              this.close();
            }
          },
        },
      },
      h(
        'div',
        { class: 'explain-head' },
        h('h2', {}, 'Explain a curl request'),
        button('Close', () => this.close(), { icon: 'close', secondary: true, testId: 'explain-close', title: 'Close (Escape)' }),
      ),
      h(
        'div',
        { class: 'columns' },
        h(
          'div',
          { class: 'col' },
          this.note,
          this.text,
          h(
            'div',
            { class: 'actions' },
            button('Explain', () => this.on.explain(this.text.value), { icon: 'question', testId: 'explain-run' }),
          ),
          this.parsed,
        ),
        h('div', { class: 'col' }, h('div', { class: 'subhead' }, 'Findings'), this.findings, this.actions),
      ),
    );
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  /** Opens the box with `text` and what was read, and explains it. */
  open(text: string, note: string): void {
    this.element.hidden = false;
    this.text.value = text;
    this.note.textContent = note;
    replaceChildren(this.parsed);
    replaceChildren(this.findings, h('div', { class: 'muted' }, text ? 'Explaining…' : 'Paste a curl command, then Explain.'));
    replaceChildren(this.actions);
    if (text) this.on.explain(text);
    this.text.focus();
  }

  close(): void {
    this.element.hidden = true;
    this.on.closed();
  }

  show(view: ExplainView): void {
    replaceChildren(
      this.parsed,
      view.error ? errorBox('explain-error', view.error.message) : null,
      view.request
        ? h(
            'div',
            {},
            h(
              'div',
              { class: 'subhead', attrs: { 'data-testid': 'explain-operation' } },
              view.operation ? `Read as: ${view.operation}` : 'Read as: a request the panel cannot send',
            ),
            requestPanel(view.request, 'explain-request'),
          )
        : null,
      view.warnings.map((w) => h('div', { class: 'muted note' }, codicon('warning'), ' ', truncatedText(w, { limit: 500 }))),
      view.replaced.length
        ? h(
            'div',
            { class: 'muted note', attrs: { 'data-testid': 'explain-replaced' } },
            codicon('info'),
            ` Sent with this client's own authentication instead of: ${view.replaced.join(', ')}.`,
          )
        : null,
    );
    replaceChildren(this.findings, view.error ? null : findingsList(view.findings, (f, t) => this.on.fix(f, t), 'explain-findings'));
    replaceChildren(
      this.actions,
      view.operation
        ? [
            button('Send correctly with this client', () => this.on.send(), { icon: 'send', testId: 'explain-send' }),
            button('Copy corrected curl', () => this.on.copyCurl(), { icon: 'terminal', secondary: true, testId: 'explain-copy' }),
          ]
        : null,
    );
  }
}
