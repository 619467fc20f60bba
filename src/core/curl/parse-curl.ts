/**
 * parseCurl: turns a curl command as people paste it (bash, zsh, Windows cmd,
 * PowerShell; one line or many, with or without continuation characters) into a
 * DraftRequest the diagnosis can read. Nothing is executed, no file is read.
 */
import { ConfigError } from '../errors';
import type { Param } from '../types';
import { isSecretHeader, isSecretParam, parseUrlEncoded, splitUrl, type DraftBodyFormat, type DraftRequest } from '../diagnose/draft';

type Flavour = 'posix' | 'cmd';

/** Flags curl accepts without a value that do not change the request we model. */
const IGNORED_SWITCHES = new Set([
  '-L',
  '--location',
  '--location-trusted',
  '--compressed',
  '-s',
  '--silent',
  '-S',
  '--show-error',
  '-v',
  '--verbose',
  '-i',
  '--include',
  '-f',
  '--fail',
  '--fail-with-body',
  '-#',
  '--progress-bar',
  '-N',
  '--no-buffer',
  '--http1.0',
  '--http1.1',
  '--http2',
  '--http2-prior-knowledge',
  '--http3',
  '-4',
  '--ipv4',
  '-6',
  '--ipv6',
  '-g',
  '--globoff',
  '--no-progress-meter',
  '-0',
  '--tr-encoding',
  '--raw',
  '--no-keepalive',
  '--ssl-reqd',
  '--tlsv1.2',
  '--tlsv1.3',
  '-q',
  '--disable',
  '-O',
  '--remote-name',
  '-J',
  '--remote-header-name',
  '--path-as-is',
  '--no-sessionid',
  '--styled-output',
]);
/** Flags with a value that do not change the request we model. */
const IGNORED_WITH_VALUE = new Set([
  '-o',
  '--output',
  '-w',
  '--write-out',
  '--connect-timeout',
  '-m',
  '--max-time',
  '--retry',
  '--retry-delay',
  '--retry-max-time',
  '--max-redirs',
  '-D',
  '--dump-header',
  '-c',
  '--cookie-jar',
  '--trace',
  '--trace-ascii',
  '--limit-rate',
  '--resolve',
  '--connect-to',
  '--interface',
  '--cacert',
  '--capath',
  '--stderr',
  '-Y',
  '--speed-limit',
  '-y',
  '--speed-time',
  '-z',
  '--time-cond',
  '--keepalive-time',
  '--dns-servers',
  '--local-port',
  '-r',
  '--range',
  '-C',
  '--continue-at',
]);
/** Flags with a value that matter for authentication but that we cannot model. */
const NOTED_WITH_VALUE: Record<string, string> = {
  '-E': 'client certificate (mutual TLS) is not modelled',
  '--cert': 'client certificate (mutual TLS) is not modelled',
  '--key': 'client certificate key (mutual TLS) is not modelled',
  '--cert-type': 'client certificate type is not modelled',
  '--key-type': 'client certificate key type is not modelled',
  '--pass': 'key passphrase is not modelled',
  '-x': 'proxy is not modelled; the diagnosis assumes a direct connection',
  '--proxy': 'proxy is not modelled; the diagnosis assumes a direct connection',
  '-U': 'proxy credentials are not modelled',
  '--proxy-user': 'proxy credentials are not modelled',
  '-T': 'an uploaded file is not modelled',
  '--upload-file': 'an uploaded file is not modelled',
  '-K': 'a curl config file cannot be read here',
  '--config': 'a curl config file cannot be read here',
};
const NOTED_SWITCHES: Record<string, string> = {
  '-k': 'TLS certificate verification was switched off (-k); the extension never does that',
  '--insecure': 'TLS certificate verification was switched off (--insecure); the extension never does that',
  '--digest': 'HTTP Digest authentication is not OAuth client authentication',
  '--ntlm': 'NTLM authentication is not OAuth client authentication',
  '--negotiate': 'Negotiate authentication is not OAuth client authentication',
};
/** Other HTTP tools whose name may be echoed back when the text is not a curl command. */
const KNOWN_TOOLS = new Set([
  'wget',
  'http',
  'https',
  'httpie',
  'xh',
  'fetch',
  'invoke-webrequest',
  'invoke-restmethod',
  'iwr',
  'irm',
  'aria2c',
  'node',
  'python',
  'python3',
]);
/** Short flags that take a value (for clusters such as `-sX POST` or `-XPOST`). */
const SHORT_WITH_VALUE = new Set('XHdFuAebowmDcEKxUYyzrCT'.split(''));

