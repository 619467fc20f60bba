/**
 * The request panel's message protocol (src/webview/protocol.ts): every valid
 * message is accepted, malformed and unknown ones are rejected (SECURITY.md 14),
 * and persisted state never holds a secret.
 */
import assert from 'node:assert/strict';
import {
  type Draft,
  type ExchangeView,
  type HostMessage,
  type JwtView,
  type WebviewMessage,
  SECRET_DRAFT_FIELDS,
  emptyDraft,
  parseHostMessage,
  parsePanelState,
  parseWebviewMessage,
  persistableDraft,
} from '../../src/webview/protocol';
import { MAX_LONG } from '../../src/webview/validate';

const CANARY = 'canary-secret-7f3a9c';

function draft(over: Partial<Draft> = {}): Draft {
  return { ...emptyDraft('introspect'), ...over };
}

const jwt: JwtView = {
  title: 'Access token',
  header: { alg: 'RS256', kid: 'k1' },
  claims: { iss: 'https://issuer', aud: ['a', 'b'], exp: 1700000000, nested: { x: [1, null, true] } },
  times: { exp: { iso: '2023-11-14T22:13:20Z', relative: 'in 5 minutes' } },
  signature: 'verified',
  signatureNote: null,
  highlight: ['aud'],
};

const exchange: ExchangeView = {
  id: 'x1',
  operation: 'client_credentials',
  label: 'Client credentials',
  startedAt: '2025-01-01T00:00:00.000Z',
  totalMs: 12.5,
  attempts: 1,
  request: {
    method: 'POST',
    url: 'https://issuer/token',
    headers: [{ name: 'content-type', value: 'application/x-www-form-urlencoded', secret: false }],
    form: [
      { name: 'grant_type', value: 'client_credentials', secret: false },
      { name: 'client_assertion', value: '<client_assertion>', secret: true },
    ],
  },
  response: {
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'application/json']],
    body: '{"access_token":"abcdef…"}',
    truncated: false,
    json: { access_token: 'abcdef…', expires_in: 300 },
  },
  error: null,
  assertion: { ...jwt, title: 'Client assertion', signature: 'own' },
  tokens: [{ kind: 'access_token', masked: 'abcdef…', jwt, followUps: ['introspect', 'revoke', 'copyToken', 'setCurrent', 'decode'] }],
  findings: [
    {
      severity: 'warning',
      code: 'AUD_MISMATCH',
      title: 'aud',
      evidence: ['aud = x'],
      fix: 'Use endpoint',
      docs: 'https://example.com',
      action: 'Switch audience to endpoint URL',
    },
  ],
};

/** One valid example of every webview → host message type. */
const VALID_WEBVIEW: WebviewMessage[] = [
  { type: 'ready' },
  { type: 'preview', seq: 3, draft: draft() },
  { type: 'send', requestId: 'r1', draft: draft({ operation: 'client_credentials', extra: [{ name: 'a', value: 'b' }] }) },
  { type: 'send', requestId: 'r2', draft: draft({ token: { source: 'exchange', exchangeId: 'x1', kind: 'refresh_token' } }) },
  { type: 'send', requestId: 'r3', draft: draft({ token: { source: 'pasted' }, pastedToken: 'tok' }) },
  { type: 'send', requestId: 'r4', draft: draft({ token: { source: 'current', kind: 'access_token' }, audienceMode: 'endpoint' }) },
  { type: 'cancel', requestId: 'r1' },
  { type: 'followUp', exchangeId: 'x1', token: 'access_token', action: 'introspect' },
  { type: 'copyCurl', exchangeId: 'x1', reveal: true },
  { type: 'applyFix', exchangeId: null, code: 'AUD_MISMATCH', draft: draft() },
  { type: 'applyFix', exchangeId: 'x1', code: 'AUD_MISMATCH', draft: draft() },
  { type: 'showExchange', exchangeId: 'x1' },
  { type: 'resend', exchangeId: 'x1' },
  { type: 'deviceAction', requestId: 'r1', action: 'openVerificationUri' },
];

