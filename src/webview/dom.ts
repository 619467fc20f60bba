/**
 * The only way the panel creates DOM: `h()` builds elements whose string children
 * become TEXT nodes. There is no innerHTML anywhere in the webview, so claims,
 * headers and bodies (untrusted) can never become markup (SECURITY.md 13).
 */

export type Child = Node | string | number | boolean | null | undefined | Child[];

export interface Props {
  class?: string;
  /** Attributes set with setAttribute; values are strings from our own code or text. */
  attrs?: Record<string, string | boolean | undefined>;
  /** Properties assigned on the element (e.g. `value` of a vscode-textfield). */
  props?: Record<string, unknown>;
  on?: Record<string, (ev: Event) => void>;
}

/** Attribute names that could execute code or load resources; never set by `h()`. */
const FORBIDDEN_ATTR = /^(on|srcdoc$|formaction$)/i;

export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (FORBIDDEN_ATTR.test(name)) throw new Error(`h(): attribute ${name} is not allowed`);
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const [name, value] of Object.entries(props.props ?? {})) (el as unknown as Record<string, unknown>)[name] = value;
  for (const [name, handler] of Object.entries(props.on ?? {})) el.addEventListener(name, handler);
  append(el, children);
  return el;
}

/** Appends children; strings and numbers become text nodes. */
export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false || c === true) continue;
    if (Array.isArray(c)) append(parent, c);
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A codicon (font icon from @vscode/codicons) as a decorative span. */
export function codicon(name: string, extra = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name} ${extra}`.trim(), attrs: { 'aria-hidden': 'true' } });
}

/** A vscode-button with an optional codicon. */
export function button(
  label: string,
  onClick: () => void,
  opts: { icon?: string; secondary?: boolean; title?: string; testId?: string; disabled?: boolean } = {},
): HTMLElement {
  return h(
    'vscode-button',
    {
      attrs: {
        icon: opts.icon,
        secondary: opts.secondary,
        title: opts.title,
        'data-testid': opts.testId,
        disabled: opts.disabled,
      },
      on: { click: () => onClick() },
    },
    label,
  );
}

/** Only https links from our own data (finding docs) are rendered as links. */
export function safeHttpsUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
