/**
 * The one WWW-Authenticate parser (RFC 9110 §11.6.1): several challenges per header,
 * token68, quoted-string escapes, BWS around "=", lenient recovery — and linear time on
 * hostile values at the response cap.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findChallenge, parseChallenges, primaryChallenge, type AuthChallenge } from '../../src/core/http/www-authenticate';
import { adversarialShapes, RESPONSE_CAP_BYTES } from './helpers/adversarial';
import { assertWithinBudget } from './helpers/event-loop';

describe('parseChallenges (WWW-Authenticate, RFC 9110 §11.6.1)', () => {
  it('reads the RFC 9110 example: two challenges, the second with three params and an escaped quote', () => {
    const c = parseChallenges('Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\""');
    assert.deepEqual(c, [
      { scheme: 'Basic', params: { realm: 'simple' } },
      { scheme: 'Newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
    ]);
  });

  it('reads DPoP and Bearer challenges side by side (RFC 9449 §7.1), scope and resource_metadata included', () => {
    const h =
      'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof", algs="ES256 PS256", ' +
      'Bearer realm="api", error="insufficient_scope", scope="read write", resource_metadata="https://rs.example/.well-known/oauth-protected-resource"';
    const c = parseChallenges(h);
    assert.equal(c.length, 2);
    assert.deepEqual(findChallenge(c, 'dpop')?.params, {
      error: 'use_dpop_nonce',
      error_description: 'Resource server requires nonce in DPoP proof',
      algs: 'ES256 PS256',
    });
    assert.deepEqual(findChallenge(c, 'BEARER')?.params, {
      realm: 'api',
      error: 'insufficient_scope',
      scope: 'read write',
      resource_metadata: 'https://rs.example/.well-known/oauth-protected-resource',
    });
    assert.equal(primaryChallenge(c)?.scheme, 'DPoP');
  });

  it('token68 (with padding) ends its challenge; a scheme alone is a challenge; empty list elements are skipped', () => {
    assert.deepEqual(parseChallenges('Negotiate YIIB+/x==, Basic realm=Client, , NTLM'), [
      { scheme: 'Negotiate', params: {}, token68: 'YIIB+/x==' },
      { scheme: 'Basic', params: { realm: 'Client' } },
      { scheme: 'NTLM', params: {} },
    ]);
  });

  it('BWS around "=", lower-cases param names, first of a repeated name wins, __proto__ stays data', () => {
    const c = parseChallenges('Bearer Error = "invalid_token" ,error="second", __proto__="x"');
    assert.equal(c.length, 1);
    assert.equal(c[0]?.params['error'], 'invalid_token');
    assert.equal(Object.getPrototypeOf(c[0]?.params), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(c[0]?.params, '__proto__')?.value, 'x');
  });

  it('headers joined with ", " (how the transport records several) parse as one list', () => {
    const c = parseChallenges(['Basic realm="Client"', 'Bearer error="invalid_token"'].join(', '));
    assert.deepEqual(
      c.map((x) => x.scheme),
      ['Basic', 'Bearer'],
    );
    assert.equal(primaryChallenge(c)?.scheme, 'Bearer');
  });

  it('recovers from malformed items and unterminated quotes without losing later challenges', () => {
    const c = parseChallenges('Bearer realm="a" junk junk, error="e", "stray", Basic realm="unterminated');
    assert.deepEqual(c, [
      { scheme: 'Bearer', params: { realm: 'a', error: 'e' } },
      { scheme: 'Basic', params: { realm: 'unterminated' } },
    ]);
    assert.deepEqual(parseChallenges(undefined), []);
    assert.deepEqual(parseChallenges('  ,  '), []);
  });

  it('property: never throws, and every scheme it returns is a non-empty token', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        for (const c of parseChallenges(s)) assert.match(c.scheme, /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: serialising challenges and parsing them back gives the same challenges', () => {
    const tchars = "!#$%&'*+-.^_`|~abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split('');
    const token = fc.array(fc.constantFrom(...tchars), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
    const quotedText = fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s));
    const challenge = fc.record({
      scheme: token,
      params: fc.uniqueArray(
        fc.tuple(
          token.map((t) => t.toLowerCase()),
          fc.oneof(token, quotedText),
          fc.boolean(),
        ),
        {
          maxLength: 4,
          selector: (p) => p[0],
        },
      ),
    });
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 4 }), (cs) => {
        const text = cs
          .map(
            (c) =>
              c.scheme +
              (c.params.length
                ? ' ' +
                  c.params
                    .map(([n, v, q]) => `${n}=${q || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(v) ? `"${v.replace(/(["\\])/g, '\\$1')}"` : v}`)
                    .join(', ')
                : ''),
          )
          .join(', ');
        const expected: AuthChallenge[] = cs.map((c) => ({
          scheme: c.scheme,
          params: Object.fromEntries(c.params.map(([n, v]) => [n, v])),
        }));
        // A scheme with no params directly followed by another one is ambiguous only if it looks like token68 = ... ; not generated here.
        assert.deepEqual(parseChallenges(text), expected, text);
      }),
      { numRuns: 2000 },
    );
  });

  it(`adversarial header values at the response cap (${RESPONSE_CAP_BYTES} bytes) parse within the event-loop budget`, async () => {
    const shapes = [
      ...adversarialShapes(RESPONSE_CAP_BYTES),
      { name: 'Bearer + endless params', text: `Bearer ${'a=b, '.repeat(RESPONSE_CAP_BYTES / 6)}` },
      { name: 'endless schemes', text: 'Basic, '.repeat(RESPONSE_CAP_BYTES / 7) },
      { name: 'endless token68 candidates', text: `Negotiate ${'ab/'.repeat(RESPONSE_CAP_BYTES / 3)}x y` },
      { name: 'escaped quotes in one value', text: `Bearer error_description="${'\\"'.repeat(RESPONSE_CAP_BYTES / 2)}` },
    ];
    for (const s of shapes) await assertWithinBudget(`parseChallenges(${s.name})`, () => parseChallenges(s.text), undefined, 5);
  });
});
