/**
 * The request panel's message protocol, shared by the extension host
 * (src/shell/panel) and the webview (src/webview). Tagged unions on `type`, with
 * strict run-time validators used on receipt on BOTH sides (SECURITY.md 13–14):
 * unknown types, unknown fields, wrong types and oversize values are rejected.
 *
 * Design rules of this contract:
 * - No message names a command to execute, a secret key to read or a URL to open.
 *   The webview refers to things by ids the host issued (exchange ids, request ids)
 *   and picks actions from closed enums.
 * - The host never sends a secret to the webview: request previews and exchanges
 *   arrive with secret values masked, tokens only as masked labels plus their decoded
 *   claims. The only secrets that cross the boundary travel webview → host: values the
 *   user pasted into the form (token, assertion, password), which the webview never
 *   persists (see {@link persistableDraft}).
 *
 * This file imports nothing at run time, so it bundles into the browser as is.
 */
import {
  type Check,
  type Parsed,
  MAX_LONG,
  arrayOf,
  bool,
  fail,
  json,
  jsonObject,
  literal,
  nullable,
  num,
  object,
  oneOf,
  parseWith,
  record,
  str,
  tagged,
} from './validate';

// ── operations the panel can author ───────────────────────────────────────────

/** Operations offered in the panel's picker, in display order. */
export const PANEL_OPERATIONS = [
  'client_credentials',
  'refresh_token',
  'authorization_code',
  'device_code',
  'jwt_bearer',
  'token_exchange',
  'password',
  'introspect',
  'revoke',
  'userinfo',
] as const;
export type PanelOperation = (typeof PANEL_OPERATIONS)[number];

export const AUDIENCE_MODES = ['issuer', 'endpoint', 'token_endpoint', 'custom'] as const;
export type AudienceModeChoice = (typeof AUDIENCE_MODES)[number];

