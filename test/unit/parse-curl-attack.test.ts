/**
 * Issue "Trust under attack", items 3 and 4 (SECURITY.md 18, 20): nothing from a pasted
 * command reaches a warning, the URL or a command result unless it is known not to be
 * a secret; the parser's own failures are coded; `^"` inside single quotes and a lone
 * `\r` keep their shell meaning; the forum paste with a backslash glued to the URL
 * keeps the URL and the header; and parseCurl(toCurl(r)) gives r back.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diagnose, parseCurl, toCurl, WorkbenchError, type DraftRequest, type HttpRequestRecord, type Param } from '../../src/core';
import { splitUrl } from '../../src/core/diagnose/draft';
import { recordFuzz } from './helpers/figures';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNlY3JldA';
const SECRET = 's3cr3tV4lu3-Do-Not-Echo-0123456789';

/** Everything of a draft that reaches a warning, the log or a command result. */
function shown(d: DraftRequest): string {
  return JSON.stringify({ method: d.method, url: d.url, warnings: d.warnings ?? [] });
}

function codedOrDraft(text: string): DraftRequest | WorkbenchError {
  try {
    return parseCurl(text);
  } catch (e) {
    if (e instanceof WorkbenchError && e.code === 'CURL_PARSE') return e;
    throw e;
  }
}

