/**
 * Evidence strings: quotes of request parts and metadata fields, never secret values.
 */
import type { Param } from '../types';
import { describeHeader, describeParam, headerValue, type DraftRequest } from './draft';
import type { RuleContext } from './context';

/** `name: value` for a metadata field (JSON for arrays). */
export function metaField(name: string, value: unknown): string {
  return `metadata ${name}: ${JSON.stringify(value)}`;
}

/** The request line, e.g. `POST https://idp/introspect`. */
export function requestLine(draft: DraftRequest): string {
  return `request: ${draft.method} ${draft.url}`;
}

/** A body parameter as evidence (secret values shown by length only). */
export function bodyParam(p: Param): string {
  return `body ${describeParam(p)}`;
}

/** A query parameter as evidence. */
export function queryParam(p: Param): string {
  return `URL query ${describeParam(p)}`;
}

/** The Authorization header as evidence (scheme kept, credential hidden). */
export function authHeader(draft: DraftRequest): string | undefined {
  const h = draft.headers.find((x) => x.name.toLowerCase() === 'authorization');
  return h ? `header ${describeHeader(h)}` : undefined;
}

/** Everything the request presents as client authentication, as evidence lines. */
export function authEvidence(ctx: RuleContext): string[] {
  const out: string[] = [];
  const a = authHeader(ctx.draft);
  if (a) out.push(a);
  for (const name of ['client_id', 'client_secret', 'client_assertion_type', 'client_assertion']) {
    const p = ctx.draft.form.find((x) => x.name === name);
    if (p) out.push(bodyParam(p));
  }
  const q = ctx.draft.query?.find((x) => x.name === 'client_id');
  if (q) out.push(queryParam(q));
  if (out.length === 0) out.push('no Authorization header, no client_id, client_secret or client_assertion in the body');
  else if (!a && !ctx.draft.form.some((x) => ['client_secret', 'client_assertion'].includes(x.name))) {
    out.push('no Authorization header, no client_secret, no client_assertion');
  }
  return out;
}

/** A decoded claim as evidence. */
export function claim(name: string, value: unknown, where = 'assertion'): string {
  return `${where} ${name}: ${value === undefined ? '(missing)' : JSON.stringify(value)}`;
}

/** Epoch seconds as ISO text. */
export function iso(epoch: number): string {
  const d = new Date(epoch * 1000);
  return Number.isNaN(d.getTime()) ? String(epoch) : d.toISOString();
}

/** Human duration, e.g. `2 min 5 s`. */
export function humanSeconds(s: number): string {
  const a = Math.round(Math.abs(s));
  if (a < 120) return `${a} s`;
  if (a < 3600) return `${Math.floor(a / 60)} min${a % 60 ? ` ${a % 60} s` : ''}`;
  if (a < 172800) return `${Math.floor(a / 3600)} h${Math.floor((a % 3600) / 60) ? ` ${Math.floor((a % 3600) / 60)} min` : ''}`;
  return `${Math.floor(a / 86400)} days`;
}

export { headerValue };
