/**
 * Two history records side by side ("it worked yesterday"): the request, the client
 * assertion's header and claims, the response and the claims of the tokens it
 * returned, row by row, with the rows that differ marked — and values that differ
 * between any two exchanges (jti, iat, exp, dates) marked as expected. Built from the
 * REDACTED records only. Pure (no vscode), tested in plain node.
 */
import { redactResponse, type Exchange } from '../../core';
import type { HistoryRecord } from '../history/history-record';
import type { CompareRow, CompareView } from '../../webview/protocol';
import { toHistoryEntry } from './view-model';

/** Claims, headers and fields whose values differ between any two exchanges. */
const VOLATILE = new Set(['jti', 'iat', 'exp', 'nbf', 'auth_time', 'date', 'expires_at', 'x-request-id', 'etag', 'content-length']);
const MAX_VALUE = 2000;

type Fields = Map<string, string>;

function text(v: unknown): string {
  const t = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return t.length > MAX_VALUE ? `${t.slice(0, MAX_VALUE)}…` : t;
}

function fromObject(o: Record<string, unknown> | undefined, prefix = ''): Fields {
  const out: Fields = new Map();
  for (const [k, v] of Object.entries(o ?? {})) out.set(`${prefix}${k}`, text(v));
  return out;
}

function requestFields(x: Exchange): Fields {
  const out: Fields = new Map([
    ['method', x.request.method],
    ['url', x.request.url],
  ]);
  for (const h of x.request.headers) out.set(`header ${h.name.toLowerCase()}`, h.value);
  for (const p of x.request.form ?? []) out.set(p.name, p.value);
  return out;
}

function responseFields(x: Exchange): Fields {
  const out: Fields = new Map();
  if (x.response) out.set('status', String(x.response.status));
  if (x.error) out.set('error', x.error.oauth ? `${x.error.code} (${x.error.oauth.error})` : x.error.code);
  if (x.error?.oauth?.errorDescription) out.set('error_description', text(x.error.oauth.errorDescription));
  const r = x.response ? redactResponse(x.response) : undefined;
  const json = r?.json;
  if (json && typeof json === 'object' && !Array.isArray(json))
    for (const [k, v] of fromObject(json as Record<string, unknown>)) out.set(k, v);
  else if (r && r.body !== '') out.set('body', text(r.body));
  return out;
}

function tokenFields(r: HistoryRecord): Fields {
  const out: Fields = new Map();
  for (const [kind, t] of Object.entries(r.tokens)) {
    for (const [k, v] of fromObject(t.claims, `${kind} `)) out.set(k, v);
  }
  return out;
}

function rows(left: Fields, right: Fields): CompareRow[] {
  const names = [...new Set([...left.keys(), ...right.keys()])];
  return names.map((name) => {
    const l = left.get(name) ?? null;
    const r = right.get(name) ?? null;
    const last = name.split(' ').pop() ?? name;
    return { name, left: l, right: r, differs: l !== r, volatile: VOLATILE.has(last.toLowerCase()) };
  });
}

/** The comparison of two records (older on the left). */
export function compareRecords(a: HistoryRecord, b: HistoryRecord, live: (id: string) => boolean = () => false): CompareView {
  const [left, right] = a.at <= b.at ? [a, b] : [b, a];
  const assertion = (r: HistoryRecord): Fields =>
    new Map([...fromObject(r.exchange.assertion?.header, 'header '), ...fromObject(r.exchange.assertion?.claims)]);
  const sections = [
    { title: 'Request', rows: rows(requestFields(left.exchange), requestFields(right.exchange)) },
    { title: 'Client assertion', rows: rows(assertion(left), assertion(right)) },
    { title: 'Response', rows: rows(responseFields(left.exchange), responseFields(right.exchange)) },
    { title: 'Token claims', rows: rows(tokenFields(left), tokenFields(right)) },
  ].filter((s) => s.rows.length > 0);
  return { left: toHistoryEntry(left, live(left.id)), right: toHistoryEntry(right, live(right.id)), sections };
}
