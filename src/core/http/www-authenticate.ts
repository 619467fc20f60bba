/**
 * THE parser of `WWW-Authenticate` (and `Proxy-Authenticate`) header values, RFC 9110
 * §11.6.1: a comma-separated list of challenges, each `auth-scheme [ 1*SP ( token68 /
 * #auth-param ) ]`, with `auth-param = token BWS "=" BWS ( token / quoted-string )`.
 * Several headers joined with ", " (as the transport records them) parse the same.
 *
 * Hand-written single pass over the text (a measured hot path is not the reason: the
 * reason is that the value comes from a server and must be read in linear time, and the
 * grammar's comma ambiguity between "next param" and "next challenge" needs one token of
 * look-ahead that a regular expression can only express with backtracking).
 * Lenient like browsers: a malformed item is skipped up to the next comma.
 */

/**
 * Only the first 64 KiB of a value are read. The transport (undici, Node's 16 KiB
 * header limit) never delivers more; a longer value handed in from elsewhere is cut
 * rather than scanned, so no caller can make this step long.
 */
export const MAX_HEADER_CHARS = 64 * 1024;

/** One challenge of a WWW-Authenticate header. */
export interface AuthChallenge {
  /** The auth-scheme as sent (compare case-insensitively), e.g. `Bearer`, `DPoP`, `Basic`. */
  scheme: string;
  /** Parameters, names lower-cased, quoted-string values unescaped; the first of a repeated name wins. */
  params: Record<string, string>;
  /** The token68 form (`Negotiate YII…`), when the challenge carries one instead of params. */
  token68?: string;
}

const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TCHAR[c.charCodeAt(0)] = 1;
const T68 = new Uint8Array(128);
for (const c of '-._~+/0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ') T68[c.charCodeAt(0)] = 1;

const isTchar = (code: number): boolean => code < 128 && TCHAR[code] === 1;
const isT68 = (code: number): boolean => code < 128 && T68[code] === 1;
const isWs = (code: number): boolean => code === 0x20 || code === 0x09;

/** A cursor over the header text; every method advances or leaves `i` where it was. */
class Scanner {
  i = 0;
  constructor(readonly s: string) {}
  get done(): boolean {
    return this.i >= this.s.length;
  }
  peek(): number {
    return this.s.charCodeAt(this.i);
  }
  skipWs(): void {
    while (this.i < this.s.length && isWs(this.peek())) this.i++;
  }
  /** Skips whitespace and empty list elements (`, ,`). */
  skipSeparators(): void {
    while (this.i < this.s.length && (isWs(this.peek()) || this.peek() === 0x2c)) this.i++;
  }
  token(): string {
    const start = this.i;
    while (this.i < this.s.length && isTchar(this.peek())) this.i++;
    return this.s.slice(start, this.i);
  }
  /** A quoted-string starting at the opening quote; unterminated runs to the end. */
  quoted(): string {
    this.i++; // opening quote
    const parts: string[] = [];
    let start = this.i;
    while (this.i < this.s.length) {
      const c = this.peek();
      if (c === 0x22) {
        parts.push(this.s.slice(start, this.i));
        this.i++;
        return parts.join('');
      }
      if (c === 0x5c && this.i + 1 < this.s.length) {
        parts.push(this.s.slice(start, this.i), this.s.charAt(this.i + 1));
        this.i += 2;
        start = this.i;
      } else this.i++;
    }
    parts.push(this.s.slice(start));
    return parts.join('');
  }
  /** Skips a quoted-string starting at the opening quote, building nothing. */
  skipQuoted(): void {
    this.i++;
    while (this.i < this.s.length) {
      const c = this.peek();
      if (c === 0x22) {
        this.i++;
        return;
      }
      this.i += c === 0x5c ? 2 : 1;
    }
  }
  /** Skips to just before the next comma outside a quoted string (recovery from a malformed item). */
  skipItem(): void {
    while (this.i < this.s.length && this.peek() !== 0x2c) {
      if (this.peek() === 0x22) this.skipQuoted();
      else this.i++;
    }
  }
  /** True when the text at `i` is a token68 that ends the challenge (then consumes it). */
  tryToken68(): string | undefined {
    let j = this.i;
    while (j < this.s.length && isT68(this.s.charCodeAt(j))) j++;
    if (j === this.i) return undefined;
    while (j < this.s.length && this.s.charCodeAt(j) === 0x3d) j++;
    let k = j;
    while (k < this.s.length && isWs(this.s.charCodeAt(k))) k++;
    if (k < this.s.length && this.s.charCodeAt(k) !== 0x2c) return undefined;
    const value = this.s.slice(this.i, j);
    this.i = k;
    return value;
  }
}

