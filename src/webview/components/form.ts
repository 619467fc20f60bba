/**
 * The request form: operation picker and the parameters of the chosen operation.
 * Holds the {@link Draft} model; controls write into it and `onChange` fires.
 * Fields an operation does not use are hidden (and ignored by the host).
 */
import { button, codicon, h } from '../dom';
import { type DraftField, OPERATIONS, usesField } from '../operations';
import {
  type Draft,
  type KeyValue,
  type PanelOperation,
  type ProfileView,
  type TokenKind,
  type TokenOption,
  type TokenRef,
  API_METHODS,
  PANEL_OPERATIONS,
  TOKEN_KINDS,
  emptyDraft,
} from '../protocol';

type Control = HTMLElement & { value: string; checked?: boolean };

interface Option {
  value: string;
  label: string;
  description?: string;
}

/** Encodes a token reference as a select value (ids are host-issued and contain no ':'). */
export function encodeTokenRef(ref: TokenRef): string {
  switch (ref.source) {
    case 'none':
    case 'pasted':
      return ref.source;
    case 'current':
      return `current:${ref.kind}`;
    case 'exchange':
      return `exchange:${ref.exchangeId}:${ref.kind}`;
  }
}

export function decodeTokenRef(value: string): TokenRef {
  if (value === 'pasted') return { source: 'pasted' };
  const parts = value.split(':');
  const kind = parts[parts.length - 1] as TokenKind;
  if (!TOKEN_KINDS.includes(kind)) return { source: 'none' };
  if (parts[0] === 'current' && parts.length === 2) return { source: 'current', kind };
  if (parts[0] === 'exchange' && parts.length === 3 && parts[1]) return { source: 'exchange', exchangeId: parts[1], kind };
  return { source: 'none' };
}

function select(testId: string, options: Option[], onChange: (v: string) => void): Control {
  const el = h(
    'vscode-single-select',
    { attrs: { id: `f-${testId}`, 'data-testid': `field-${testId}` }, on: { change: (ev) => onChange((ev.target as Control).value) } },
    options.map((o) => h('vscode-option', { attrs: { value: o.value, description: o.description } }, o.label)),
  ) as Control;
  return el;
}

/**
 * Replaces the options of a select and shows `value`. The option to show is marked
 * `selected`: vscode-single-select re-reads its options when the slot changes (after
 * this returns) and would otherwise fall back to the first option — the picker read
 * "(choose a token)" while the draft held the token (issue 10.1). Unchanged options are
 * left alone.
 */
export function setOptions(el: Control, options: Option[], value: string): void {
  const current = [...el.children].map((c) => `${c.getAttribute('value') ?? ''}\u0000${c.textContent ?? ''}`).join('\u0001');
  const next = options.map((o) => `${o.value}\u0000${o.label}`).join('\u0001');
  if (current !== next) {
    el.replaceChildren(
      ...options.map((o) =>
        h('vscode-option', { attrs: { value: o.value, description: o.description, selected: o.value === value } }, o.label),
      ),
    );
  } else {
    for (const c of el.children) c.toggleAttribute('selected', c.getAttribute('value') === value);
  }
  el.value = value;
  // The select learns of new options on slotchange, after this task: a value set now can fall
  // back to the first option (the token picker showed "(choose a token)" after every send).
  setTimeout(() => {
    if (el.value !== value) el.value = value;
  }, 0);
}

function textfield(testId: string, onInput: (v: string) => void, opts: { placeholder?: string; secret?: boolean } = {}): Control {
  return h('vscode-textfield', {
    attrs: {
      id: `f-${testId}`,
      'data-testid': `field-${testId}`,
      placeholder: opts.placeholder,
      type: opts.secret ? 'password' : undefined,
    },
    on: { input: (ev) => onInput((ev.target as Control).value) },
  }) as Control;
}

export class DraftForm {
  readonly element: HTMLElement;
  private d: Draft = emptyDraft();
  private tokenOptions: TokenOption[] = [];
  private profile: ProfileView | null = null;
  private readonly rows = new Map<DraftField, HTMLElement>();
  private readonly controls = new Map<string, Control>();
  private readonly opSelect: Control;
  private readonly hint: HTMLElement;
  private readonly legacy: HTMLElement;
  private readonly extraList: HTMLElement;
  private readonly extraLabel: HTMLElement;

