/**
 * Splits pasted shell text into words as the shell would (bash/zsh with PowerShell's
 * backtick continuation, or Windows cmd with `^` escapes and Chrome's `^"` quoting).
 * Nothing is executed. One forward pass over the text (SECURITY.md 18): quoted parts
 * are read by helpers that stop at their closing quote, and the index only moves on.
 */
import { ConfigError } from '../errors';

export type Flavour = 'posix' | 'cmd';

/** A backslash continuation glued to the next line's option: bash joins them into one word. */
export interface Glue {
  /** Index of the word that the next line's first word was glued to (now split off). */
  word: number;
  /** 1-based line where the option starts. */
  line: number;
}

export interface Words {
  words: string[];
  glues: Glue[];
}

/**
 * cmd when a `^` continues a line or `^"` opens a word outside single and double
 * quotes (Chrome's "Copy as cURL (cmd)"); `^"` inside a quoted posix word is text.
 */
export function detectFlavour(text: string): Flavour {
  let single = false;
  let double = false;
  let wordStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (single) {
      if (c === "'") single = false;
    } else if (double) {
      if (c === '\\') i++;
      else if (c === '"') double = false;
    } else if (c === '\\') i++;
    else if (c === "'") single = true;
    else if (c === '"') double = true;
    else if (c === '^') {
      const n = text[i + 1];
      if (n === '\n' || (n === '\r' && text[i + 2] === '\n') || (n === '"' && wordStart)) return 'cmd';
    }
    wordStart = c === ' ' || c === '\t' || c === '\n' || c === '\r';
  }
  return 'posix';
}

function lineCol(src: string, pos: number): string {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < pos; i++) {
    if (src.charCodeAt(i) === 0x0a) {
      line++;
      lastNl = i;
    }
  }
  return `line ${line}, column ${pos - lastNl}`;
}

function unclosed(quote: string, src: string, pos: number): ConfigError {
  return new ConfigError(
    'CURL_PARSE',
    `A ${quote} quote opened at ${lineCol(src, pos)} is never closed: the command was cut off or a quote is unbalanced. Paste the whole command.`,
  );
}

/** Length of a line break at `i` (`\n` or `\r\n`), 0 when there is none. */
function lineBreak(src: string, i: number): number {
  if (src[i] === '\n') return 1;
  return src[i] === '\r' && src[i + 1] === '\n' ? 2 : 0;
}

