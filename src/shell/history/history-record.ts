/**
 * One entry of the history of exchanges, as it is kept and persisted: the exchange
 * REDACTED (the core's redactExchange), its findings, where it came from, how the
 * client authenticated, and the decoded claims of the tokens it returned — never a
 * token, secret or assertion. Also the bounds (count, bytes, body size) and the
 * validation of what is read back from disk (untrusted: it may be corrupt or hand-edited).
 * Pure (no vscode), tested in plain node.
 */
import {
  decodeJwt,
  redactExchange,
  type ClientAuthMethod,
  type Exchange,
  type Finding,
  type HttpResponseRecord,
} from '../../core/essentials';
import type { Draft } from '../../webview/protocol';
import { findTokens, type FoundTokenKind } from '../exchange-tokens';

/** Where an exchange was started. */
export const EXCHANGE_SOURCES = [
  'panel',
  'palette',
  'tree',
  'statusBar',
  'notification',
  'command',
  'explain',
  'authProvider',
  'autoRefresh',
  'cli',
] as const;
export type ExchangeSource = (typeof EXCHANGE_SOURCES)[number];

/** How the client authenticated in an exchange (non-secret; what "the same authentication" compares). */
export interface AuthUsed {
  method: ClientAuthMethod;
  /** The client assertion's `aud`, when one was sent. */
  assertionAud?: string | string[];
  assertionAlg?: string;
  assertionKid?: string;
}

/** Decoded header and claims of a JWT the response carried (the token itself is not kept). */
export interface TokenClaims {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export interface HistoryRecord {
  id: string;
  profileId: string;
  source: ExchangeSource;
  /** Epoch ms when it was recorded. */
  at: number;
  /** One line for the tree, e.g. `introspect → 200, active`. */
  summary: string;
  ok: boolean;
  /** Redacted. */
  exchange: Exchange;
  findings: Finding[];
  auth: AuthUsed;
  tokens: Partial<Record<FoundTokenKind, TokenClaims>>;
  /** The panel draft that produced it, without secret values (for re-send); null elsewhere. */
  draft: Draft | null;
}

export interface HistoryLimits {
  /** Records kept per client. */
  maxEntries: number;
  /** Serialized characters kept per client (oldest records go first). */
  maxChars: number;
  /** Response body characters kept per record (the rest is cut, marked truncated). */
  maxBodyChars: number;
}

export const DEFAULT_LIMITS: HistoryLimits = { maxEntries: 100, maxChars: 1_000_000, maxBodyChars: 16_000 };

/** What a caller hands in to record an exchange (the raw exchange stays in memory only). */
export interface RecordInput {
  profileId: string;
  source: ExchangeSource;
  exchange: Exchange;
  findings: Finding[];
  summary: string;
  ok: boolean;
  authMethod: ClientAuthMethod;
  /** Already without secret values (see the panel's historyDraft). */
  draft?: Draft | null;
  at?: number;
}

function decodedTokens(raw: Exchange): HistoryRecord['tokens'] {
  const out: HistoryRecord['tokens'] = {};
  for (const t of findTokens(raw)) {
    try {
      const d = decodeJwt(t.value);
      out[t.kind] = { header: d.header, claims: d.claims };
    } catch {
      // Opaque: nothing to keep.
    }
  }
  return out;
}

/** How the client authenticated in `raw` (what "the same authentication" compares). */
export function authUsed(method: ClientAuthMethod, raw: Exchange): AuthUsed {
  const a = raw.assertion;
  if (!a) return { method };
  const aud = a.claims.aud;
  return {
    method,
    ...(typeof aud === 'string' || (Array.isArray(aud) && aud.every((x) => typeof x === 'string')) ? { assertionAud: aud } : {}),
    ...(typeof a.header.alg === 'string' ? { assertionAlg: a.header.alg } : {}),
    ...(typeof a.header.kid === 'string' ? { assertionKid: a.header.kid } : {}),
  };
}

/** A response cut to `maxBodyChars` for keeping (parsed JSON dropped when the body was cut). */
function boundedResponse(r: HttpResponseRecord, maxBodyChars: number): HttpResponseRecord {
  if (r.body.length <= maxBodyChars) return r;
  const { json: _json, ...rest } = r;
  return { ...rest, body: r.body.slice(0, maxBodyChars), truncated: true };
}

/** The record to keep for an exchange: redacted, bounded, with decoded token claims. */
export function toHistoryRecord(input: RecordInput, limits: HistoryLimits = DEFAULT_LIMITS): HistoryRecord {
  const redacted = redactExchange(input.exchange);
  const exchange: Exchange = redacted.response
    ? { ...redacted, response: boundedResponse(redacted.response, limits.maxBodyChars) }
    : redacted;
  return {
    id: input.exchange.id,
    profileId: input.profileId,
    source: input.source,
    at: input.at ?? Date.now(),
    summary: input.summary,
    ok: input.ok,
    exchange,
    findings: input.findings,
    auth: authUsed(input.authMethod, input.exchange),
    tokens: decodedTokens(input.exchange),
    draft: input.draft ?? null,
  };
}

/**
 * Keeps the newest records within the limits (count, then serialized size).
 * @returns the kept records (oldest first) and the ids dropped.
 */
export function bound(
  records: readonly HistoryRecord[],
  limits: HistoryLimits = DEFAULT_LIMITS,
): { kept: HistoryRecord[]; dropped: string[] } {
  const kept: HistoryRecord[] = [];
  let chars = 0;
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    const size = JSON.stringify(r).length;
    if (kept.length >= limits.maxEntries || chars + size > limits.maxChars) continue;
    kept.push(r);
    chars += size;
  }
  kept.reverse();
  const keptIds = new Set(kept.map((r) => r.id));
  return { kept, dropped: records.filter((r) => !keptIds.has(r.id)).map((r) => r.id) };
}

/** The file format of one client's history. */
export interface HistoryFile {
  version: 1;
  records: HistoryRecord[];
}

export function serializeHistory(records: readonly HistoryRecord[]): string {
  const file: HistoryFile = { version: 1, records: [...records] };
  return JSON.stringify(file);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;

/** True when `v` has the shape of a record of `profileId` (enough for the views, which validate again). */
function isRecordOf(v: unknown, profileId: string): v is HistoryRecord {
  if (!isObj(v) || v.profileId !== profileId || !isStr(v.id, 200) || !isStr(v.summary)) return false;
  if (typeof v.at !== 'number' || !Number.isFinite(v.at) || typeof v.ok !== 'boolean') return false;
  if (!(EXCHANGE_SOURCES as readonly unknown[]).includes(v.source)) return false;
  if (!Array.isArray(v.findings) || !isObj(v.auth) || !isObj(v.tokens) || !(v.draft === null || isObj(v.draft))) return false;
  const x = v.exchange;
  if (!isObj(x) || x.id !== v.id || !isStr(x.operation, 100) || !isObj(x.request) || !isObj(x.timings)) return false;
  const req = x.request;
  return isStr(req.url) && Array.isArray(req.headers) && isStr(x.timings.startedAt, 100) && typeof x.timings.totalMs === 'number';
}

/**
 * Reads a client's history file. Corrupt files and records of another shape are
 * dropped (never thrown): a broken file must not break the panel or the tree.
 */
export function parseHistory(text: string, profileId: string): HistoryRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isObj(parsed) || parsed.version !== 1 || !Array.isArray(parsed.records)) return [];
  return parsed.records.filter((r): r is HistoryRecord => isRecordOf(r, profileId));
}