/**
 * Parses a pasted curl command into a {@link DraftRequest}.
 * @throws ConfigError `CURL_PARSE` naming what is wrong and where (unclosed quote,
 *   missing option value, no URL, not a curl command).
 */
export function parseCurl(text: string): DraftRequest {
  const flavour = detectFlavour(text);
  const words = tokenize(text, flavour);
  const argv = stripShellNoise(words);
  if (argv.length === 0) throw new ConfigError('CURL_PARSE', 'The pasted text is empty: paste a command that starts with curl.');
  const first = argv[0]!;
  if (!/(^|[\\/])curl(\.exe)?$/i.test(first)) {
    // Only a known tool name is echoed: the first word of a stray paste may be a token.
    const what = KNOWN_TOOLS.has(first.toLowerCase()) ? `"${first}"` : `a word of ${first.length} characters`;
    throw new ConfigError(
      'CURL_PARSE',
      `The pasted text starts with ${what}, not with curl: paste the whole curl command, including the word curl.`,
    );
  }
  return buildDraft(argv.slice(1));
}

// ── tokenizing ────────────────────────────────────────────────────────────

function detectFlavour(text: string): Flavour {
  // Windows cmd: caret continuations or Chrome's ^"...^" quoting.
  return /\^\s*\r?\n/.test(text) || /\^"/.test(text) ? 'cmd' : 'posix';
}

/** Splits shell text into words (posix: quotes, $'..', backslash; cmd: ^ escapes, "..."). */
function tokenize(text: string, flavour: Flavour): string[] {
  const src = text.replace(/\r\n?/g, '\n');
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const push = () => {
    if (inWord) words.push(cur);
    cur = '';
    inWord = false;
  };
  const lineCol = (pos: number) => {
    const before = src.slice(0, pos);
    const line = before.split('\n').length;
    return `line ${line}, column ${pos - before.lastIndexOf('\n')}`;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (flavour === 'cmd') {
      if (c === '^') {
        const n = src[i + 1];
        if (n === '\n') {
          i += 2;
          continue;
        } // continuation
        if (n === undefined) {
          i++;
          continue;
        }
        if (n === '"') {
          // Chrome cmd quoting: ^" acts as a quote character
          i += 2;
          const end = readCmdQuoted(src, i, '^"');
          if (end.close === -1) throw unclosed('"', lineCol(i - 2));
          cur += end.value;
          inWord = true;
          i = end.close + 2;
          continue;
        }
        cur += n;
        inWord = true;
        i += 2;
        continue;
      }
      if (c === '"') {
        const end = readCmdQuoted(src, i + 1, '"');
        if (end.close === -1) throw unclosed('"', lineCol(i));
        cur += end.value;
        inWord = true;
        i = end.close + 1;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\n') {
        push();
        i++;
        continue;
      }
      cur += c;
      inWord = true;
      i++;
      continue;
    }
    // posix (bash, zsh, and PowerShell's backtick continuation)
    if (c === '\\') {
      const n = src[i + 1];
      if (n === '\n') {
        i += 2;
        continue;
      }
      if (n === undefined) {
        i++;
        continue;
      }
      cur += n;
      inWord = true;
      i += 2;
      continue;
    }
    if (c === '`' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close === -1) throw unclosed("'", lineCol(i));
      cur += src.slice(i + 1, close);
      inWord = true;
      i = close + 1;
      continue;
    }
    if (c === '$' && src[i + 1] === "'") {
      const r = readAnsiC(src, i + 2);
      if (r.close === -1) throw unclosed("$'", lineCol(i));
      cur += r.value;
      inWord = true;
      i = r.close + 1;
      continue;
    }
    if (c === '"') {
      const r = readDoubleQuoted(src, i + 1);
      if (r.close === -1) throw unclosed('"', lineCol(i));
      cur += r.value;
      inWord = true;
      i = r.close + 1;
      continue;
    }
    if (c === '#' && !inWord) {
      // comment to end of line
      const nl = src.indexOf('\n', i);
      i = nl === -1 ? src.length : nl;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      push();
      i++;
      continue;
    }
    cur += c;
    inWord = true;
    i++;
  }
  push();
  return words;
}