/** One valid example of every host → webview message type. */
const VALID_HOST: HostMessage[] = [
  {
    type: 'init',
    profile: { id: 'p1', name: 'Svc', issuer: 'https://issuer', clientId: 'c', authMethod: 'private_key_jwt', audienceMode: 'issuer' },
    tokens: [{ ref: { source: 'current', kind: 'access_token' }, label: 'current access token' }],
    history: [
      { id: 'x1', operation: 'client_credentials', label: 'Client credentials', startedAt: 'now', status: 200, ok: true, summary: 'ok' },
    ],
    draft: null,
    busy: null,
    lastExchange: exchange,
  },
  { type: 'preview', seq: 1, request: exchange.request, assertion: jwt, findings: exchange.findings, error: null, note: null },
  {
    type: 'preview',
    seq: 2,
    request: null,
    assertion: null,
    findings: [],
    error: { code: 'CONFIG_MISSING_SECRET', message: 'no key', status: null },
    note: 'n',
  },
  { type: 'started', requestId: 'h1', operation: 'introspect' },
  { type: 'progress', requestId: 'r1', message: 'Waiting for the browser…' },
  {
    type: 'deviceCode',
    requestId: 'r1',
    userCode: 'ABCD-EFGH',
    verificationUri: 'https://issuer/device',
    verificationUriComplete: null,
    expiresAt: 1700000000,
  },
  { type: 'result', requestId: 'r1', exchange },
  {
    type: 'result',
    requestId: null,
    exchange: { ...exchange, response: null, error: { code: 'HTTP_ABORTED', message: 'cancelled', status: null } },
  },
  { type: 'finished', requestId: 'r1', outcome: 'cancelled', message: null },
  { type: 'history', entries: [] },
  { type: 'tokens', options: [{ ref: { source: 'exchange', exchangeId: 'x1', kind: 'id_token' }, label: 'id' }] },
  { type: 'profile', profile: { id: 'p1', name: 'n', issuer: 'i', clientId: 'c', authMethod: 'none', audienceMode: 'issuer' } },
  { type: 'loadDraft', draft: draft(), keepSecrets: true },
  { type: 'notice', level: 'error', message: 'boom' },
];

/** Deep clone through JSON, as postMessage would structurally clone. */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function rejectsW(value: unknown, reasonPart?: RegExp): void {
  const r = parseWebviewMessage(value);
  assert.equal(r.ok, false, `expected rejection of ${JSON.stringify(value)?.slice(0, 200)}`);
  if (!r.ok && reasonPart) assert.match(r.reason, reasonPart);
}