function readDoubleQuoted(src: string, start: number): { value: string; close: number } {
  let value = '';
  for (let i = start; i < src.length; i++) {
    const c = src[i]!;
    if (c === '"') return { value, close: i };
    if (c === '\\') {
      const nl = lineBreak(src, i + 1);
      if (nl) {
        i += nl;
        continue;
      }
      const n = src[i + 1];
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
    if (c === '^' && lineBreak(src, i + 1)) {
      i += lineBreak(src, i + 1);
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

const ANSI_C: Record<string, string> = {
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

function readAnsiC(src: string, start: number): { value: string; close: number } {
  let value = '';
  for (let i = start; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'") return { value, close: i };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const n = src[i + 1] ?? '';
    // Only the few characters an escape can span are looked at (never the rest of the text).
    const hex =
      n === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(src.slice(i + 2, i + 4)) : n === 'u' ? /^[0-9a-fA-F]{1,4}/.exec(src.slice(i + 2, i + 6)) : null;
    if (hex) {
      value += String.fromCodePoint(parseInt(hex[0], 16));
      i += 1 + hex[0].length;
      continue;
    }
    if (n in ANSI_C) {
      value += ANSI_C[n];
      i++;
      continue;
    }
    value += c;
  }
  return { value, close: -1 };
}

class WordBuilder {
  readonly words: string[] = [];
  readonly glues: Glue[] = [];
  cur = '';
  inWord = false;

  add(text: string): void {
    this.cur += text;
    this.inWord = true;
  }

  push(): void {
    if (this.inWord) this.words.push(this.cur);
    this.cur = '';
    this.inWord = false;
  }
}

/** Windows cmd: `^` escapes and continuations, `"…"` and Chrome's `^"…^"` quoting. */
function tokenizeCmd(src: string): Words {
  const b = new WordBuilder();
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '^') {
      const nl = lineBreak(src, i + 1);
      const n = src[i + 1];
      if (nl) i += 1 + nl;
      else if (n === undefined) i++;
      else if (n === '"') {
        const end = readCmdQuoted(src, i + 2, '^"');
        if (end.close === -1) throw unclosed('"', src, i);
        b.add(end.value);
        i = end.close + 2;
      } else {
        b.add(n);
        i += 2;
      }
    } else if (c === '"') {
      const end = readCmdQuoted(src, i + 1, '"');
      if (end.close === -1) throw unclosed('"', src, i);
      b.add(end.value);
      i = end.close + 1;
    } else if (c === ' ' || c === '\t' || lineBreak(src, i)) {
      b.push();
      i += Math.max(1, lineBreak(src, i));
    } else {
      b.add(c);
      i++;
    }
  }
  b.push();
  return { words: b.words, glues: b.glues };
}

function lineOf(src: string, pos: number, known: { pos: number; line: number }): number {
  let line = known.line;
  for (let i = known.pos; i < pos; i++) if (src.charCodeAt(i) === 0x0a) line++;
  known.pos = pos;
  known.line = line;
  return line;
}

/** bash/zsh (and PowerShell's backtick continuation). A lone `\r` is an ordinary character, as in bash. */
function tokenizePosix(src: string): Words {
  const b = new WordBuilder();
  const lines = { pos: 0, line: 1 };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      const nl = lineBreak(src, i + 1);
      if (nl) {
        i += 1 + nl;
        // `'…/introspect'\` then `--header` on the next line: bash glues them into one word.
        if (b.inWord && src[i] === '-') {
          b.glues.push({ word: b.words.length, line: lineOf(src, i, lines) });
          b.push();
        }
        continue;
      }
      if (src[i + 1] === undefined) i++;
      else {
        b.add(src[i + 1]!);
        i += 2;
      }
    } else if (c === '`' && lineBreak(src, i + 1)) {
      i += 1 + lineBreak(src, i + 1);
    } else if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close === -1) throw unclosed("'", src, i);
      b.add(src.slice(i + 1, close));
      i = close + 1;
    } else if (c === '$' && src[i + 1] === "'") {
      const r = readAnsiC(src, i + 2);
      if (r.close === -1) throw unclosed("$'", src, i);
      b.add(r.value);
      i = r.close + 1;
    } else if (c === '"') {
      const r = readDoubleQuoted(src, i + 1);
      if (r.close === -1) throw unclosed('"', src, i);
      b.add(r.value);
      i = r.close + 1;
    } else if (c === '#' && !b.inWord) {
      const nl = src.indexOf('\n', i);
      i = nl === -1 ? src.length : nl;
    } else if (c === ' ' || c === '\t' || lineBreak(src, i)) {
      b.push();
      BLANKS.lastIndex = i;
      i = BLANKS.test(src) ? BLANKS.lastIndex : i + 1;
    } else {
      // A run of ordinary characters at once (sticky, one class: no backtracking).
      ORDINARY.lastIndex = i;
      const end = ORDINARY.test(src) ? ORDINARY.lastIndex : i + 1;
      b.add(src.slice(i, end));
      i = end;
    }
  }
  b.push();
  return { words: b.words, glues: b.glues };
}

/** Blanks and line breaks between words (a lone CR is not one: bash keeps it in the word). */
const BLANKS = /(?:[ \t\n]|\r\n)+/y;

/** Characters with no meaning to the posix tokenizer (`#` only matters at a word start, handled before). */
const ORDINARY = /[^ \t\r\n'"\\$`]+/y;

/**
 * The words of a pasted command, and where a backslash glued a line to the next one.
 * @throws ConfigError CURL_PARSE for an unclosed quote (with its line and column)
 */
export function tokenize(text: string): Words {
  return detectFlavour(text) === 'cmd' ? tokenizeCmd(text) : tokenizePosix(text);
}
