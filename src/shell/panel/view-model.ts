/**
 * Turns core records (Exchange, Finding, decoded/verified JWTs) into the panel's
 * view models. The one rule here: nothing secret leaves — request secrets become
 * the core's placeholders (redactRequest), tokens in responses are masked
 * (redactResponse / maskToken), and tokens appear only as their decoded claims.
 * Pure (no vscode), so it is tested in plain node.
 */
import {
  decodeJwt,
  maskToken,
  redactExchange,
  redactRequest,
  scrubberFor,
  type Scrubber,
  type DecodedJwt,
  type Exchange,
  type Finding,
  type HttpRequestRecord,
  type VerifyResult,
} from '../../core';
import type {
  ErrorView,
  ExchangeView,
  FindingView,
  FollowUp,
  HistoryEntry,
  JwtView,
  RequestView,
  ResponseView,
  SignatureStatus,
  TokenKind,
  TokenView,
} from '../../webview/protocol';

/** Human labels for the core's operation names. */
export const OPERATION_LABEL: Record<string, string> = {
  discovery: 'Discovery',
  client_credentials: 'Client credentials',
  refresh_token: 'Refresh token',
  jwt_bearer: 'JWT bearer grant',
  token_exchange: 'Token exchange',
  password: 'Password (legacy)',
  authorization_code: 'Authorization code',
  device_authorization: 'Device authorization',
  device_code: 'Device code',
  par: 'Pushed authorization request',
  introspect: 'Introspect',
  revoke: 'Revoke',
  userinfo: 'UserInfo',
  jwks: 'JWKS',
  api: 'API call',
};

/** The request with secret values replaced by placeholders (`<client_assertion>`, `Basic <client_credentials>`). */
export function toRequestView(req: HttpRequestRecord): RequestView {
  const r = redactRequest(req);
  return {
    method: r.method,
    url: r.url,
    headers: r.headers.map((p) => ({ name: p.name, value: p.value, secret: Boolean(p.secret) })),
    form: (r.form ?? []).map((p) => ({ name: p.name, value: p.value, secret: Boolean(p.secret) })),
  };
}

export function toJwtView(
  decoded: Pick<DecodedJwt, 'header' | 'claims' | 'times'>,
  title: string,
  signature: SignatureStatus = 'not_checked',
  signatureNote: string | null = null,
  highlight: string[] = [],
): JwtView {
  const times: JwtView['times'] = {};
  for (const [k, t] of Object.entries(decoded.times)) times[k] = { iso: t.iso, relative: t.relative };
  return {
    title,
    header: toJson(decoded.header),
    claims: toJson(decoded.claims),
    times,
    signature,
    signatureNote,
    highlight,
  };
}

/** A JSON-clean copy (drops undefined, functions; keeps `__proto__` keys as data). */
function toJson(v: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
}

/** Fix actions the panel applies itself (request-panel.ts applyFix); others are explained by `fix`. */
export const PANEL_FIX_ACTIONS: ReadonlySet<string> = new Set(['switch-audience', 'retry', 'add-param', 'remove-param']);

export function toFindingView(f: Finding, scrubber?: Scrubber): FindingView {
  const clean = (t: string): string => (scrubber ? scrubber.quoting(t) : t);
  return {
    severity: f.severity,
    code: f.code,
    title: clean(f.title),
    evidence: f.evidence.map(clean),
    fix: f.fix ? clean(f.fix) : null,
    docs: f.docs ?? null,
    action: f.action && PANEL_FIX_ACTIONS.has(f.action.kind) ? f.action.label : null,
  };
}

export function toErrorView(e: { code: string; message: string; status?: number }): ErrorView {
  return { code: e.code, message: e.message, status: e.status ?? null };
}

/** The view of a response already redacted (redactExchange). */
function toResponseView(x: Exchange): ResponseView | null {
  if (!x.response) return null;
  const r = x.response;
  return {
    status: r.status,
    statusText: r.statusText ?? '',
    headers: Object.entries(r.headers),
    body: r.body,
    truncated: Boolean(r.truncated),
    json: 'json' in r && r.json !== undefined ? r.json : null,
  };
}

/** A token found in a response, with its raw value (host-only) and where it came from. */
export interface FoundToken {
  kind: TokenKind | 'response_jwt';
  value: string;
}

const JWT_CONTENT_TYPE = /application\/(token-introspection\+)?jwt/i;

/** Tokens an exchange's response carries: token fields of a JSON body, or a JWT body (RFC 9701 / userinfo JWT). */
export function findTokens(x: Exchange): FoundToken[] {
  const out: FoundToken[] = [];
  const json = x.response?.json;
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    for (const kind of ['access_token', 'refresh_token', 'id_token'] as const) {
      const v = (json as Record<string, unknown>)[kind];
      if (typeof v === 'string' && v !== '') out.push({ kind, value: v });
    }
  }
  const ct = x.response?.headers['content-type'] ?? '';
  if (x.response && JWT_CONTENT_TYPE.test(ct) && x.response.body.trim() !== '')
    out.push({ kind: 'response_jwt', value: x.response.body.trim() });
  return out;
}