  constructor(private readonly onChange: (d: Draft) => void) {
    this.opSelect = select(
      'operation',
      PANEL_OPERATIONS.map((op) => ({ value: op, label: OPERATIONS[op].label, description: OPERATIONS[op].legacy ? 'legacy' : undefined })),
      (v) => {
        if ((PANEL_OPERATIONS as readonly string[]).includes(v)) {
          this.d.operation = v as PanelOperation;
          const kinds = OPERATIONS[this.d.operation].tokenKinds;
          if (this.d.token.source !== 'none' && this.d.token.source !== 'pasted' && !kinds?.includes(this.d.token.kind)) {
            this.d.token = { source: 'none' };
          }
          this.defaultToken();
          this.refresh();
          this.changed();
        }
      },
    );
    this.hint = h('div', { class: 'muted hint', attrs: { 'data-testid': 'operation-hint' } });
    this.legacy = h(
      'div',
      { class: 'warning-box', attrs: { 'data-testid': 'legacy-warning' } },
      codicon('warning'),
      ' Legacy grant: the password grant is deprecated (RFC 9700). Use it only to test old integrations.',
    );
    this.extraList = h('div', { class: 'extra-list', attrs: { 'data-testid': 'extra-params' } });
    this.extraLabel = h('vscode-label', { attrs: { for: 'f-extra' } }, 'Extra parameters');

    const text = (f: DraftField, label: string, placeholder?: string, secret = false) =>
      this.row(
        f,
        label,
        this.bind(
          textfield(f, (v) => this.setField(f, v), { placeholder, secret }),
          f,
        ),
      );

    this.element = h(
      'div',
      { class: 'form' },
      h('div', { class: 'field' }, h('vscode-label', { attrs: { for: 'f-operation' } }, 'Operation'), this.opSelect),
      this.hint,
      this.legacy,
      this.row(
        'apiMethod',
        'Method',
        this.bind(
          select(
            'apiMethod',
            API_METHODS.map((m) => ({ value: m, label: m })),
            (v) => this.setField('apiMethod', v),
          ),
          'apiMethod',
        ),
      ),
      text('apiUrl', 'API URL', 'https://api.example.com/items'),
      this.tokenRow('token', 'Token'),
      this.row(
        'pastedToken',
        'Pasted token',
        this.bind(
          textfield('pastedToken', (v) => this.setField('pastedToken', v), {
            placeholder: 'paste a token (kept in memory only)',
            secret: true,
          }),
          'pastedToken',
        ),
      ),
      this.row(
        'tokenTypeHint',
        'token_type_hint',
        this.bind(
          select(
            'tokenTypeHint',
            [
              { value: '', label: '(none)' },
              { value: 'access_token', label: 'access_token' },
              { value: 'refresh_token', label: 'refresh_token' },
            ],
            (v) => this.setField('tokenTypeHint', v),
          ),
          'tokenTypeHint',
        ),
      ),
      text('subjectTokenType', 'subject_token_type'),
      text('requestedTokenType', 'requested_token_type', 'optional, e.g. urn:ietf:params:oauth:token-type:access_token'),
      this.tokenRow('actorToken', 'Actor token (optional)'),
      this.row(
        'pastedActorToken',
        'Pasted actor token',
        this.bind(
          textfield('pastedActorToken', (v) => this.setField('pastedActorToken', v), { secret: true }),
          'pastedActorToken',
        ),
      ),
      text('actorTokenType', 'actor_token_type'),
      this.row(
        'assertionSource',
        'Assertion',
        this.bind(
          select(
            'assertionSource',
            [
              { value: 'sign', label: 'Sign with the profile key' },
              { value: 'pasted', label: 'Paste a JWT' },
            ],
            (v) => this.setField('assertionSource', v),
          ),
          'assertionSource',
        ),
      ),
      text('assertionSubject', 'Assertion subject (sub)', 'default: the client id'),
      this.row(
        'pastedAssertion',
        'Pasted assertion',
        this.bind(
          h('vscode-textarea', {
            attrs: { id: 'f-pastedAssertion', 'data-testid': 'field-pastedAssertion', rows: '3', monospace: true },
            on: { input: (ev) => this.setField('pastedAssertion', (ev.target as Control).value) },
          }) as Control,
          'pastedAssertion',
        ),
      ),
      text('username', 'Username'),
      text('password', 'Password', undefined, true),
      text('scope', 'Scope', 'space separated, default: the profile scope'),
      text('resource', 'Resource (RFC 8707)', 'space separated URIs'),
      text('audience', 'Audience parameter'),
      this.row(
        'prompt',
        'prompt',
        this.bind(
          select(
            'prompt',
            ['', 'login', 'consent', 'select_account', 'none'].map((v) => ({ value: v, label: v || '(none)' })),
            (v) => this.setField('prompt', v),
          ),
          'prompt',
        ),
      ),
      this.row(
        'usePar',
        'Pushed authorization request',
        this.bind(
          h('vscode-checkbox', {
            attrs: { 'data-testid': 'field-usePar', label: 'Use PAR (RFC 9126)' },
            on: { change: (ev) => this.setBool('usePar', Boolean((ev.target as Control).checked)) },
          }) as Control,
          'usePar',
        ),
      ),
      this.row(
        'audienceMode',
        'Client assertion aud',
        this.bind(
          select(
            'audienceMode',
            [
              { value: '', label: 'Profile setting' },
              { value: 'issuer', label: 'Issuer identifier' },
              { value: 'endpoint', label: 'URL of the endpoint called' },
              { value: 'token_endpoint', label: 'Token endpoint URL' },
              { value: 'custom', label: 'Custom (profile value)' },
            ],
            (v) => this.setField('audienceMode', v),
          ),
          'audienceMode',
        ),
      ),
      this.row(
        'extra',
        this.extraLabel,
        h(
          'div',
          {},
          this.extraList,
          button('Add', () => this.addExtra(), { icon: 'add', secondary: true, testId: 'add-extra' }),
        ),
      ),
      this.row(
        'apiBody',
        'Body',
        this.bind(
          h('vscode-textarea', {
            attrs: {
              id: 'f-apiBody',
              'data-testid': 'field-apiBody',
              rows: '4',
              monospace: true,
              placeholder: 'optional; JSON is sent as application/json',
            },
            on: { input: (ev) => this.setField('apiBody', (ev.target as Control).value) },
          }) as Control,
          'apiBody',
        ),
      ),
    );
    this.refresh();
  }