/** Token fields a follow-up or a token picker can refer to. */
export const TOKEN_KINDS = ['access_token', 'refresh_token', 'id_token'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/**
 * Where a token parameter comes from. Never the value itself: `current` is the
 * profile's current token set (held by the host in SecretStorage/memory), `exchange`
 * a token issued by an exchange in this session's history, `pasted` means "use
 * the matching pasted* field of the draft".
 */
export type TokenRef =
  | { source: 'none' }
  | { source: 'current'; kind: TokenKind }
  | { source: 'exchange'; exchangeId: string; kind: TokenKind }
  | { source: 'pasted' };

export interface KeyValue {
  name: string;
  value: string;
}

/**
 * The form the user edits. Everything is a plain string/bool so that the form maps
 * 1:1 to controls. Fields irrelevant to the chosen operation are ignored by the host.
 * SECRET fields (pastedToken, pastedActorToken, pastedAssertion, password) are
 * never persisted in webview state.
 */
export interface Draft {
  operation: PanelOperation;
  scope: string;
  /** RFC 8707 resource indicators, whitespace separated. */
  resource: string;
  /** `audience` parameter (token exchange, vendor extensions). */
  audience: string;
  extra: KeyValue[];
  /** Token to introspect / revoke / refresh / exchange / call userinfo with. */
  token: TokenRef;
  pastedToken: string;
  tokenTypeHint: '' | 'access_token' | 'refresh_token';
  subjectTokenType: string;
  requestedTokenType: string;
  actorToken: TokenRef;
  pastedActorToken: string;
  actorTokenType: string;
  /** jwt-bearer: sign an assertion with the profile's key, or use a pasted one. */
  assertionSource: 'sign' | 'pasted';
  assertionSubject: string;
  pastedAssertion: string;
  username: string;
  password: string;
  /** authorization_code: `prompt` parameter, PAR. */
  prompt: string;
  usePar: boolean;
  /** Override of the profile's client-assertion audience mode for this request; '' = profile's. */
  audienceMode: '' | AudienceModeChoice;
}

/** Names of {@link Draft} fields that hold secrets. */
export const SECRET_DRAFT_FIELDS = ['pastedToken', 'pastedActorToken', 'pastedAssertion', 'password'] as const;

/** A fresh draft for an operation. */
export function emptyDraft(operation: PanelOperation = 'client_credentials'): Draft {
  return {
    operation,
    scope: '',
    resource: '',
    audience: '',
    extra: [],
    token: { source: 'none' },
    pastedToken: '',
    tokenTypeHint: '',
    subjectTokenType: 'urn:ietf:params:oauth:token-type:access_token',
    requestedTokenType: '',
    actorToken: { source: 'none' },
    pastedActorToken: '',
    actorTokenType: '',
    assertionSource: 'sign',
    assertionSubject: '',
    pastedAssertion: '',
    username: '',
    password: '',
    prompt: '',
    usePar: false,
    audienceMode: '',
  };
}

/** The draft with every secret field blanked: the only form of a draft that may be persisted. */
export function persistableDraft(d: Draft): Draft {
  const copy: Draft = { ...d, extra: d.extra.map((kv) => ({ ...kv })) };
  for (const k of SECRET_DRAFT_FIELDS) copy[k] = '';
  return copy;
}

// ── view models the host sends (secrets already masked) ───────────────────────

/** A header or form parameter as displayed; `value` is already masked when `secret`. */
export interface ParamView {
  name: string;
  value: string;
  secret: boolean;
}

export interface RequestView {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  url: string;
  headers: ParamView[];
  form: ParamView[];
}

/** `own`: a JWT this client signed (its client assertion) — the server, not the panel, verifies it. */
export type SignatureStatus = 'verified' | 'failed' | 'not_checked' | 'own';

/** A decoded JWT. Claims are untrusted data: rendered as text only. */
export interface JwtView {
  title: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Human readings of time claims. */
  times: Record<string, { iso: string; relative: string }>;
  signature: SignatureStatus;
  /** Why verification failed or was not checked. */
  signatureNote: string | null;
  /** Claim names to highlight (e.g. `aud` of a client assertion). */
  highlight: string[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface FindingView {
  severity: Severity;
  code: string;
  title: string;
  evidence: string[];
  fix: string | null;
  docs: string | null;
  /** Label of the one-click fix, when the finding has one (applied with `applyFix`). */
  action: string | null;
}

export interface ErrorView {
  code: string;
  message: string;
  status: number | null;
}

export interface ResponseView {
  status: number;
  statusText: string;
  headers: [string, string][];
  /** Body text with token values masked. */
  body: string;
  truncated: boolean;
  /** Parsed JSON body (tokens masked), or null when the body is not JSON. */
  json: unknown;
}

export const FOLLOW_UPS = ['introspect', 'revoke', 'refresh', 'decode', 'copyToken', 'setCurrent'] as const;
export type FollowUp = (typeof FOLLOW_UPS)[number];

/** A token found in a response: masked, decoded when it is a JWT, with its follow-ups. */
export interface TokenView {
  kind: TokenKind | 'response_jwt';
  masked: string;
  jwt: JwtView | null;
  followUps: FollowUp[];
}

export interface ExchangeView {
  id: string;
  /** Core operation name (e.g. `client_credentials`, `device_authorization`). */
  operation: string;
  label: string;
  startedAt: string;
  totalMs: number;
  attempts: number;
  request: RequestView;
  response: ResponseView | null;
  error: ErrorView | null;
  assertion: JwtView | null;
  tokens: TokenView[];
  findings: FindingView[];
}

export interface HistoryEntry {
  id: string;
  operation: string;
  label: string;
  startedAt: string;
  status: number | null;
  ok: boolean;
  summary: string;
}

export interface ProfileView {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  authMethod: string;
  audienceMode: string;
}

/** A token the user can pick for a token parameter (label only, never the value). */
export interface TokenOption {
  ref: Exclude<TokenRef, { source: 'none' } | { source: 'pasted' }>;
  label: string;
}

// ── messages ─────────────────────────────────────────────────────────────────

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'preview'; seq: number; draft: Draft }
  | { type: 'send'; requestId: string; draft: Draft }
  | { type: 'cancel'; requestId: string }
  | { type: 'followUp'; exchangeId: string; token: TokenKind; action: FollowUp }
  | { type: 'copyCurl'; exchangeId: string; reveal: boolean }
  | { type: 'applyFix'; exchangeId: string | null; code: string; draft: Draft }
  | { type: 'showExchange'; exchangeId: string }
  | { type: 'resend'; exchangeId: string }
  | { type: 'deviceAction'; requestId: string; action: 'copyUserCode' | 'openVerificationUri' };

export type Outcome = 'ok' | 'failed' | 'cancelled';

/** Host → webview. */
export type HostMessage =
  | {
      type: 'init';
      profile: ProfileView;
      tokens: TokenOption[];
      history: HistoryEntry[];
      /** A draft to load (command argument, re-send); null keeps the webview's own state. */
      draft: Draft | null;
      busy: { requestId: string; operation: string } | null;
      lastExchange: ExchangeView | null;
    }
  | {
      type: 'preview';
      seq: number;
      request: RequestView | null;
      assertion: JwtView | null;
      findings: FindingView[];
      error: ErrorView | null;
      note: string | null;
    }
  /** A run the host started itself (follow-up, re-send, fix): the webview shows it as busy. */
  | { type: 'started'; requestId: string; operation: string }
  | { type: 'progress'; requestId: string; message: string }
  | {
      type: 'deviceCode';
      requestId: string;
      userCode: string;
      verificationUri: string;
      verificationUriComplete: string | null;
      expiresAt: number | null;
    }
  | { type: 'result'; requestId: string | null; exchange: ExchangeView }
  | { type: 'finished'; requestId: string; outcome: Outcome; message: string | null }
  | { type: 'history'; entries: HistoryEntry[] }
  | { type: 'tokens'; options: TokenOption[] }
  | { type: 'profile'; profile: ProfileView }
  /** Loads a draft into the form; `keepSecrets` keeps the form's own secret fields (the host never sends them). */
  | { type: 'loadDraft'; draft: Draft; keepSecrets: boolean }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string };

// ── validators ───────────────────────────────────────────────────────────────

const id = str(200);
const short = str();
/** Values that may hold a pasted token/assertion. */
const long = str(MAX_LONG);

const tokenKind = oneOf(TOKEN_KINDS);
const tokenRef: Check<TokenRef> = tagSource({
  none: object({ source: literal('none') }),
  current: object({ source: literal('current'), kind: tokenKind }),
  exchange: object({ source: literal('exchange'), exchangeId: id, kind: tokenKind }),
  pasted: object({ source: literal('pasted') }),
});

function tagSource<M extends Record<string, Check<unknown>>>(
  members: M,
): Check<{ [K in keyof M]: M[K] extends Check<infer T> ? T : never }[keyof M]> {
  return (v, p) => {
    const src = typeof v === 'object' && v !== null ? (v as { source?: unknown }).source : undefined;
    if (typeof src !== 'string' || !Object.prototype.hasOwnProperty.call(members, src)) {
      fail(`${p}.source`, `one of ${Object.keys(members).join(', ')}`);
    }
    return members[src]!(v, p) as never;
  };
}

const keyValue = object({ name: short, value: long });

/** Strict validator of a {@link Draft}. */
export const checkDraft: Check<Draft> = object({
  operation: oneOf(PANEL_OPERATIONS),
  scope: short,
  resource: short,
  audience: short,
  extra: arrayOf(keyValue, 100),
  token: tokenRef,
  pastedToken: long,
  tokenTypeHint: oneOf(['', 'access_token', 'refresh_token'] as const),
  subjectTokenType: short,
  requestedTokenType: short,
  actorToken: tokenRef,
  pastedActorToken: long,
  actorTokenType: short,
  assertionSource: oneOf(['sign', 'pasted'] as const),
  assertionSubject: short,
  pastedAssertion: long,
  username: short,
  password: short,
  prompt: short,
  usePar: bool,
  audienceMode: oneOf(['', ...AUDIENCE_MODES] as const),
});

const seq = num({ int: true, min: 0 });

const webviewMessage: Check<WebviewMessage> = tagged({
  ready: object({ type: literal('ready') }),
  preview: object({ type: literal('preview'), seq, draft: checkDraft }),
  send: object({ type: literal('send'), requestId: id, draft: checkDraft }),
  cancel: object({ type: literal('cancel'), requestId: id }),
  followUp: object({ type: literal('followUp'), exchangeId: id, token: tokenKind, action: oneOf(FOLLOW_UPS) }),
  copyCurl: object({ type: literal('copyCurl'), exchangeId: id, reveal: bool }),
  applyFix: object({ type: literal('applyFix'), exchangeId: nullable(id), code: str(200), draft: checkDraft }),
  showExchange: object({ type: literal('showExchange'), exchangeId: id }),
  resend: object({ type: literal('resend'), exchangeId: id }),
  deviceAction: object({
    type: literal('deviceAction'),
    requestId: id,
    action: oneOf(['copyUserCode', 'openVerificationUri'] as const),
  }),
});

const paramView = object({ name: short, value: long, secret: bool });
const requestView: Check<RequestView> = object({
  method: oneOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const),
  url: short,
  headers: arrayOf(paramView, 200),
  form: arrayOf(paramView, 500),
});
const jwtView: Check<JwtView> = object({
  title: short,
  header: jsonObject(),
  claims: jsonObject(),
  times: record(object({ iso: short, relative: short }), 100),
  signature: oneOf(['verified', 'failed', 'not_checked', 'own'] as const),
  signatureNote: nullable(short),
  highlight: arrayOf(short, 100),
});
const findingView: Check<FindingView> = object({
  severity: oneOf(['error', 'warning', 'info'] as const),
  code: str(200),
  title: short,
  evidence: arrayOf(long, 100),
  fix: nullable(short),
  docs: nullable(short),
  action: nullable(short),
});
const errorView: Check<ErrorView> = object({
  code: str(200),
  message: long,
  status: nullable(num({ int: true })),
});
const responseView: Check<ResponseView> = object({
  status: num({ int: true, min: 0, max: 999 }),
  statusText: short,
  headers: arrayOf((v, p) => {
    const pair = arrayOf(long, 2)(v, p);
    if (pair.length !== 2) fail(p, 'a [name, value] pair');
    return [pair[0]!, pair[1]!] as [string, string];
  }, 500),
  body: long,
  truncated: bool,
  json: json(),
});
const tokenView: Check<TokenView> = object({
  kind: oneOf([...TOKEN_KINDS, 'response_jwt'] as const),
  masked: short,
  jwt: nullable(jwtView),
  followUps: arrayOf(oneOf(FOLLOW_UPS), FOLLOW_UPS.length),
});
const exchangeView: Check<ExchangeView> = object({
  id,
  operation: str(100),
  label: short,
  startedAt: str(100),
  totalMs: num({ min: 0 }),
  attempts: num({ int: true, min: 0 }),
  request: requestView,
  response: nullable(responseView),
  error: nullable(errorView),
  assertion: nullable(jwtView),
  tokens: arrayOf(tokenView, 20),
  findings: arrayOf(findingView, 200),
});
const historyEntry: Check<HistoryEntry> = object({
  id,
  operation: str(100),
  label: short,
  startedAt: str(100),
  status: nullable(num({ int: true })),
  ok: bool,
  summary: short,
});
const profileView: Check<ProfileView> = object({
  id,
  name: short,
  issuer: short,
  clientId: short,
  authMethod: str(100),
  audienceMode: str(100),
});
const tokenOption: Check<TokenOption> = object({
  ref: tagSource({
    current: object({ source: literal('current'), kind: tokenKind }),
    exchange: object({ source: literal('exchange'), exchangeId: id, kind: tokenKind }),
  }),
  label: short,
});

