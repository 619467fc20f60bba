/**
 * parseCurl: turns a curl command as people paste it (bash, zsh, Windows cmd,
 * PowerShell; one line or many, with or without continuation characters) into a
 * DraftRequest the diagnosis can read. Nothing is executed, no file is read.
 *
 * A paste is untrusted text that often holds secrets (SECURITY.md 18, 20): it is
 * refused beyond {@link PASTE_CAP_CHARS}, read in linear time, and nothing from it
 * reaches a warning unless it is known not to be a secret (a real curl option name, a
 * URL without its query, an HTTP method); other words are described by position.
 */
import { ConfigError } from '../errors';
import { parseBoundedJson } from '../json-limits';
import type { Param } from '../types';
import { isSecretHeader, isSecretParam, parseUrlEncoded, splitUrl, type DraftBodyFormat, type DraftRequest } from '../diagnose/draft';
import {
  HTTP_METHODS,
  IGNORED_SWITCHES,
  IGNORED_WITH_VALUE,
  isCurlOption,
  KNOWN_TOOLS,
  MAX_CLUSTER_FLAGS,
  NOTED_SWITCHES,
  NOTED_WITH_VALUE,
  SHORT_WITH_VALUE,
} from './options';
import { tokenize, type Glue } from './tokenize';
import { describeUrl, hasScheme, isPlaceholderUrl, looksLikeUrl, takeUserinfo, urlWithoutSecrets } from './url-words';

/**
 * The longest paste accepted: 128 KiB. A curl command with a signed assertion is a few
 * KiB; one with a large JSON body tens. Longer text is refused with CURL_PARSE. At 256 KiB
 * the worst shapes (43,000 words of `Basic `) took 30–60 ms of CPU on the 2-core CI
 * machine — over the 50 ms budget of SECURITY.md 18 — and no real command needs that much.
 */
export const PASTE_CAP_CHARS = 128 * 1024;

/** Stray words described one by one; the rest are counted. */
const MAX_STRAY_WARNINGS = 5;
/** Warnings kept (distinct ones, in order); a paste can repeat one option thousands of times. */
const MAX_WARNINGS = 20;

function shortList(warnings: string[]): string[] {
  const distinct = [...new Set(warnings)];
  if (distinct.length <= MAX_WARNINGS) return distinct;
  return [...distinct.slice(0, MAX_WARNINGS), `${distinct.length - MAX_WARNINGS} more warnings were left out.`];
}

/**
 * Parses a pasted curl command into a {@link DraftRequest}.
 * @throws ConfigError `CURL_PARSE` naming what is wrong and where (too long, unclosed
 *   quote, missing option value, no URL, not a curl command, an absurd option cluster).
 */
export function parseCurl(text: string): DraftRequest {
  if (text.length > PASTE_CAP_CHARS) {
    throw new ConfigError(
      'CURL_PARSE',
      `The pasted text is too long (${text.length.toLocaleString('en-US')} characters; the limit is ${PASTE_CAP_CHARS.toLocaleString('en-US')}). Paste only the curl command.`,
    );
  }
  const { words, glues } = tokenize(text);
  const start = commandStart(words);
  const first = words[start];
  if (first === undefined) throw new ConfigError('CURL_PARSE', 'The pasted text is empty: paste a command that starts with curl.');
  if (!/(^|[\\/])curl(\.exe)?$/i.test(first)) {
    // Only a known tool name is echoed: the first word of a stray paste may be a token.
    const what = KNOWN_TOOLS.has(first.toLowerCase()) ? `"${first}"` : `a word of ${first.length} characters`;
    throw new ConfigError(
      'CURL_PARSE',
      `The pasted text starts with ${what}, not with curl: paste the whole curl command, including the word curl.`,
    );
  }
  const end = commandEnd(words, start);
  const args: Arg[] = [];
  for (let w = start + 1; w < end; w++) args.push({ text: words[w]!, word: w });
  return new DraftBuilder(args, words, glues).build();
}

