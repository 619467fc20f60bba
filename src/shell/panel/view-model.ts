/**
 * Turns core records (Exchange, Finding, decoded/verified JWTs) into the panel's
 * view models. The one rule here: nothing secret leaves — request secrets become
 * the core's placeholders (redactRequest), tokens in responses are masked
 * (redactResponse / maskToken), and tokens appear only as their decoded claims.
 * Pure (no vscode), so it is tested in plain node.
 */
import {
  annotateTimes,
  decodeJwt,
  maskToken,
  redactExchange,
  redactRequest,
  scrubberFor,
  type Scrubber,
  type DecodedJwt,
  type DpopInfo,
  type Exchange,
  type Finding,
  type HttpRequestRecord,
  type VerifyResult,
} from '../../core';
import type {
  DpopView,
  ErrorView,
  ExchangeView,
  FindingView,
  FollowUp,
  HistoryEntry,
  JwtView,
  RequestView,
  ResponseView,
  SignatureStatus,
  TokenView,
} from '../../webview/protocol';
import { findTokens, isCancelled, isOk, type FoundToken } from '../exchange-tokens';
import { clientPatch, REQUEST_FIX_KINDS } from '../fixes';
import { timesOf } from '../time-text';
import type { HistoryRecord, TokenClaims } from '../history/history-record';

export { findTokens, isOk, type FoundToken } from '../exchange-tokens';

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
    body: r.form === undefined && r.body !== undefined ? r.body : null,
  };
}

/** Claims of a DPoP proof worth a look: what the server compares with the request and the token. */
const DPOP_HIGHLIGHT = ['htm', 'htu', 'nonce', 'ath'];

/** The DPoP proof (decoded; its signature is never kept), its key thumbprint and the nonce challenge answered. */
export function toDpopView(d: Pick<DpopInfo, 'jkt' | 'proof' | 'nonceChallenge'>, title: string, scrubber?: Scrubber): DpopView {
  const proof = scrubber
    ? {
        ...d.proof,
        header: scrubber.json(d.proof.header) as Record<string, unknown>,
        claims: scrubber.json(d.proof.claims) as Record<string, unknown>,
      }
    : d.proof;
  return {
    jkt: d.jkt,
    proof: toJwtView(proof, title, 'own', null, DPOP_HIGHLIGHT),
    nonceChallenge: d.nonceChallenge ? { ...d.nonceChallenge } : null,
  };
}

export function toJwtView(
  decoded: Pick<DecodedJwt, 'header' | 'claims' | 'times'>,
  title: string,
  signature: SignatureStatus = 'not_checked',
  signatureNote: string | null = null,
  highlight: string[] = [],
  suspect: string[] = [],
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
    suspect,
  };
}

/** A JSON-clean copy (drops undefined, functions; keeps `__proto__` keys as data). */
function toJson(v: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
}

/**
 * The assertion claims a finding says are wrong ("← check this"): `aud` only when a
 * finding that is not a mere hint is about the audience — never a correct aud.
 */
export function suspectClaims(findings: readonly Finding[]): string[] {
  const aud = findings.some(
    (f) => f.severity !== 'info' && (f.action?.kind === 'switch-audience' || /_AUD(_|$)|OTHER_AUDIENCE/.test(f.code)),
  );
  return aud ? ['aud'] : [];
}

/**
 * A finding as the panel shows it (text echoing the call's secrets masked): its fix for
 * this request (applied by the panel) and its fix saved to the client (switch audience,
 * signing algorithm), each labelled.
 */
export function toFindingView(f: Finding, scrubber?: Scrubber): FindingView {
  const clean = (t: string): string => (scrubber ? scrubber.quoting(t) : t);
  return {
    severity: f.severity,
    code: f.code,
    title: clean(f.title),
    evidence: f.evidence.map(clean),
    fix: f.fix ? clean(f.fix) : null,
    docs: f.docs ?? null,
    action: f.action && REQUEST_FIX_KINDS.has(f.action.kind) ? f.action.label : null,
    saveAction: clientPatch(f.action) ? f.action!.label : null,
  };
}

export function toErrorView(e: { code: string; message: string; status?: number }): ErrorView {
  return { code: e.code, message: e.message, status: e.status ?? null };
}

/** The view of a response already redacted (redactExchange); dates beside its epoch-second fields. */
function toResponseView(x: Exchange, now?: number): ResponseView | null {
  if (!x.response) return null;
  const r = x.response;
  return {
    status: r.status,
    statusText: r.statusText ?? '',
    headers: Object.entries(r.headers),
    body: r.body,
    truncated: Boolean(r.truncated),
    json: 'json' in r && r.json !== undefined ? r.json : null,
    times: timesOf(r.json, now),
  };
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
    response: toResponseView(x, now),
    error: x.error ? toErrorView(x.error) : null,
    assertion: raw.assertion ? toJwtView(raw.assertion, 'Client assertion (sent)', 'own', null, ['aud'], suspectClaims(findings)) : null,
    dpop: raw.dpop ? toDpopView(raw.dpop, 'DPoP proof (sent)', scrubber) : null,
    tokens: isOk(raw) ? findTokens(raw).map((t) => toTokenView(t, verifications[t.kind], now, scrubber)) : [],
    findings: findings.map((f) => toFindingView(f, scrubber)),
  };
}

/** A one-line summary for history: the salient result (the status is shown beside it). */
export function summarize(raw: Exchange): string {
  if (isCancelled(raw)) return 'cancelled';
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
  if (raw.operation === 'revoke') return 'revocation accepted';
  return raw.response.statusText || 'done';
}

/**
 * The view of a history record: from the raw exchange while memory holds it (tokens
 * decoded, follow-ups offered), else from the redacted record — token claims from what
 * the record kept, no follow-ups (the tokens themselves were never stored).
 */
export function toRecordView(
  record: HistoryRecord,
  raw: Exchange | undefined,
  verifications: Partial<Record<FoundToken['kind'], Verification>> = {},
  now?: number,
): ExchangeView {
  if (raw) return toExchangeView(raw, record.findings, verifications, now);
  const view = toExchangeView(record.exchange, record.findings, {}, now);
  const nowSeconds = now ?? Date.now() / 1000;
  view.tokens = isOk(record.exchange)
    ? findTokens(record.exchange).map((t) => {
        const kept: TokenClaims | undefined = record.tokens[t.kind];
        return {
          kind: t.kind,
          masked: t.value,
          jwt: kept
            ? toJwtView(
                { ...kept, times: annotateTimes(kept.claims, nowSeconds) },
                TOKEN_TITLE[t.kind],
                'not_checked',
                'Kept from an earlier session; the token itself is not stored.',
              )
            : null,
          followUps: [],
        };
      })
    : [];
  return view;
}

export function toHistoryEntry(record: HistoryRecord, live: boolean): HistoryEntry {
  const x = record.exchange;
  return {
    id: record.id,
    operation: x.operation,
    label: OPERATION_LABEL[x.operation] ?? x.operation,
    startedAt: x.timings.startedAt,
    status: x.response?.status ?? null,
    ok: record.ok,
    summary: summarize(x),
    source: record.source,
    live,
  };
}
