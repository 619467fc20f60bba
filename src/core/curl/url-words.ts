/**
 * Which words of a paste may be a URL, and how a URL may be quoted in a warning: never
 * its userinfo, query or fragment (each may hold secrets), and a word without a scheme
 * only when it reads as a host name (an unquoted `-H Authorization: Bearer xyz` turns
 * the token into a stray "URL" that must not be echoed).
 */

import { maskJwtShaped } from '../redaction/jwt-scan';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Host names end in an alphabetic TLD; JWTs and base64 tokens (digits, `_`) do not. */
const HOST = /^(localhost|\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]|([A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63})(:\d{1,5})?$/;

export function hasScheme(u: string): boolean {
  return SCHEME.test(u);
}

/** `{yourOktaDomain}/…`, `<issuer>/…`, `$ISSUER/…`: placeholders people paste from docs. */
export function isPlaceholderUrl(u: string): boolean {
  return /^[{<$]/.test(u);
}

function hostOf(u: string): string {
  const end = u.search(/[/?#]/);
  return end === -1 ? u : u.slice(0, end);
}

/** True when a word may be the URL curl calls (a scheme, a placeholder, or host-name-like). */
export function looksLikeUrl(u: string): boolean {
  // Most stray words have no dot, colon or slash: refused before any pattern runs.
  if (u !== 'localhost' && !u.includes('.') && !u.includes(':') && !u.includes('/') && !isPlaceholderUrl(u)) return false;
  if (hasScheme(u) || isPlaceholderUrl(u)) return true;
  const host = hostOf(takeUserinfo(u)?.url ?? u);
  return host.length <= 253 && HOST.test(host) && !host.startsWith('eyJ');
}

/**
 * Splits `user:password@` off a URL's authority, as curl reads it: the user ends at the
 * first `:`, the authority at the first `/`, `?` or `#`, and both parts are
 * percent-decoded to bytes (`+` stays a plus). Returns undefined without userinfo.
 */
export function takeUserinfo(raw: string): { url: string; credentials: Buffer } | undefined {
  const scheme = SCHEME.exec(raw)?.[0] ?? '';
  const rest = raw.slice(scheme.length);
  const authority = hostOfAuthority(rest);
  const at = authority.lastIndexOf('@');
  if (at === -1) return undefined;
  const info = authority.slice(0, at);
  const colon = info.indexOf(':');
  const user = colon === -1 ? info : info.slice(0, colon);
  const password = colon === -1 ? '' : info.slice(colon + 1);
  const credentials = Buffer.concat([percentDecode(user), Buffer.from(':'), percentDecode(password)]);
  return { url: scheme + rest.slice(at + 1), credentials };
}

function hostOfAuthority(rest: string): string {
  const end = rest.search(/[/?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

/** curl's URL decoding: `%XX` becomes that byte, everything else is kept as UTF-8. */
function percentDecode(s: string): Buffer {
  const bytes: Buffer[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(Buffer.from([parseInt(s.slice(i + 1, i + 3), 16)]));
      i += 3;
      continue;
    }
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    bytes.push(Buffer.from(ch, 'utf8'));
    i += ch.length;
  }
  return Buffer.concat(bytes);
}

export function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A URL without its userinfo, query and fragment, JWT-shaped path segments masked. */
export function urlWithoutSecrets(u: string): string {
  const noQuery = u.split(/[?#]/, 1)[0] ?? u;
  return maskJwtShaped(takeUserinfo(noQuery)?.url ?? noQuery);
}

/** A URL as warnings may show it (see the module comment). */
export function describeUrl(u: string): string {
  const bare = urlWithoutSecrets(u);
  if (hasScheme(bare) || isPlaceholderUrl(bare) || looksLikeUrl(bare)) return clip(bare);
  return `a word of ${u.length} characters`;
}