/** Follow-ups offered for a token kind of a successful response. */
export function followUpsFor(kind: FoundToken['kind'], isJwt: boolean): FollowUp[] {
  switch (kind) {
    case 'access_token':
      return ['introspect', 'revoke', ...(isJwt ? (['decode'] as const) : []), 'copyToken', 'setCurrent'];
    case 'refresh_token':
      return ['refresh', 'introspect', 'revoke', 'copyToken'];
    case 'id_token':
      return ['decode', 'copyToken'];
    case 'response_jwt':
      return [];
  }
}

const TOKEN_TITLE: Record<FoundToken['kind'], string> = {
  access_token: 'Decoded JWT',
  refresh_token: 'Decoded JWT',
  id_token: 'Decoded ID token',
  response_jwt: 'Decoded JWT response',
};

/** Signature outcome per token (from verifyJwt), or a reason it was not checked. */
export type Verification = { result: VerifyResult } | { notChecked: string };

export function signatureOf(v: Verification | undefined): { status: SignatureStatus; note: string | null } {
  if (!v) return { status: 'not_checked', note: null };
  if ('notChecked' in v) return { status: 'not_checked', note: v.notChecked };
  if (v.result.verified) return { status: 'verified', note: null };
  return { status: 'failed', note: v.result.error?.message ?? 'The signature or claims did not verify.' };
}

export function toTokenView(t: FoundToken, verification: Verification | undefined, now?: number, scrubber?: Scrubber): TokenView {
  let jwt: JwtView | null = null;
  try {
    const d = decodeJwt(t.value, now);
    const sig = signatureOf(verification);
    // A decoded view is text leaving the core too: claims echoing the call's secrets are masked.
    const shown = scrubber
      ? { ...d, header: scrubber.json(d.header) as Record<string, unknown>, claims: scrubber.json(d.claims) as Record<string, unknown> }
      : d;
    jwt = toJwtView(shown, TOKEN_TITLE[t.kind], sig.status, sig.note && scrubber ? scrubber.plain(sig.note) : sig.note);
  } catch {
    // Opaque token: shown masked only.
  }
  return { kind: t.kind, masked: maskToken(t.value), jwt, followUps: followUpsFor(t.kind, jwt !== null) };
}

/** A finished exchange that got a non-error HTTP answer (what the panel shows as ok). */
export function isOk(raw: Exchange): boolean {
  return !raw.error && raw.response !== undefined && raw.response.status < 400;
}

/**
 * The view of a finished exchange. `raw` is the unredacted exchange (tokens are needed
 * to decode them); everything that leaves is redacted or masked.
 */
export function toExchangeView(
  raw: Exchange,
  findings: Finding[],
  verifications: Partial<Record<FoundToken['kind'], Verification>> = {},
  now?: number,
): ExchangeView {
  // Everything below is built from the redacted copy; only decoding reads the raw tokens.
  const scrubber = scrubberFor(raw);
  const x = redactExchange(raw);
  return {
    id: raw.id,
    operation: raw.operation,
    label: OPERATION_LABEL[raw.operation] ?? raw.operation,
    startedAt: raw.timings.startedAt,
    totalMs: raw.timings.totalMs,
    attempts: raw.attempts,
    request: toRequestView(x.request),
    response: toResponseView(x),
    error: x.error ? toErrorView(x.error) : null,
    assertion: raw.assertion ? toJwtView(raw.assertion, 'Client assertion (sent)', 'own', null, ['aud']) : null,
    tokens: isOk(raw) ? findTokens(raw).map((t) => toTokenView(t, verifications[t.kind], now, scrubber)) : [],
    findings: findings.map((f) => toFindingView(f, scrubber)),
  };
}

/** A one-line summary for history: the salient result (the status is shown beside it). */
export function summarize(raw: Exchange): string {
  if (raw.error) return raw.error.oauth?.error ?? raw.error.code;
  const json = raw.response?.json;
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const j = json as Record<string, unknown>;
    if (typeof j.active === 'boolean') return `active: ${j.active}`;
    if (typeof j.access_token === 'string') return `token${typeof j.expires_in === 'number' ? `, expires in ${j.expires_in}s` : ''}`;
    if (typeof j.user_code === 'string') return 'user code issued';
    if (typeof j.request_uri === 'string') return 'request_uri issued';
    if (typeof j.sub === 'string') return 'claims';
  }
  if (!raw.response) return 'no response';
  if (raw.operation === 'revoke') return 'revoked';
  return raw.response.statusText || 'done';
}

export function toHistoryEntry(raw: Exchange): HistoryEntry {
  return {
    id: raw.id,
    operation: raw.operation,
    label: OPERATION_LABEL[raw.operation] ?? raw.operation,
    startedAt: raw.timings.startedAt,
    status: raw.response?.status ?? null,
    ok: isOk(raw),
    summary: summarize(raw),
  };
}