  get draft(): Draft {
    return { ...this.d, extra: this.d.extra.map((kv) => ({ ...kv })) };
  }

  /** Loads a draft into the controls (no change event; a token the operation needs defaults to the current one). */
  set(draft: Draft): void {
    this.d = { ...draft, extra: draft.extra.map((kv) => ({ ...kv })) };
    this.defaultToken();
    this.opSelect.value = this.d.operation;
    for (const [field, c] of this.controls) {
      const v = (this.d as unknown as Record<string, unknown>)[field];
      if (field === 'usePar') c.checked = Boolean(v);
      else if (field === 'token' || field === 'actorToken') c.value = encodeTokenRef(v as TokenRef);
      else c.value = typeof v === 'string' || typeof v === 'number' ? String(v) : '';
    }
    this.renderExtras();
    this.refresh();
  }

  setProfile(p: ProfileView): void {
    this.profile = p;
    this.refresh();
  }

  setTokenOptions(options: TokenOption[]): void {
    this.tokenOptions = options;
    const defaulted = this.defaultToken();
    this.refreshTokenPickers();
    if (defaulted) this.changed();
  }

  /**
   * An operation that takes a token starts on the client's current token of a kind it
   * accepts (introspect and revoke: the current access token), when one exists and no
   * token was chosen. True when it chose one.
   */
  private defaultToken(): boolean {
    const kinds = OPERATIONS[this.d.operation].tokenKinds;
    if (!kinds || this.d.token.source !== 'none') return false;
    const current = this.tokenOptions.find((o) => o.ref.source === 'current' && kinds.includes(o.ref.kind));
    if (!current) return false;
    this.d.token = current.ref;
    return true;
  }