describe('panel protocol: webview → host', () => {
  it('accepts every valid message type, unchanged', () => {
    const types = new Set<string>();
    for (const m of VALID_WEBVIEW) {
      const r = parseWebviewMessage(clone(m));
      assert.ok(r.ok, `rejected ${m.type}: ${r.ok ? '' : r.reason}`);
      assert.deepEqual(r.value, m);
      types.add(m.type);
    }
    assert.equal(types.size, 10, 'every webview message type has an example');
  });

  it('rejects unknown message types, naming no value', () => {
    rejectsW({ type: 'executeCommand', command: 'workbench.action.terminal.new' }, /type: expected a known message type/);
    rejectsW({ type: 'readSecret', key: 'oauthWorkbench.secret.p1.clientSecret' }, /known message type/);
    rejectsW({ type: 'openExternal', url: 'https://evil.example' });
    rejectsW({ type: '__proto__' });
    rejectsW({ type: 'toString' });
  });

  it('rejects extra fields (no command or secret key can ride along)', () => {
    rejectsW({ type: 'ready', command: 'workbench.action.reloadWindow' }, /message\.command: expected no such field/);
    rejectsW({ type: 'copyCurl', exchangeId: 'x1', reveal: false, secretKey: 'oauthWorkbench.secret.p1.privateKey' }, /secretKey/);
    rejectsW({ type: 'send', requestId: 'r', draft: { ...draft(), command: 'x' } }, /draft\.command/);
    rejectsW({ type: 'send', requestId: 'r', draft: { ...draft(), token: { source: 'current', kind: 'access_token', key: 'k' } } });
  });

  it('rejects missing fields and wrong types', () => {
    rejectsW({ type: 'cancel' }, /requestId: expected a string/);
    rejectsW({ type: 'cancel', requestId: 42 }, /requestId: expected a string/);
    rejectsW({ type: 'copyCurl', exchangeId: 'x1', reveal: 'yes' }, /reveal: expected a boolean/);
    rejectsW({ type: 'preview', seq: 1.5, draft: draft() }, /seq: expected an integer/);
    rejectsW({ type: 'preview', seq: -1, draft: draft() });
    rejectsW({ type: 'preview', seq: Number.NaN, draft: draft() });
    const { scope: _s, ...noScope } = draft();
    rejectsW({ type: 'preview', seq: 1, draft: noScope }, /draft\.scope: expected a string/);
    rejectsW({ type: 'send', requestId: 'r', draft: { ...draft(), operation: 'implicit' } }, /operation: expected one of/);
    rejectsW({ type: 'send', requestId: 'r', draft: { ...draft(), usePar: 'true' } });
    rejectsW({ type: 'send', requestId: 'r', draft: { ...draft(), extra: { name: 'a', value: 'b' } } }, /extra: expected an array/);
    rejectsW({ type: 'send', requestId: 'r', draft: { ...draft(), extra: [{ name: 'a' }] } }, /extra\[0\]\.value/);
    rejectsW(
      { type: 'send', requestId: 'r', draft: { ...draft(), token: { source: 'file', path: '/etc/passwd' } } },
      /token\.source: expected one of/,
    );
    rejectsW({ type: 'send', requestId: 'r', draft: { ...draft(), token: { source: 'current', kind: 'client_secret' } } });
    rejectsW({ type: 'followUp', exchangeId: 'x1', token: 'access_token', action: 'runCommand' }, /action: expected one of/);
    rejectsW({ type: 'followUp', exchangeId: 'x1', token: 'client_secret', action: 'copyToken' }, /token: expected one of/);
    rejectsW({ type: 'deviceAction', requestId: 'r', action: 'openUrl' });
    rejectsW({ type: 'applyFix', code: 'X', draft: draft() }, /exchangeId/);
  });

  it('rejects non-objects and exotic values', () => {
    for (const v of [null, undefined, 'ready', 42, [], [{ type: 'ready' }], true]) rejectsW(v);
    rejectsW(
      new (class Ready {
        type = 'ready';
      })(),
    );
    rejectsW({ type: 'ready', then: () => 1 });
  });

  it('rejects oversize values', () => {
    rejectsW({ type: 'cancel', requestId: 'r'.repeat(201) }, /at most 200 characters/);
    rejectsW({ type: 'send', requestId: 'r', draft: { ...draft(), scope: 's'.repeat(8 * 1024 + 1) } });
    rejectsW({ type: 'send', requestId: 'r', draft: { ...draft(), pastedToken: 't'.repeat(MAX_LONG + 1) } });
    rejectsW({
      type: 'send',
      requestId: 'r',
      draft: { ...draft(), extra: Array.from({ length: 101 }, () => ({ name: 'a', value: 'b' })) },
    });
  });

  it('never echoes a rejected value in the reason (it may be a secret)', () => {
    const r = parseWebviewMessage({ type: 'send', requestId: 'r', draft: { ...draft(), password: { secret: CANARY } } });
    assert.equal(r.ok, false);
    assert.ok(!r.ok && !r.reason.includes(CANARY), 'the reason must not contain the value');
  });
});