function unclosed(quote: string, where: string): ConfigError {
  return new ConfigError(
    'CURL_PARSE',
    `A ${quote} quote opened at ${where} is never closed: the command was cut off or a quote is unbalanced. Paste the whole command.`,
  );
}

function readDoubleQuoted(src: string, start: number): { value: string; close: number } {
  let value = '';
  for (let i = start; i < src.length; i++) {
    const c = src[i]!;
    if (c === '"') return { value, close: i };
    if (c === '\\') {
      const n = src[i + 1];
      if (n === '\n') {
        i++;
        continue;
      }
      if (n !== undefined && '"\\$`'.includes(n)) {
        value += n;
        i++;
        continue;
      }
    }
    value += c;
  }
  return { value, close: -1 };
}

function readCmdQuoted(src: string, start: number, closer: string): { value: string; close: number } {
  let value = '';
  for (let i = start; i < src.length; i++) {
    if (src.startsWith(closer, i)) return { value, close: i };
    const c = src[i]!;
    // MSVC argv rule: \" is a literal quote; Chrome writes ^\^" for the same.
    if (c === '\\' && src[i + 1] === '"') {
      value += '"';
      i++;
      continue;
    }
    if (c === '\\' && src.startsWith('^"', i + 1)) {
      value += '"';
      i += 2;
      continue;
    }
    if (c === '^' && src[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '^' && src[i + 1] !== undefined && closer === '^"') {
      value += src[i + 1];
      i++;
      continue;
    }
    value += c;
  }
  return { value, close: -1 };
}

function readAnsiC(src: string, start: number): { value: string; close: number } {
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    "'": "'",
    '"': '"',
    a: '\x07',
    b: '\b',
    e: '\x1b',
    f: '\f',
    v: '\v',
    '0': '\0',
  };
  let value = '';
  for (let i = start; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'") return { value, close: i };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const n = src[i + 1] ?? '';
    const hex = n === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(src.slice(i + 2)) : n === 'u' ? /^[0-9a-fA-F]{1,4}/.exec(src.slice(i + 2)) : null;
    if (hex) {
      value += String.fromCodePoint(parseInt(hex[0], 16));
      i += 1 + hex[0].length;
      continue;
    }
    if (n in simple) {
      value += simple[n];
      i++;
      continue;
    }
    value += c;
  }
  return { value, close: -1 };
}