/** Index of the first word after a leading prompt (`$ `, `> `, `PS C:\>`). */
function commandStart(words: string[]): number {
  let i = 0;
  while (i < words.length && /^(\$|>|%|#|PS\b.{0,200}>)$/.test(words[i]!)) i++;
  return i;
}

/** End of the command: a pipe, `&&`, `;` or a redirection cuts it. */
function commandEnd(words: string[], from: number): number {
  const cut = new Set(['|', '||', '&&', ';', '>', '>>', '2>', '&>']);
  for (let i = from; i < words.length; i++) if (cut.has(words[i]!)) return i;
  return words.length;
}

/** One argument, and the word of the paste it came from. */
interface Arg {
  text: string;
  word: number;
}

/** True for a short-option cluster (`-sSL`, `-XPOST`, `-d@file`, `-Hfoo:bar`). */
function isCluster(a: string): boolean {
  return a.charCodeAt(0) === 0x2d && a.charCodeAt(1) !== 0x2d && /^-[A-Za-z0-9#]./.test(a);
}

/**
 * The options of a cluster, each on its own; a value flag takes the rest of the word.
 * @throws ConfigError CURL_PARSE for a cluster of more than {@link MAX_CLUSTER_FLAGS} flags
 */
function expandCluster(a: Arg): Arg[] {
  const out: Arg[] = [];
  for (let k = 1; k < a.text.length; k++) {
    if (k > MAX_CLUSTER_FLAGS) {
      throw new ConfigError(
        'CURL_PARSE',
        `Argument ${a.word} is a cluster of ${a.text.length - 1} one-letter options; curl commands combine a few (-sSL). Check the quoting around it.`,
      );
    }
    const f = a.text[k]!;
    out.push({ text: `-${f}`, word: a.word });
    if (SHORT_WITH_VALUE.has(f)) {
      if (k + 1 < a.text.length) out.push({ text: a.text.slice(k + 1), word: a.word });
      break;
    }
  }
  return out;
}

/** curl's --data-urlencode forms: `content`, `=content`, `name=content`. */
function encodeDataUrlencode(text: string): string {
  const enc = (s: string): string => {
    try {
      return encodeURIComponent(s);
    } catch {
      throw new ConfigError('CURL_PARSE', 'A --data-urlencode value holds text that is not valid Unicode; paste it again.');
    }
  };
  const eq = text.indexOf('=');
  if (eq === -1) return enc(text);
  if (eq === 0) return enc(text.slice(1));
  return `${text.slice(0, eq)}=${enc(text.slice(eq + 1))}`;
}

/** Top-level fields of a JSON object body, as params (objects stay JSON text). */
function jsonFields(text: string, warnings: string[]): Param[] {
  const parsed = parseBoundedJson(text);
  if (!parsed) {
    warnings.push('The body looks like JSON but does not parse (or nests too deeply); its fields could not be read.');
    return [];
  }
  const v = parsed.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [];
  return Object.entries(v as Record<string, unknown>).map(([k, x]) => param(k, typeof x === 'string' ? x : JSON.stringify(x)));
}

function param(name: string, value: string): Param {
  return isSecretParam(name) ? { name, value, secret: true } : { name, value };
}

function header(name: string, value: string): Param {
  return isSecretHeader(name) ? { name, value, secret: true } : { name, value };
}

/** A header name as a warning may show it: a plain HTTP name, else its position. */
function describeHeaderName(name: string, n: number): string {
  return /^[A-Za-z][A-Za-z-]{0,39}$/.test(name) ? name : `of option ${n}`;
}

/** Reads the arguments of one command into a draft; one method per kind of option. */
class DraftBuilder {
  private readonly headers: Param[] = [];
  private readonly dataParts: Array<{ kind: 'raw' | 'urlencode'; text: string }> = [];
  private readonly multipart: Param[] = [];
  private readonly warnings: string[] = [];
  private method: string | undefined;
  private url: string | undefined;
  private urlWord = -1;
  private readonly strays: number[] = [];
  private jsonBody = false;
  private asGet = false;
  private head = false;
  private userGiven = false;
  private headerCount = 0;
  /** Next argument to read, and the rest of a cluster being read (no array splicing: linear). */
  private i = 0;
  private pending: Arg[] = [];
  private current: Arg = { text: '', word: 0 };

  constructor(
    private readonly args: Arg[],
    private readonly words: string[],
    private readonly glues: Glue[],
  ) {}

  build(): DraftRequest {
    let endOfOptions = false;
    for (let a = this.next(); a; a = this.next()) {
      if (!endOfOptions && this.pending.length === 0 && isCluster(a.text)) {
        this.pending = expandCluster(a);
        a = this.pending.shift()!;
      }
      this.current = a;
      if (endOfOptions || !a.text.startsWith('-') || a.text === '-') this.positional(a);
      else if (a.text === '--') endOfOptions = true;
      else this.option(a.text);
    }
    return this.finish();
  }

  /** The next argument: the rest of the current cluster first. */
  private next(): Arg | undefined {
    return this.pending.shift() ?? this.args[this.i++];
  }

  /** An option's value: the next argument as it is (never read as a cluster). */
  private take(flag: string): string {
    const v = this.next();
    if (v === undefined) {
      throw new ConfigError(
        'CURL_PARSE',
        `The option ${flag} at the end of the command has no value: add the value after ${flag}, or remove the option.`,
      );
    }
    return v.text;
  }

  private setUrl(u: string, word: number): void {
    if (this.url === undefined) {
      this.url = u;
      this.urlWord = word;
    } else if (this.url !== u) {
      this.warnings.push(`More than one URL was given; using ${describeUrl(this.url)} and ignoring ${describeUrl(u)}.`);
    }
  }

  /** A word that is not an option: the URL if it reads as one, else a stray word (never echoed). */
  private positional(a: Arg): void {
    if (looksLikeUrl(a.text)) this.setUrl(a.text, a.word);
    else this.strays.push(a.word);
  }

  private option(a: string): void {
    if (this.request(a) || this.body(a) || this.credentials(a)) return;
    if (IGNORED_SWITCHES.has(a)) return;
    if (IGNORED_WITH_VALUE.has(a)) {
      this.take(a);
      return;
    }
    if (a in NOTED_WITH_VALUE) {
      this.take(a);
      this.warnings.push(`${a}: ${NOTED_WITH_VALUE[a]}.`);
      return;
    }
    if (a in NOTED_SWITCHES) {
      this.warnings.push(`${NOTED_SWITCHES[a]}.`);
      return;
    }
    this.warnings.push(
      isCurlOption(a)
        ? `The curl option ${a} is not modelled and was ignored.`
        : `Argument ${this.current.word} (${a.length} characters) is not a curl option this workbench knows; it was ignored and is not shown, because a token that lost its quotes looks like this.`,
    );
  }

  /** Method, URL, headers and the GET/HEAD switches. */
  private request(a: string): boolean {
    switch (a) {
      case '-X':
      case '--request': {
        const m = this.take(a);
        if (HTTP_METHODS.has(m.toUpperCase())) this.method = m.toUpperCase();
        else this.warnings.push(`The ${a} value (${m.length} characters) is not an HTTP method and was ignored.`);
        return true;
      }
      case '-H':
      case '--header':
        this.header(this.take(a));
        return true;
      case '-A':
      case '--user-agent':
        this.headers.push(header('User-Agent', this.take(a)));
        return true;
      case '-e':
      case '--referer':
        this.headers.push(header('Referer', this.take(a)));
        return true;
      case '--url': {
        const word = this.pending[0]?.word ?? this.args[this.i]?.word ?? -1;
        this.setUrl(this.take(a), word);
        return true;
      }
      case '-G':
      case '--get':
        this.asGet = true;
        return true;
      case '-I':
      case '--head':
        this.head = true;
        return true;
      default:
        return false;
    }
  }

  private header(h: string): void {
    this.headerCount++;
    if (h.startsWith('@')) {
      this.warnings.push(`Headers from a file (-H @…, option ${this.headerCount}) cannot be read here; add them as -H options.`);
      return;
    }
    const colon = h.indexOf(':');
    if (colon === -1) {
      // `Name;` sends an empty header; `Name` alone removes one.
      if (h.endsWith(';')) this.headers.push(header(h.slice(0, -1).trim(), ''));
      // Described by position, not echoed: a value pasted without its name may be a credential.
      else
        this.warnings.push(
          `Header option ${this.headerCount} (-H, ${h.length} characters) has no colon and was ignored: write it as "Name: value" (without the colon curl would remove that header).`,
        );
      return;
    }
    const name = h.slice(0, colon).trim();
    const value = h.slice(colon + 1).trim();
    if (value === '') {
      this.warnings.push(`The header ${describeHeaderName(name, this.headerCount)} has no value; curl would not send it.`);
      return;
    }
    this.headers.push(header(name, value));
  }

  /** -d and friends, --json, -F. */
  private body(a: string): boolean {
    switch (a) {
      case '-d':
      case '--data':
      case '--data-ascii':
      case '--data-binary': {
        const d = this.take(a);
        if (d.startsWith('@')) this.warnings.push(`Data from a file (${a} @…) cannot be read here; paste the data itself.`);
        else this.dataParts.push({ kind: 'raw', text: a === '--data-binary' ? d : d.replace(/[\r\n]/g, '') });
        return true;
      }
      case '--data-raw':
        this.dataParts.push({ kind: 'raw', text: this.take(a) });
        return true;
      case '--data-urlencode': {
        const d = this.take(a);
        if (/^[^=]*@/.test(d) && !d.includes('='))
          this.warnings.push('Data from a file (--data-urlencode name@…) cannot be read here; paste the data itself.');
        else this.dataParts.push({ kind: 'urlencode', text: d });
        return true;
      }
      case '--json':
        this.dataParts.push({ kind: 'raw', text: this.take(a) });
        this.jsonBody = true;
        return true;
      case '-F':
      case '--form':
      case '--form-string': {
        const f = this.take(a);
        const eq = f.indexOf('=');
        this.multipart.push(param(eq === -1 ? f : f.slice(0, eq), eq === -1 ? '' : f.slice(eq + 1)));
        return true;
      }
      default:
        return false;
    }
  }

  /** -u, --oauth2-bearer, -b, --basic. */
  private credentials(a: string): boolean {
    switch (a) {
      case '-u':
      case '--user': {
        const u = this.take(a);
        this.userGiven = true;
        if (!u.includes(':'))
          this.warnings.push(
            'The -u value has no ":password" part; curl would prompt for the password. The Authorization header was built with an empty password.',
          );
        this.headers.push({
          name: 'Authorization',
          value: `Basic ${Buffer.from(u.includes(':') ? u : `${u}:`).toString('base64')}`,
          secret: true,
        });
        return true;
      }
      case '--oauth2-bearer':
        this.headers.push({ name: 'Authorization', value: `Bearer ${this.take(a)}`, secret: true });
        return true;
      case '-b':
      case '--cookie': {
        const c = this.take(a);
        if (c.includes('=')) this.headers.push({ name: 'Cookie', value: c, secret: true });
        else this.warnings.push(`Cookies from a file (${a} without name=value) cannot be read here.`);
        return true;
      }
      case '--basic':
        return true;
      default:
        return false;
    }
  }

  private finish(): DraftRequest {
    // One warning per stray word for the first few, then one for the rest (a paste can hold thousands).
    for (const w of this.strays.slice(0, MAX_STRAY_WARNINGS)) {
      this.warnings.push(
        `Argument ${w} (${this.words[w]?.length ?? 0} characters) is neither an option nor a URL and was ignored (not shown: it may be a secret). An option before it may need quotes around its value.`,
      );
    }
    if (this.strays.length > MAX_STRAY_WARNINGS) {
      this.warnings.push(`${this.strays.length - MAX_STRAY_WARNINGS} more arguments are neither options nor URLs and were ignored.`);
    }
    if (this.url === undefined) {
      throw new ConfigError(
        'CURL_PARSE',
        'The curl command has no URL: add the endpoint URL (for example https://idp.example.com/oauth2/token) after curl or with --url.',
      );
    }
    const url = this.normalisedUrl(this.url);
    const split = splitUrl(url);
    const { form, bodyFormat } = this.form();
    const query = split.query;
    let finalForm = form;
    let finalFormat = bodyFormat;
    if (this.asGet && form.length) {
      query.push(...form);
      finalForm = [];
      finalFormat = 'none';
    }
    const method =
      this.method ?? (this.head ? 'HEAD' : this.asGet ? 'GET' : finalFormat !== 'none' || this.dataParts.length ? 'POST' : 'GET');
    const draft: DraftRequest = { method, url: split.url, headers: this.headers, form: finalForm, query, bodyFormat: finalFormat };
    const glued = this.gluedLines();
    if (glued.length) draft.gluedLines = glued;
    if (this.warnings.length) draft.warnings = shortList(this.warnings);
    return draft;
  }

  /** userinfo moved into a Basic header, a missing scheme made explicit (as curl does). */
  private normalisedUrl(raw: string): string {
    let url = raw;
    const userinfo = takeUserinfo(url);
    if (userinfo) {
      url = userinfo.url;
      const hasUser = this.headers.some((h) => h.name.toLowerCase() === 'authorization') || this.userGiven;
      this.warnings.push(
        hasUser
          ? 'The URL carried a user name and password (user:password@host); -u or an Authorization header takes precedence in curl, so they were removed from the URL and not used.'
          : 'The URL carried a user name and password (user:password@host); curl sends them as HTTP Basic authentication, so they were moved into an Authorization: Basic header and removed from the URL.',
      );
      if (!hasUser) this.headers.push({ name: 'Authorization', value: `Basic ${userinfo.credentials.toString('base64')}`, secret: true });
    }
    if (!hasScheme(url) && !isPlaceholderUrl(url)) {
      this.warnings.push(`The URL (${describeUrl(url)}) has no scheme; curl assumes http://.`);
      url = `http://${url}`;
    }
    return url;
  }

  private form(): { form: Param[]; bodyFormat: DraftBodyFormat } {
    if (this.multipart.length) return { form: this.multipart, bodyFormat: 'multipart' };
    if (!this.dataParts.length) return { form: [], bodyFormat: 'none' };
    const contentType = this.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
    const joined = this.dataParts.map((p) => (p.kind === 'urlencode' ? encodeDataUrlencode(p.text) : p.text)).join('&');
    const looksJson = /^\s*[{[]/.test(joined);
    if (this.jsonBody || (looksJson && this.dataParts.every((p) => p.kind === 'raw')) || /json/i.test(contentType)) {
      if (this.jsonBody) {
        if (!contentType) this.headers.push(header('Content-Type', 'application/json'));
        if (!this.headers.some((h) => h.name.toLowerCase() === 'accept')) this.headers.push(header('Accept', 'application/json'));
      }
      return { form: jsonFields(joined, this.warnings), bodyFormat: 'json' };
    }
    if (/^[^=&\s]+=|&/.test(joined) || joined === '') return { form: parseUrlEncoded(joined), bodyFormat: 'form' };
    this.warnings.push('The body is neither form-encoded (name=value&...) nor JSON; it was kept out of the form parameters.');
    return { form: [], bodyFormat: 'other' };
  }

  /**
   * Lines a backslash glued to the next option. The two words were read apart (what
   * the user meant); `wouldCall` is the URL curl would request instead, when the URL
   * was the glued word (shown without query, the option only when it is a real one).
   */
  private gluedLines(): NonNullable<DraftRequest['gluedLines']> {
    return this.glues.map((g) => {
      const option = this.words[g.word + 1] ?? '';
      const shownOption = isCurlOption(option) ? option : '…';
      return g.word === this.urlWord && this.url !== undefined
        ? { line: g.line, wouldCall: `${urlWithoutSecrets(this.url)}${shownOption}` }
        : { line: g.line };
    });
  }
}