describe('parseCurl under attack (issue "Trust under attack", items 3 and 4)', () => {
  describe('secrets in a paste never reach a warning, the method or the URL', () => {
    const pastes: Array<[string, string]> = [
      [
        'an unquoted Authorization header whose token starts with --',
        `curl https://idp.example/userinfo -H Authorization: Bearer --${SECRET}`,
      ],
      ['-b with a cookie value that has no =', `curl https://idp.example/token -b${SECRET}`],
      ['-X glued to a token', `curl https://idp.example/token -X${SECRET}`],
      ['an unknown option followed by its secret value', `curl --client-secret ${SECRET} https://idp.example/token`],
      ['an unknown option with =value', `curl --client-secret=${SECRET} https://idp.example/token`],
      ['a token as an unknown option', `curl https://idp.example/introspect --${TOKEN}`],
      ['a header file name that is a token', `curl https://idp.example/token -H @${SECRET}`],
      ['a data file name that is a token', `curl https://idp.example/token -d @${SECRET}`],
      ['a bare token after the URL', `curl https://idp.example/token ${TOKEN}`],
      ['a token before the URL', `curl ${SECRET} https://idp.example/token`],
    ];
    for (const [name, text] of pastes) {
      it(name, () => {
        const d = codedOrDraft(text);
        const out = d instanceof WorkbenchError ? d.message : shown(d);
        for (const s of [SECRET, TOKEN, SECRET.toUpperCase(), TOKEN.toUpperCase()]) assert.ok(!out.includes(s.slice(0, 16)), out);
      });
    }

    it('keeps the real URL when an unknown option is followed by a value', () => {
      const d = parseCurl(`curl --client-secret ${SECRET} https://idp.example/token`);
      assert.equal(d.url, 'https://idp.example/token');
    });

    it('refuses a method that is not an HTTP method (keeps the default, says so without the value)', () => {
      const d = parseCurl(`curl https://idp.example/token -X${SECRET} -d a=b`);
      assert.equal(d.method, 'POST');
      assert.ok(d.warnings?.some((w) => /-X/.test(w)));
    });
  });

  describe('the parser’s own limits are coded errors', () => {
    it('an option cluster of 125,000 characters is a CURL_PARSE error, not a stack overflow', () => {
      const d = codedOrDraft(`curl -${'s'.repeat(125_000)} https://idp.example/token`);
      assert.ok(d instanceof WorkbenchError, 'expected a coded error');
    });

    it('never throws anything but CURL_PARSE on random text (fast-check)', () => {
      const runs = 3000;
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
          codedOrDraft(`curl ${s}`);
          codedOrDraft(s);
        }),
        { numRuns: runs },
      );
      fc.assert(
        fc.property(
          fc.array(
            fc.constantFrom(
              '-H',
              '-d',
              '-X',
              '-u',
              '-sSL',
              "'",
              '"',
              '\\',
              '\n',
              '^"',
              '^',
              "$'",
              '`',
              ' ',
              '--url',
              '--',
              '#',
              'x=y&',
              '@f',
              '%',
            ),
            {
              maxLength: 40,
            },
          ),
          (parts) => {
            codedOrDraft(`curl https://a.example/ ${parts.join('')}`);
            codedOrDraft(`curl ${parts.join(' ')}`);
          },
        ),
        { numRuns: runs },
      );
      recordFuzz('parseCurl (random text)', runs * 4);
    });
  });

  describe('shell meaning is kept', () => {
    it('^" inside single quotes does not switch to Windows cmd parsing', () => {
      const d = parseCurl(`curl 'https://idp.example/token' -H 'X-Note: a^"b' -d 'grant_type=client_credentials'`);
      assert.equal(d.url, 'https://idp.example/token');
      assert.equal(d.headers.find((h) => h.name === 'X-Note')?.value, 'a^"b');
    });

    it('Chrome’s cmd copy (^" at word starts, ^ continuations) is still read as cmd', () => {
      const d = parseCurl('curl ^"https://idp.example/token^" ^\n  -H ^"accept: application/json^" ^\n  --data-raw ^"a=b^"');
      assert.equal(d.url, 'https://idp.example/token');
      assert.equal(d.headers.find((h) => h.name === 'accept')?.value, 'application/json');
    });

    it('a lone \\r stays part of the word (bash does not treat it as a line break)', () => {
      // (-d itself strips CR and LF, as curl does; --data-raw keeps them.)
      const d = parseCurl("curl https://idp.example/token --data-raw 'a=1\r2'");
      assert.equal(d.form[0]?.value, '1\r2');
    });

    it('CRLF line endings still continue lines', () => {
      const d = parseCurl("curl 'https://idp.example/token' \\\r\n  -d 'a=b'");
      assert.equal(d.url, 'https://idp.example/token');
      assert.equal(d.form[0]?.value, 'b');
    });
  });

  describe('the forum paste: a backslash glued to the URL (item 4)', () => {
    const forum = `curl --location --request POST 'https://dev-123.okta.com/oauth2/default/v1/introspect'\\
--header 'Accept: application/json' \\
--header 'Content-Type: application/x-www-form-urlencoded' \\
--data-urlencode 'token=${TOKEN}' \\
--data-urlencode 'client_id=0oa1abcd'`;

    it('keeps the URL the user meant and the header', () => {
      const d = parseCurl(forum);
      assert.equal(d.url, 'https://dev-123.okta.com/oauth2/default/v1/introspect');
      assert.equal(d.headers.find((h) => h.name === 'Accept')?.value, 'application/json');
      assert.equal(d.warnings?.some((w) => /More than one URL/.test(w)) ?? false, false, JSON.stringify(d.warnings));
    });

    it('explains it in one finding: what curl would call, and the fix', () => {
      const d = parseCurl(forum);
      const glued = diagnose({ draft: d }).filter((f) => f.code === 'CURL_GLUED_CONTINUATION');
      assert.equal(glued.length, 1);
      const f = glued[0]!;
      const text = [f.title, ...f.evidence, f.fix].join('\n');
      assert.match(text, /introspect--header/, 'says what curl would actually call');
      assert.match(f.fix, /space before the backslash/i);
      assert.ok(!text.includes(TOKEN.slice(0, 16)));
    });
  });

  describe('parseCurl(toCurl(r)) gives r back (10,000 requests)', () => {
    const tokenChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~".split(''));
    const headerName = fc.string({ unit: tokenChar, minLength: 1, maxLength: 20 });
    // Header values: visible characters and inner spaces (RFC 9110 field-value; no CR/LF/NUL).
    const headerValue = fc
      .string({ unit: fc.constantFrom(...Array.from(' \t!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~aZ09é€😀')), maxLength: 30 })
      .map((s) => s.trim());
    const anyText = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\0'));
    const param = (secret: boolean): fc.Arbitrary<Param> =>
      fc.record({ name: anyText.filter((n) => n.length > 0), value: anyText }).map((p) => (secret ? { ...p, secret: true } : p));
    const pathChar = fc.constantFrom(..."abcXYZ019-._~!$&'()*+,;=:@%/".split(''));
    const url = fc
      .tuple(
        fc.constantFrom('https://idp.example', 'http://127.0.0.1:8080', 'https://{yourOktaDomain}'),
        fc.string({ unit: pathChar, maxLength: 20 }),
        fc.option(fc.array(fc.tuple(anyText, anyText), { maxLength: 3 }), { nil: undefined }),
      )
      .map(([base, path, q]) => `${base}/${path}${q ? `?${new URLSearchParams(q).toString()}` : ''}`);
    const request: fc.Arbitrary<HttpRequestRecord> = fc.oneof(
      fc.record({
        method: fc.constant('GET' as const),
        url,
        headers: fc.array(fc.record({ name: headerName, value: headerValue }), { maxLength: 4 }),
      }),
      fc.record({
        method: fc.constant('POST' as const),
        url,
        headers: fc.array(fc.record({ name: headerName, value: headerValue }), { maxLength: 4 }),
        form: fc.array(fc.oneof(param(false), param(true)), { maxLength: 5 }),
      }),
    );

    function sameRequest(r: HttpRequestRecord, d: DraftRequest): string | undefined {
      if (d.method !== r.method) return `method ${d.method} ≠ ${r.method}`;
      const want = splitUrl(r.url);
      if (d.url !== want.url) return `url ${d.url} ≠ ${want.url}`;
      const q = (ps: Param[] | undefined) => JSON.stringify((ps ?? []).map((p) => [p.name, p.value]));
      if (q(d.query) !== q(want.query)) return `query ${q(d.query)} ≠ ${q(want.query)}`;
      const h = (ps: Param[]) => JSON.stringify(ps.map((p) => [p.name.toLowerCase(), p.value]));
      if (h(d.headers) !== h(r.headers)) return `headers ${h(d.headers)} ≠ ${h(r.headers)}`;
      if (q(d.form) !== q(r.form)) return `form ${q(d.form)} ≠ ${q(r.form)}`;
      return undefined;
    }

    it('0 mismatches in 10,000 generated requests (secrets revealed)', () => {
      const runs = 10_000;
      const mismatches: string[] = [];
      fc.assert(
        fc.property(request, (r) => {
          const curl = toCurl(r, { reveal: true });
          let why: string | undefined;
          try {
            why = sameRequest(r, parseCurl(curl));
          } catch (e) {
            why = `threw ${String(e)}`;
          }
          if (why) mismatches.push(`${why}\n  ${curl}`);
        }),
        { numRuns: runs },
      );
      recordFuzz('parseCurl(toCurl(r)) round trip', runs);
      assert.equal(mismatches.length, 0, `${mismatches.length} mismatches, e.g.\n${mismatches.slice(0, 5).join('\n')}`);
    });
  });
});