const hostMessage: Check<HostMessage> = tagged({
  init: object({
    type: literal('init'),
    profile: profileView,
    tokens: arrayOf(tokenOption, 500),
    history: arrayOf(historyEntry, 1000),
    draft: nullable(checkDraft),
    busy: nullable(object({ requestId: id, operation: str(100) })),
    lastExchange: nullable(exchangeView),
  }),
  preview: object({
    type: literal('preview'),
    seq,
    request: nullable(requestView),
    assertion: nullable(jwtView),
    findings: arrayOf(findingView, 200),
    error: nullable(errorView),
    note: nullable(short),
  }),
  started: object({ type: literal('started'), requestId: id, operation: str(100) }),
  progress: object({ type: literal('progress'), requestId: id, message: short }),
  deviceCode: object({
    type: literal('deviceCode'),
    requestId: id,
    userCode: str(200),
    verificationUri: short,
    verificationUriComplete: nullable(short),
    expiresAt: nullable(num()),
  }),
  result: object({ type: literal('result'), requestId: nullable(id), exchange: exchangeView }),
  finished: object({
    type: literal('finished'),
    requestId: id,
    outcome: oneOf(['ok', 'failed', 'cancelled'] as const),
    message: nullable(short),
  }),
  history: object({ type: literal('history'), entries: arrayOf(historyEntry, 1000) }),
  tokens: object({ type: literal('tokens'), options: arrayOf(tokenOption, 500) }),
  profile: object({ type: literal('profile'), profile: profileView }),
  loadDraft: object({ type: literal('loadDraft'), draft: checkDraft, keepSecrets: bool }),
  notice: object({
    type: literal('notice'),
    level: oneOf(['info', 'warning', 'error'] as const),
    message: short,
  }),
});

/** Validates a message received from the webview (host side). */
export function parseWebviewMessage(value: unknown): Parsed<WebviewMessage> {
  return parseWith(webviewMessage, value);
}

/** Validates a message received from the host (webview side). */
export function parseHostMessage(value: unknown): Parsed<HostMessage> {
  return parseWith(hostMessage, value);
}

// ── persisted webview state (vscode.setState / serializer) ───────────────────

/** What the webview persists across reloads: ids and non-secret form fields only. */
export interface PanelState {
  version: 1;
  profileId: string;
  draft: Draft;
  /** Which response tab was open, for a faithful restore. */
  view: 'pretty' | 'raw' | 'headers';
}

const panelState: Check<PanelState> = object({
  version: literal(1),
  profileId: id,
  draft: checkDraft,
  view: oneOf(['pretty', 'raw', 'headers'] as const),
});

/**
 * Validates persisted state (it comes back through the serializer as untrusted
 * data) and blanks secret fields even if an older build stored them.
 */
export function parsePanelState(value: unknown): Parsed<PanelState> {
  const r = parseWith(panelState, value, 'state');
  if (!r.ok) return r;
  return { ok: true, value: { ...r.value, draft: persistableDraft(r.value.draft) } };
}
