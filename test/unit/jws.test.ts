/**
 * The hand-written node:crypto JWS signer (src/core/crypto/jws.ts) against jose: for
 * every algorithm the workbench signs with, over generated headers and claims, the
 * deterministic algorithms (RS*, EdDSA, HS*) give exactly jose's compact JWS, and
 * every signature verifies with jose. Client assertions built on it decode to what
 * createClientAssertion reports.
 */
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { CompactSign, compactVerify, jwtVerify } from 'jose';
import { createClientAssertion } from '../../src/core/crypto/assertion';
import { signJws, type JwsHeader } from '../../src/core/crypto/jws';
import { decodeJwt } from '../../src/core/crypto/jwt';
import { importPrivateKey } from '../../src/core/crypto/keys';
import type { SigningAlg } from '../../src/core/types';

const pkcs8 = (k: KeyObject): string => k.export({ format: 'pem', type: 'pkcs8' }) as string;

interface AlgCase {
  alg: SigningAlg;
  key: KeyObject | Uint8Array;
  /** What jose verifies with. */
  verifyKey: KeyObject | Uint8Array;
  deterministic: boolean;
}

function cases(): AlgCase[] {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = {
    ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    ES384: generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
    ES512: generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey,
  };
  const ed = generateKeyPairSync('ed25519').privateKey;
  const secret = randomBytes(64);
  const out: AlgCase[] = [];
  for (const alg of ['RS256', 'RS384', 'RS512'] as const) out.push({ alg, key: rsa, verifyKey: createPublicKey(rsa), deterministic: true });
  for (const alg of ['PS256', 'PS384', 'PS512'] as const)
    out.push({ alg, key: rsa, verifyKey: createPublicKey(rsa), deterministic: false });
  for (const alg of ['ES256', 'ES384', 'ES512'] as const)
    out.push({ alg, key: ec[alg], verifyKey: createPublicKey(ec[alg]), deterministic: false });
  out.push({ alg: 'EdDSA', key: ed, verifyKey: createPublicKey(ed), deterministic: true });
  for (const alg of ['HS256', 'HS384', 'HS512'] as const) out.push({ alg, key: secret, verifyKey: secret, deterministic: true });
  return out;
}

/** JSON values as claims carry them (no undefined, no -0, finite numbers). */
const jsonValue = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const claims = fc.dictionary(fc.string({ maxLength: 12 }), jsonValue, { maxKeys: 6 }).map((c) => ({ ...c, iss: 'client-1' }));
const extraHeader = fc.record(
  {
    kid: fc.string({ minLength: 1, maxLength: 40 }),
    typ: fc.constantFrom('JWT', 'client-authentication+jwt', 'dpop+jwt'),
    'x5t#S256': fc.base64String({ minLength: 4, maxLength: 44 }).map((s) => s.replace(/=+$/, '')),
  },
  { requiredKeys: [] },
);

describe('jws: signJws (node:crypto) matches jose', () => {
  for (const c of cases()) {
    it(`${c.alg}: ${c.deterministic ? 'the same compact JWS as jose' : 'jose verifies it'}, for generated headers and claims`, async () => {
      await fc.assert(
        fc.asyncProperty(extraHeader, claims, async (extra, payload) => {
          const header: JwsHeader = { alg: c.alg, ...extra };
          const jws = signJws(header, payload, c.key);
          const verified = await compactVerify(jws, c.verifyKey, { algorithms: [c.alg] });
          assert.deepEqual(JSON.parse(new TextDecoder().decode(verified.payload)), payload);
          assert.deepEqual(verified.protectedHeader, header);
          if (c.deterministic) {
            const byJose = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header).sign(c.key);
            assert.equal(jws, byJose);
          }
        }),
        { numRuns: c.alg.startsWith('RS') || c.alg.startsWith('PS') ? 15 : 40 },
      );
    });
  }

  it('refuses a key that does not fit the algorithm (nothing is signed)', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    assert.throws(() => signJws({ alg: 'HS256' }, {}, ec), /shared secret/);
    assert.throws(() => signJws({ alg: 'RS256' }, {}, randomBytes(32)), /private key/);
    assert.throws(() => signJws({ alg: 'RS256' }, {}, ec), /needs a private rsa key/);
    assert.throws(() => signJws({ alg: 'ES384' }, {}, ec), /needs a private ec secp384r1 key/);
    assert.throws(() => signJws({ alg: 'ES256' }, {}, createPublicKey(ec)), /needs a private/);
  });
});

describe('jws: client assertions on the node:crypto signer', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const ed = generateKeyPairSync('ed25519').privateKey;
  const keys: Array<[SigningAlg, KeyObject]> = [
    ['RS256', rsa],
    ['PS384', rsa],
    ['ES256', ec],
    ['EdDSA', ed],
  ];
  const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '');

  it('decode to exactly what createClientAssertion reports, and verify with jose (generated inputs)', async () => {
    const loaded = new Map(await Promise.all(keys.map(async ([alg, k]) => [alg, await importPrivateKey(pkcs8(k))] as const)));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keys),
        text,
        fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })),
        fc.integer({ min: 1, max: 3600 }),
        fc.option(fc.constantFrom('client-authentication+jwt', 'JWT'), { nil: undefined }),
        fc.option(text, { nil: undefined }),
        fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
        async ([alg, key], clientId, audience, lifetimeSeconds, typ, subject, now) => {
          const { jwt, decoded } = await createClientAssertion({
            clientId,
            audience,
            alg,
            method: 'private_key_jwt',
            privateKey: loaded.get(alg)!,
            lifetimeSeconds,
            ...(typ ? { typ } : {}),
            ...(subject ? { subject } : {}),
            now: () => now,
          });
          assert.deepStrictEqual({ ...decoded }, { ...decodeJwt(jwt, now) });
          const { payload, protectedHeader } = await jwtVerify(jwt, createPublicKey(key), {
            algorithms: [alg],
            currentDate: new Date(now * 1000),
          });
          assert.equal(protectedHeader.alg, alg);
          assert.equal(payload.iss, clientId);
          assert.equal(payload.sub, subject ?? clientId);
          assert.deepEqual(payload.aud, audience);
          assert.equal(payload.exp, now + lifetimeSeconds);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('client_secret_jwt (HS256) verifies with the secret as jose reads it', async () => {
    const secret = 'a-client-secret-of-at-least-thirty-two-bytes!';
    const { jwt, decoded } = await createClientAssertion({
      clientId: 'c1',
      audience: 'https://as.example',
      alg: 'HS256',
      method: 'client_secret_jwt',
      clientSecret: secret,
    });
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    assert.equal(payload.iss, 'c1');
    assert.deepStrictEqual({ ...decoded }, { ...decodeJwt(jwt, payload.iat) });
  });
});
