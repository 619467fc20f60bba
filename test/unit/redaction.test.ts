/**
 * SECURITY.md 19: redaction by value and by shape, as properties (fast-check) and by
 * example — never throws, masks every embedded secret in every encoding, is
 * idempotent; JWT-shaped values and secret-named fields in any spelling are masked in
 * valid and broken JSON, HTML, text and form bodies with spaces or `&`.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodedForms, maskJwtShaped, maskSecretFields, maskSecretsInText, redactExchange, Scrubber } from '../../src/core/redaction';
import type { Exchange } from '../../src/core/types';
import { recordFuzz } from './helpers/figures';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';

const ENCODE: Array<[string, (s: string) => string]> = [
  ['raw', (s) => s],
  ['percent', (s) => encodeURIComponent(s)],
  ['form', (s) => new URLSearchParams({ v: s }).toString().slice(2)],
  ['base64', (s) => Buffer.from(s).toString('base64')],
  ['base64url', (s) => Buffer.from(s).toString('base64url')],
  ['JSON-escaped', (s) => JSON.stringify(s).slice(1, -1)],
  ['Basic', (s) => Buffer.from(`client-id:${s}`).toString('base64')],
];

describe('redaction by value and by shape (SECURITY.md 19)', () => {
  describe('by shape: JWTs and secret-named fields', () => {
    const cases: Array<[string, string]> = [
      ['non-standard keys in JSON', JSON.stringify({ accessToken: 'opaque-abcdefghijklmnop', Access_Token: JWT, idToken: JWT, jwt: JWT })],
      ['escaped JSON inside a string', JSON.stringify({ error_description: JSON.stringify({ access_token: 'opaque-abcdefghijklmnop' }) })],
      ['broken JSON', `{"error":"x","refresh_token":"opaque-abcdefghijklmnop","id_token":"${JWT}`],
      ['HTML', `<html><body><p>token: ${JWT}</p><input name=x value="${JWT}"></body></html>`],
      ['a text echo', `Invalid password: opaque-abcdefghijklmnop for user bob`],
      ['a form body with spaces and &', 'error=bad&client_secret=opaque abcdefg&hijklmnop&scope=a b'],
      ['a query string', 'https://app.example/cb?access_token=opaque-abcdefghijklmnop&state=s'],
      ['an Authorization echo', 'Authorization: Bearer opaque-abcdefghijklmnop'],
    ];
    for (const [name, text] of cases) {
      it(name, () => {
        const out = maskSecretsInText(text);
        assert.ok(!out.includes('abcdefghijklmnop') && !out.includes('opaque abcdefg'), out);
        assert.ok(!out.includes(JWT.slice(20, 40)), out);
      });
    }

    it('keeps what is not secret (token_type, expires_in, error, scope)', () => {
      const out = maskSecretsInText('error=bad&client_secret=abc&scope=a b');
      assert.match(out, /error=bad&client_secret=…&scope=a b/);
      const json = maskSecretsInText(JSON.stringify({ access_token: 'abcdefghijklmnopqrst', token_type: 'Bearer', expires_in: 300 }));
      assert.deepEqual(JSON.parse(json), { access_token: 'abcdef…', token_type: 'Bearer', expires_in: 300 });
    });

    it('masks a JWT cut by the end of a text (an excerpt), not a plain eyJ word', () => {
      assert.equal(maskJwtShaped('see eyJhbGciOiJSUzI1'), 'see eyJhbG…');
      assert.equal(maskJwtShaped('eyJ and eyJa. words'), 'eyJ and eyJa. words');
    });
  });

  describe('properties (fast-check)', () => {
    const secretArb = fc.string({ unit: 'grapheme', minLength: 12, maxLength: 40 }).filter((s) => s.trim().length >= 12);
    const noise = fc.string({ unit: 'binary', maxLength: 200 });

    it('masks every embedded secret in every encoding, wherever it sits', () => {
      const runs = 1500;
      fc.assert(
        fc.property(secretArb, noise, noise, fc.constantFrom(...ENCODE), (secret, before, after, [, enc]) => {
          const scrubber = Scrubber.of([{ value: secret, label: 'client_secret' }]);
          const text = `${before}${enc(secret)}${after}`;
          const out = scrubber.plain(text);
          const needle = enc(secret);
          // The encoded secret may only survive where the surrounding noise re-creates it.
          if (out.includes(needle)) assert.ok(`${before}${after}`.includes(needle) || needle.length < 6, `${needle} in ${out}`);
        }),
        { numRuns: runs },
      );
      recordFuzz('Scrubber (secret in every encoding)', runs);
    });

    it('never throws, is idempotent, on random and JSON-ish text', () => {
      const runs = 3000;
      const jsonish = fc.json().map((j) => j.replace(/"a"/g, '"access_token"'));
      fc.assert(
        fc.property(fc.oneof(noise, jsonish, fc.constant(JWT)), secretArb, (text, secret) => {
          const s = Scrubber.of([{ value: secret, label: 'client_secret' }]);
          const once = s.text(text);
          assert.equal(s.text(once), once);
          const plain = maskSecretFields(text);
          assert.equal(maskSecretFields(plain), plain);
          assert.equal(maskJwtShaped(maskJwtShaped(text)), maskJwtShaped(text));
        }),
        { numRuns: runs },
      );
      recordFuzz('maskSecretsInText / Scrubber (random text, idempotence)', runs);
    });

    it('redactExchange is idempotent and keeps no secret of the exchange', () => {
      const runs = 500;
      fc.assert(
        fc.property(secretArb, noise, (secret, noiseText) => {
          const x: Exchange = {
            id: 'x',
            operation: 'introspect',
            attempts: 1,
            timings: { startedAt: '1970-01-01T00:00:00.000Z', totalMs: 1 },
            request: { method: 'POST', url: 'https://idp/introspect', headers: [], form: [{ name: 'token', value: secret, secret: true }] },
            response: {
              status: 400,
              headers: { 'www-authenticate': `Bearer error_description="${secret}"` },
              body: `${noiseText} ${secret}`,
            },
            error: { code: 'OAUTH_INVALID_TOKEN', name: 'OAuthError', message: `bad ${secret}` },
          };
          const once = redactExchange(x);
          assert.deepEqual(redactExchange(once), once);
          assert.ok(!JSON.stringify(once).includes(JSON.stringify(secret).slice(1, -1)) || noiseText.includes(secret));
        }),
        { numRuns: runs },
      );
      recordFuzz('redactExchange', runs);
    });
  });

  it('lists the forms of a secret, longest first, with no duplicates', () => {
    const forms = encodedForms('a b+c/d=e&f"g<h');
    assert.equal(new Set(forms).size, forms.length);
    for (const f of [
      'a b+c/d=e&f"g<h',
      'a%20b%2Bc%2Fd%3De%26f%22g%3Ch',
      'a+b%2Bc%2Fd%3De%26f%22g%3Ch',
      'a b+c/d=e&f\\"g<h',
      'a b+c/d=e&amp;f&quot;g&lt;h',
    ])
      assert.ok(forms.includes(f), f);
    assert.deepEqual(
      forms,
      [...forms].sort((a, b) => b.length - a.length),
    );
  });
});