  private changed(): void {
    this.onChange(this.draft);
  }

  private setField(field: DraftField, value: string): void {
    (this.d as unknown as Record<string, unknown>)[field] = value;
    if (field === 'assertionSource') this.refresh();
    this.changed();
  }

  private setBool(field: 'usePar', value: boolean): void {
    this.d[field] = value;
    this.changed();
  }

  private bind(c: Control, field: string): Control {
    this.controls.set(field, c);
    return c;
  }

  private row(field: DraftField, label: string | HTMLElement, control: HTMLElement): HTMLElement {
    const row = h(
      'div',
      { class: 'field', attrs: { 'data-field': field } },
      typeof label === 'string' ? h('vscode-label', { attrs: { for: `f-${field}` } }, label) : label,
      control,
    );
    this.rows.set(field, row);
    return row;
  }

  private tokenRow(field: 'token' | 'actorToken', label: string): HTMLElement {
    const c = select(field, [], (v) => {
      this.d[field] = decodeTokenRef(v);
      this.refresh();
      this.changed();
    });
    return this.row(field, label, this.bind(c, field));
  }

  private tokenChoices(field: 'token' | 'actorToken'): Option[] {
    const kinds = OPERATIONS[this.d.operation].tokenKinds ?? TOKEN_KINDS;
    const opts: Option[] = [{ value: 'none', label: field === 'token' ? '(choose a token)' : '(none)' }];
    for (const o of this.tokenOptions) if (kinds.includes(o.ref.kind)) opts.push({ value: encodeTokenRef(o.ref), label: o.label });
    opts.push({ value: 'pasted', label: 'Paste a token…' });
    return opts;
  }

  private refreshTokenPickers(): void {
    for (const f of ['token', 'actorToken'] as const) {
      const c = this.controls.get(f);
      if (c) setOptions(c, this.tokenChoices(f), encodeTokenRef(this.d[f]));
    }
  }

  /** Shows the fields of the current operation only. */
  private refresh(): void {
    const op = this.d.operation;
    const info = OPERATIONS[op];
    this.hint.textContent = info.hint;
    this.legacy.hidden = !info.legacy;
    this.extraLabel.textContent = info.extraLabel ?? 'Extra parameters';
    const jwtAuth = this.profile ? /_jwt$/.test(this.profile.authMethod) : true;
    for (const [field, row] of this.rows) {
      let visible = usesField(op, field);
      if (field === 'pastedToken') visible &&= this.d.token.source === 'pasted';
      if (field === 'pastedActorToken') visible &&= this.d.actorToken.source === 'pasted';
      if (field === 'actorTokenType') visible &&= this.d.actorToken.source !== 'none';
      if (field === 'assertionSubject') visible &&= this.d.assertionSource === 'sign';
      if (field === 'pastedAssertion') visible &&= this.d.assertionSource === 'pasted';
      if (field === 'audienceMode') visible &&= jwtAuth;
      row.hidden = !visible;
    }
    this.refreshTokenPickers();
  }

  private addExtra(): void {
    this.d.extra.push({ name: '', value: '' });
    this.renderExtras();
    this.changed();
  }

  private renderExtras(): void {
    this.extraList.replaceChildren(
      ...this.d.extra.map((kv: KeyValue, i) =>
        h(
          'div',
          { class: 'extra-row' },
          h('vscode-textfield', {
            attrs: { placeholder: 'name', 'data-testid': `extra-name-${i}` },
            props: { value: kv.name },
            on: { input: (ev) => ((kv.name = (ev.target as Control).value), this.changed()) },
          }),
          h('vscode-textfield', {
            attrs: { placeholder: 'value', 'data-testid': `extra-value-${i}` },
            props: { value: kv.value },
            on: { input: (ev) => ((kv.value = (ev.target as Control).value), this.changed()) },
          }),
          button('', () => (this.d.extra.splice(i, 1), this.renderExtras(), this.changed()), {
            icon: 'close',
            secondary: true,
            title: 'Remove parameter',
          }),
        ),
      ),
    );
  }
}
