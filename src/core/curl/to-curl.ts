/**
 * Exports a request as a shell-safe curl command (SECURITY.md item 5): every literal
 * is single-quoted, each form parameter is one `--data-urlencode`, and secret values
 * become shell variables (`"$CLIENT_SECRET"`, `"$CLIENT_ASSERTION"`) unless revealed.
 */
import type { Exchange, HttpRequestRecord, Param } from '../types';

/** Single-quotes a string for POSIX shells (`'` becomes `'\''`). */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `client_secret` → `CLIENT_SECRET`. */
export function placeholderVariable(name: string): string {
  const v = name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[A-Z_]/.test(v) ? v : `P_${v}`;
}

function headerArg(h: Param, reveal: boolean): string {
  // curl drops `Name:` with nothing after it; `Name;` is how it sends an empty header.
  if (h.value === '') return shellQuote(`${h.name};`);
  if (!h.secret || reveal) return shellQuote(`${h.name}: ${h.value}`);
  if (h.name.toLowerCase() === 'authorization') {
    const scheme = /^(\w+)\s/.exec(h.value)?.[1];
    if (scheme) {
      const variable = scheme.toLowerCase() === 'basic' ? 'BASIC_CREDENTIALS' : 'ACCESS_TOKEN';
      return `${shellQuote(`${h.name}: ${scheme} `)}"$${variable}"`;
    }
  }
  return `${shellQuote(`${h.name}: `)}"$${placeholderVariable(h.name)}"`;
}

/** `application/x-www-form-urlencoded` text of one value (as the transport sends it). */
function formEncode(s: string): string {
  return new URLSearchParams({ v: s }).toString().slice(2);
}

/**
 * One form parameter. `--data-urlencode 'name=value'` encodes only the value: a name
 * with `=`, `&`, `%`, `+` or white space is sent encoded with `--data-raw` instead.
 */
function formArg(p: Param, reveal: boolean): string {
  const plainName = !/[=&%+\s]/.test(p.name);
  const shown = !p.secret || reveal;
  if (plainName)
    return `--data-urlencode ${shown ? shellQuote(`${p.name}=${p.value}`) : `${shellQuote(`${p.name}=`)}"$${placeholderVariable(p.name)}"`}`;
  const name = formEncode(p.name);
  return `--data-raw ${shown ? shellQuote(`${name}=${formEncode(p.value)}`) : `${shellQuote(`${name}=`)}"$${placeholderVariable(p.name)}"`}`;
}

/**
 * The curl command for an exchange's request (or a bare request). Secrets are
 * replaced by `"$VARIABLE"` placeholders unless `reveal` is true.
 */
export function toCurl(x: Exchange | HttpRequestRecord, o: { reveal?: boolean } = {}): string {
  const r: HttpRequestRecord = 'request' in x ? x.request : x;
  const reveal = o.reveal === true;
  const parts: string[] = ['curl'];
  const hasForm = r.method === 'POST' && (r.form?.length ?? 0) > 0;
  if (r.method === 'POST' && !hasForm) parts.push('-X POST');
  parts.push(shellQuote(r.url));
  for (const h of r.headers) parts.push(`-H ${headerArg(h, reveal)}`);
  if (hasForm) for (const p of r.form!) parts.push(formArg(p, reveal));
  return parts.join(' \\\n  ');
}