/**
 * Every challenge of a `WWW-Authenticate` value, in order. `undefined` or empty → `[]`.
 * Example: `DPoP error="use_dpop_nonce", Bearer realm="api", error="insufficient_scope", scope="a b"`
 * → `[{scheme:'DPoP', params:{error:'use_dpop_nonce'}}, {scheme:'Bearer', params:{realm:'api', error:'insufficient_scope', scope:'a b'}}]`.
 */
export function parseChallenges(header: string | undefined): AuthChallenge[] {
  if (!header) return [];
  const sc = new Scanner(header.length > MAX_HEADER_CHARS ? header.slice(0, MAX_HEADER_CHARS) : header);
  const out: Draft[] = [];
  let current: Draft | undefined;
  while (!sc.done) {
    sc.skipSeparators();
    if (sc.done) break;
    const start = sc.i;
    const name = sc.token();
    if (name === '') {
      // Not a token character: skip it, or the quoted string it opens (progress guaranteed).
      if (sc.peek() === 0x22) sc.skipQuoted();
      else sc.i = start + 1;
      sc.skipItem();
      continue;
    }
    const afterName = sc.i;
    sc.skipWs();
    if (current && sc.peek() === 0x3d) {
      // auth-param of the current challenge
      readParamValue(sc, current, name.toLowerCase());
      continue;
    }
    // A new challenge: scheme, then token68 or the first param (or nothing).
    current = { scheme: name, params: new Map() };
    out.push(current);
    if (sc.done || sc.peek() === 0x2c || sc.i === afterName) continue;
    const t68 = sc.tryToken68();
    if (t68 !== undefined) {
      current.token68 = t68;
      current = undefined; // a token68 ends its challenge: what follows is a new one
      continue;
    }
    const pStart = sc.i;
    const pName = sc.token();
    sc.skipWs();
    if (pName !== '' && sc.peek() === 0x3d) readParamValue(sc, current, pName.toLowerCase());
    else {
      sc.i = pStart === sc.i ? pStart + 1 : sc.i;
      sc.skipItem();
    }
  }
  // Object.fromEntries defines own properties, so a parameter named __proto__ stays data.
  return out.map((c) => ({
    scheme: c.scheme,
    params: Object.fromEntries(c.params),
    ...(c.token68 !== undefined ? { token68: c.token68 } : {}),
  }));
}

interface Draft {
  scheme: string;
  params: Map<string, string>;
  token68?: string;
}

/** At `=`: reads BWS and a token or quoted-string into `c.params[name]` (first wins), then recovers to the next comma. */
function readParamValue(sc: Scanner, c: Draft, name: string): void {
  sc.i++; // '='
  sc.skipWs();
  const value = sc.peek() === 0x22 ? sc.quoted() : sc.token();
  if (!c.params.has(name)) c.params.set(name, value);
  sc.skipWs();
  if (!sc.done && sc.peek() !== 0x2c) sc.skipItem();
}

/** The first challenge whose scheme is `scheme` (case-insensitive). */
export function findChallenge(challenges: readonly AuthChallenge[], scheme: string): AuthChallenge | undefined {
  const s = scheme.toLowerCase();
  return challenges.find((c) => c.scheme.toLowerCase() === s);
}

/** The challenge that carries an OAuth `error` (RFC 6750 §3 / RFC 9449 §7.1), else the first one. */
export function primaryChallenge(challenges: readonly AuthChallenge[]): AuthChallenge | undefined {
  return challenges.find((c) => c.params['error'] !== undefined) ?? challenges[0];
}