/** Drops a leading prompt (`$ `, `> `, `PS C:\>`) and cuts at pipes or redirections. */
function stripShellNoise(words: string[]): string[] {
  let w = words;
  while (w.length && /^(\$|>|%|#|PS\b.*>)$/.test(w[0]!)) w = w.slice(1);
  const cut = w.findIndex((x) => ['|', '||', '&&', ';', '>', '>>', '2>', '&>'].includes(x));
  return cut === -1 ? w : w.slice(0, cut);
}

// ── building the draft ──────────────────────────────────────────────────────

function buildDraft(args: string[]): DraftRequest {
  const headers: Param[] = [];
  const dataParts: Array<{ kind: 'raw' | 'urlencode'; text: string }> = [];
  const multipart: Param[] = [];
  const warnings: string[] = [];
  let method: string | undefined;
  let url: string | undefined;
  let jsonBody = false;
  let asGet = false;
  let head = false;
  let endOfOptions = false;
  let userGiven = false;

  const take = (flag: string, idx: number): string => {
    const v = args[idx];
    if (v === undefined) {
      throw new ConfigError(
        'CURL_PARSE',
        `The option ${flag} at the end of the command has no value: add the value after ${flag}, or remove the option.`,
      );
    }
    return v;
  };
  const setUrl = (u: string) => {
    if (url !== undefined && url !== u)
      warnings.push(`More than one URL was given; using ${describeUrl(url)} and ignoring ${describeUrl(u)}.`);
    url ??= u;
  };
  let headerCount = 0;

  for (let i = 0; i < args.length; i++) {
    let a = args[i]!;
    if (endOfOptions || !a.startsWith('-') || a === '-') {
      setUrl(a);
      continue;
    }
    if (a === '--') {
      endOfOptions = true;
      continue;
    }

    // Expand short clusters: -sSL, -sX POST, -XPOST, -d@file, -Hfoo:bar.
    if (/^-[A-Za-z0-9#]./.test(a) && !a.startsWith('--')) {
      const expanded: string[] = [];
      for (let k = 1; k < a.length; k++) {
        const f = a[k]!;
        if (SHORT_WITH_VALUE.has(f)) {
          expanded.push(`-${f}`);
          const rest = a.slice(k + 1);
          if (rest) expanded.push(rest);
          break;
        }
        expanded.push(`-${f}`);
      }
      args.splice(i, 1, ...expanded);
      a = args[i]!;
    }

    switch (a) {
      case '-X':
      case '--request':
        method = take(a, ++i).toUpperCase();
        break;
      case '-H':
      case '--header': {
        const h = take(a, ++i);
        headerCount++;
        if (h.startsWith('@')) {
          warnings.push(`Headers from a file (${clip(h)}) cannot be read here; add them as -H options.`);
          break;
        }
        const colon = h.indexOf(':');
        if (colon === -1) {
          // `Name;` sends an empty header; `Name` alone removes one.
          if (h.endsWith(';')) headers.push(header(h.slice(0, -1).trim(), ''));
          // Described by position, not echoed: a value pasted without its name may be a credential.
          else
            warnings.push(
              `Header option ${headerCount} (-H, ${h.length} characters) has no colon and was ignored: write it as "Name: value" (without the colon curl would remove that header).`,
            );
          break;
        }
        const name = h.slice(0, colon).trim();
        const value = h.slice(colon + 1).trim();
        if (value === '') {
          warnings.push(`The header ${name} has no value; curl would not send it.`);
          break;
        }
        headers.push(header(name, value));
        break;
      }
      case '-d':
      case '--data':
      case '--data-ascii':
      case '--data-binary': {
        const d = take(a, ++i);
        if (d.startsWith('@')) {
          warnings.push(`Data from a file (${clip(d)}) cannot be read here; paste the data itself.`);
          break;
        }
        dataParts.push({ kind: 'raw', text: a === '--data-binary' ? d : d.replace(/[\r\n]/g, '') });
        break;
      }
      case '--data-raw':
        dataParts.push({ kind: 'raw', text: take(a, ++i) });
        break;
      case '--data-urlencode': {
        const d = take(a, ++i);
        if (/^[^=]*@/.test(d) && !d.includes('=')) {
          warnings.push(`Data from a file (${clip(d)}) cannot be read here; paste the data itself.`);
          break;
        }
        dataParts.push({ kind: 'urlencode', text: d });
        break;
      }
      case '--json':
        dataParts.push({ kind: 'raw', text: take(a, ++i) });
        jsonBody = true;
        break;
      case '-F':
      case '--form':
      case '--form-string': {
        const f = take(a, ++i);
        const eq = f.indexOf('=');
        const name = eq === -1 ? f : f.slice(0, eq);
        const value = eq === -1 ? '' : f.slice(eq + 1);
        multipart.push(param(name, value));
        break;
      }
      case '-u':
      case '--user': {
        const u = take(a, ++i);
        userGiven = true;
        if (!u.includes(':'))
          warnings.push(
            'The -u value has no ":password" part; curl would prompt for the password. The Authorization header was built with an empty password.',
          );
        headers.push({
          name: 'Authorization',
          value: `Basic ${Buffer.from(u.includes(':') ? u : `${u}:`).toString('base64')}`,
          secret: true,
        });
        break;
      }
      case '--oauth2-bearer':
        headers.push({ name: 'Authorization', value: `Bearer ${take(a, ++i)}`, secret: true });
        break;
      case '-A':
      case '--user-agent':
        headers.push(header('User-Agent', take(a, ++i)));
        break;
      case '-e':
      case '--referer':
        headers.push(header('Referer', take(a, ++i)));
        break;
      case '-b':
      case '--cookie': {
        const c = take(a, ++i);
        if (c.includes('=')) headers.push({ name: 'Cookie', value: c, secret: true });
        else warnings.push(`Cookies from a file (${clip(c)}) cannot be read here.`);
        break;
      }
      case '--url':
        setUrl(take(a, ++i));
        break;
      case '-G':
      case '--get':
        asGet = true;
        break;
      case '-I':
      case '--head':
        head = true;
        break;
      case '--basic':
        break;
      default:
        if (IGNORED_SWITCHES.has(a)) break;
        if (IGNORED_WITH_VALUE.has(a)) {
          take(a, ++i);
          break;
        }
        if (a in NOTED_WITH_VALUE) {
          take(a, ++i);
          warnings.push(`${a}: ${NOTED_WITH_VALUE[a]}.`);
          break;
        }
        if (a in NOTED_SWITCHES) {
          warnings.push(`${NOTED_SWITCHES[a]}.`);
          break;
        }
        warnings.push(`Unknown curl option ${describeOption(a)} was ignored.`);
    }
  }

  if (url === undefined) {
    throw new ConfigError(
      'CURL_PARSE',
      'The curl command has no URL: add the endpoint URL (for example https://idp.example.com/oauth2/token) after curl or with --url.',
    );
  }
  const userinfo = takeUserinfo(url);
  if (userinfo) {
    url = userinfo.url;
    const hasUser = headers.some((h) => h.name.toLowerCase() === 'authorization') || userGiven;
    warnings.push(
      hasUser
        ? 'The URL carried a user name and password (user:password@host); -u or an Authorization header takes precedence in curl, so they were removed from the URL and not used.'
        : 'The URL carried a user name and password (user:password@host); curl sends them as HTTP Basic authentication, so they were moved into an Authorization: Basic header and removed from the URL.',
    );
    if (!hasUser) headers.push({ name: 'Authorization', value: `Basic ${userinfo.credentials.toString('base64')}`, secret: true });
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^[{<$]/.test(url)) {
    warnings.push(`The URL (${describeUrl(url)}) has no scheme; curl assumes http://.`);
    url = `http://${url}`;
  }

  const split = splitUrl(url);
  const query = split.query;
  let form: Param[] = [];
  let bodyFormat: DraftBodyFormat = 'none';
  const contentType = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';

  if (multipart.length) {
    form = multipart;
    bodyFormat = 'multipart';
  } else if (dataParts.length) {
    const joined = dataParts.map((p) => (p.kind === 'urlencode' ? encodeDataUrlencode(p.text) : p.text)).join('&');
    const looksJson = /^\s*[{[]/.test(joined);
    if (jsonBody || (looksJson && dataParts.every((p) => p.kind === 'raw')) || /json/i.test(contentType)) {
      bodyFormat = 'json';
      form = jsonFields(joined, warnings);
      if (jsonBody) {
        if (!contentType) headers.push(header('Content-Type', 'application/json'));
        if (!headers.some((h) => h.name.toLowerCase() === 'accept')) headers.push(header('Accept', 'application/json'));
      }
    } else if (/^[^=&\s]+=|&/.test(joined) || joined === '') {
      bodyFormat = 'form';
      form = parseUrlEncoded(joined);
    } else {
      bodyFormat = 'other';
      warnings.push('The body is neither form-encoded (name=value&...) nor JSON; it was kept out of the form parameters.');
    }
  }

  if (asGet && form.length) {
    query.push(...form);
    form = [];
    bodyFormat = 'none';
  }
  const finalMethod = method ?? (head ? 'HEAD' : asGet ? 'GET' : bodyFormat !== 'none' || dataParts.length ? 'POST' : 'GET');

  const draft: DraftRequest = { method: finalMethod, url: split.url, headers, form, query, bodyFormat };
  if (warnings.length) draft.warnings = warnings;
  return draft;
}

/** curl's --data-urlencode forms: `content`, `=content`, `name=content`, `name@file`. */
function encodeDataUrlencode(text: string): string {
  const eq = text.indexOf('=');
  if (eq === -1) return encodeURIComponent(text);
  if (eq === 0) return encodeURIComponent(text.slice(1));
  return `${text.slice(0, eq)}=${encodeURIComponent(text.slice(eq + 1))}`;
}

/** Top-level fields of a JSON object body, as params (objects stay JSON text). */
function jsonFields(text: string, warnings: string[]): Param[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    warnings.push('The body looks like JSON but does not parse; its fields could not be read.');
    return [];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  return Object.entries(parsed as Record<string, unknown>).map(([k, v]) => param(k, typeof v === 'string' ? v : JSON.stringify(v)));
}

function param(name: string, value: string): Param {
  return isSecretParam(name) ? { name, value, secret: true } : { name, value };
}

function header(name: string, value: string): Param {
  return isSecretHeader(name) ? { name, value, secret: true } : { name, value };
}

/**
 * Splits `user:password@` off a URL's authority, as curl reads it: the user ends at
 * the first `:`, the authority at the first `/`, `?` or `#`, and both parts are
 * percent-decoded to bytes (`+` stays a plus). Returns undefined without userinfo.
 */
function takeUserinfo(raw: string): { url: string; credentials: Buffer } | undefined {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw)?.[0] ?? '';
  const rest = raw.slice(scheme.length);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  if (at === -1) return undefined;
  const info = authority.slice(0, at);
  const colon = info.indexOf(':');
  const user = colon === -1 ? info : info.slice(0, colon);
  const password = colon === -1 ? '' : info.slice(colon + 1);
  const credentials = Buffer.concat([percentDecode(user), Buffer.from(':'), percentDecode(password)]);
  return { url: scheme + rest.slice(at + 1), credentials };
}

/** curl's URL decoding: `%XX` becomes that byte, everything else is kept as UTF-8. */
function percentDecode(s: string): Buffer {
  const bytes: Buffer[] = [];
  let i = 0;
  while (i < s.length) {
    const m = /^%([0-9a-fA-F]{2})/.exec(s.slice(i, i + 3));
    if (m) {
      bytes.push(Buffer.from([parseInt(m[1]!, 16)]));
      i += 3;
      continue;
    }
    const cp = s.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    bytes.push(Buffer.from(ch, 'utf8'));
    i += ch.length;
  }
  return Buffer.concat(bytes);
}

/**
 * A URL as warnings may show it: no userinfo, no query or fragment (either may hold
 * secrets). A word without a scheme is shown only when it reads as a host name
 * (lower-case labels): an unquoted `-H Authorization: Bearer xyz` turns the token
 * into a stray "URL" that must not be echoed.
 */
function describeUrl(u: string): string {
  const noQuery = u.split(/[?#]/)[0] ?? u;
  const bare = takeUserinfo(noQuery)?.url ?? noQuery;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(bare) || /^[{<$]/.test(bare)) return clip(bare);
  const host = bare.split('/')[0] ?? '';
  const hostLike = /^(localhost|[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+)(:\d{1,5})?$/.test(host) && host.length <= 100;
  return hostLike ? clip(bare) : `a word of ${u.length} characters`;
}

/** An unknown option as warnings may show it: the name only, never a `=value` part. */
function describeOption(a: string): string {
  const eq = a.indexOf('=');
  return eq === -1 ? clip(a) : `${clip(a.slice(0, eq))}=… (value not shown)`;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