describe('panel protocol: host → webview', () => {
  it('accepts every valid message type, unchanged', () => {
    const types = new Set<string>();
    for (const m of VALID_HOST) {
      const r = parseHostMessage(clone(m));
      assert.ok(r.ok, `rejected ${m.type}: ${r.ok ? '' : r.reason}`);
      assert.deepEqual(r.value, m);
      types.add(m.type);
    }
    assert.equal(types.size, 12, 'every host message type has an example');
  });

  it('rejects unknown types, extra fields, wrong shapes', () => {
    const bad: unknown[] = [
      { type: 'eval', code: 'alert(1)' },
      { type: 'notice', level: 'info', message: 'x', html: '<img src=x onerror=alert(1)>' },
      { type: 'notice', level: 'fatal', message: 'x' },
      { type: 'progress', requestId: 'r' },
      { type: 'result', requestId: 'r', exchange: { ...exchange, tokens: [{ ...exchange.tokens[0], followUps: ['exec'] }] } },
      { type: 'result', requestId: 'r', exchange: { ...exchange, response: { ...exchange.response, status: 'OK' } } },
      { type: 'result', requestId: 'r', exchange: { ...exchange, response: { ...exchange.response, headers: [['a']] } } },
      { type: 'result', requestId: 'r', exchange: { ...exchange, request: { ...exchange.request, method: 'TRACE' } } },
      { type: 'result', requestId: 'r', exchange: { ...exchange, assertion: { ...jwt, signature: 'trusted' } } },
      { type: 'result', requestId: 'r', exchange: { ...exchange, assertion: { ...jwt, claims: [] } } },
      {
        type: 'preview',
        seq: 1,
        request: null,
        assertion: null,
        findings: [{ ...exchange.findings[0], severity: 'fatal' }],
        error: null,
        note: null,
      },
      { type: 'init', profile: { id: 'p' }, tokens: [], history: [], draft: null, busy: null, lastExchange: null },
      { type: 'tokens', options: [{ ref: { source: 'pasted' }, label: 'x' }] },
    ];
    for (const m of bad) assert.equal(parseHostMessage(m).ok, false, `accepted ${JSON.stringify(m).slice(0, 120)}`);
  });

  it('bounds JSON depth (claims and bodies) and rejects non-JSON numbers', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const withDeep = { type: 'result', requestId: null, exchange: { ...exchange, response: { ...exchange.response, json: deep } } };
    assert.equal(parseHostMessage(withDeep).ok, false);
    const withInf = {
      type: 'result',
      requestId: null,
      exchange: { ...exchange, response: { ...exchange.response, json: { n: Infinity } } },
    };
    assert.equal(parseHostMessage(withInf).ok, false);
  });

  it('keeps a `__proto__` claim as data, not as a prototype', () => {
    const claims = JSON.parse('{"__proto__":{"polluted":true},"sub":"s"}') as Record<string, unknown>;
    const r = parseHostMessage({ type: 'result', requestId: null, exchange: { ...exchange, assertion: { ...jwt, claims } } });
    assert.ok(r.ok);
    const out = r.ok && r.value.type === 'result' ? r.value.exchange.assertion!.claims : {};
    assert.deepEqual(Object.keys(out), ['__proto__', 'sub']);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('panel state: no secrets persisted', () => {
  const secretDraft = draft({
    token: { source: 'pasted' },
    pastedToken: CANARY,
    pastedActorToken: CANARY,
    pastedAssertion: CANARY,
    password: CANARY,
    username: 'alice',
    scope: 'read',
  });

  it('persistableDraft blanks every secret field and keeps the rest', () => {
    const p = persistableDraft(secretDraft);
    assert.ok(!JSON.stringify(p).includes(CANARY));
    for (const f of SECRET_DRAFT_FIELDS) assert.equal(p[f], '');
    assert.equal(p.username, 'alice');
    assert.equal(p.scope, 'read');
    assert.deepEqual(p.token, { source: 'pasted' });
    assert.equal(secretDraft.pastedToken, CANARY, 'the input draft is not modified');
  });

  it('parsePanelState validates and strips secrets even from an old state', () => {
    const r = parsePanelState({ version: 1, profileId: 'p1', draft: secretDraft, view: 'raw' });
    assert.ok(r.ok);
    assert.ok(!JSON.stringify(r.ok && r.value).includes(CANARY));
    assert.equal(parsePanelState({ version: 2, profileId: 'p1', draft: secretDraft, view: 'raw' }).ok, false);
    assert.equal(parsePanelState({ version: 1, profileId: 'p1', draft: secretDraft, view: 'raw', token: CANARY }).ok, false);
    assert.equal(parsePanelState(undefined).ok, false);
  });
});
