import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyExportOptions, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { KeyError } from '../../src/core/errors';
import { generateKeyPair, importPrivateKey, publicJwkFromPrivate, KEY_PAIR_TYPES, type LoadedKey } from '../../src/core/crypto/keys';
import { KeyCache } from '../../src/core/crypto/key-cache';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function pem(key: KeyObject, type: 'pkcs1' | 'pkcs8' | 'sec1', extra: { cipher?: string; passphrase?: string } = {}): string {
  return key.export({ format: 'pem', type, ...extra } as KeyExportOptions<'pem'>) as string;
}
function jwkText(key: KeyObject): string {
  return JSON.stringify(key.export({ format: 'jwk' }));
}
async function thumbprintOf(key: KeyObject): Promise<string> {
  const { kty, crv, n, e, x, y } = key.export({ format: 'jwk' }) as JWK;
  return calculateJwkThumbprint({ kty, crv, n, e, x, y }, 'sha256');
}

/** Asserts a KeyError with `code` whose message contains no chunk of the secret material. */
async function expectKeyError(p: Promise<unknown>, code: string, material: string, mentions?: RegExp): Promise<KeyError> {
  const err = await p.then(
    () => assert.fail(`expected KeyError ${code}, but the key imported`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof KeyError, `expected KeyError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  for (const chunk of material.match(/[A-Za-z0-9+/_-]{16,}/g) ?? []) {
    assert.ok(!err.message.includes(chunk), `message leaks key material: ${err.message}`);
  }
  if (mentions) assert.match(err.message, mentions);
  return err;
}

describe('keys: importPrivateKey', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey;
  const ed = generateKeyPairSync('ed25519').privateKey;

  const cases: Array<{ name: string; key: KeyObject; material: () => string; kty: string; crv?: string; algs: string[] }> = [
    {
      name: 'RSA PKCS#1 PEM',
      key: rsa,
      material: () => pem(rsa, 'pkcs1'),
      kty: 'RSA',
      algs: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
    },
    {
      name: 'RSA PKCS#8 PEM',
      key: rsa,
      material: () => pem(rsa, 'pkcs8'),
      kty: 'RSA',
      algs: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
    },
    {
      name: 'RSA private JWK',
      key: rsa,
      material: () => jwkText(rsa),
      kty: 'RSA',
      algs: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
    },
    { name: 'EC P-256 SEC1 PEM', key: p256, material: () => pem(p256, 'sec1'), kty: 'EC', crv: 'P-256', algs: ['ES256'] },
    { name: 'EC P-256 PKCS#8 PEM', key: p256, material: () => pem(p256, 'pkcs8'), kty: 'EC', crv: 'P-256', algs: ['ES256'] },
    { name: 'EC P-256 private JWK', key: p256, material: () => jwkText(p256), kty: 'EC', crv: 'P-256', algs: ['ES256'] },
    { name: 'EC P-384 SEC1 PEM', key: p384, material: () => pem(p384, 'sec1'), kty: 'EC', crv: 'P-384', algs: ['ES384'] },
    { name: 'EC P-384 private JWK', key: p384, material: () => jwkText(p384), kty: 'EC', crv: 'P-384', algs: ['ES384'] },
    { name: 'EC P-521 PKCS#8 PEM', key: p521, material: () => pem(p521, 'pkcs8'), kty: 'EC', crv: 'P-521', algs: ['ES512'] },
    { name: 'Ed25519 PKCS#8 PEM', key: ed, material: () => pem(ed, 'pkcs8'), kty: 'OKP', crv: 'Ed25519', algs: ['EdDSA'] },
    { name: 'Ed25519 private JWK', key: ed, material: () => jwkText(ed), kty: 'OKP', crv: 'Ed25519', algs: ['EdDSA'] },
  ];

  for (const c of cases) {
    it(`imports ${c.name} with kid = RFC 7638 thumbprint and a public-only JWK`, async () => {
      const loaded = await importPrivateKey(c.material());
      assert.equal(loaded.kty, c.kty);
      assert.equal(loaded.crv, c.crv);
      assert.deepEqual(loaded.algs, c.algs);
      assert.equal(loaded.kid, await thumbprintOf(c.key));
      assert.equal(loaded.publicJwk.kid, loaded.kid);
      assert.equal(loaded.publicJwk.use, 'sig');
      for (const m of PRIVATE_MEMBERS) assert.equal(loaded.publicJwk[m as keyof JWK], undefined, `public JWK has "${m}"`);
      assert.equal((loaded.key as KeyObject).type, 'private');
    });
  }

  it('gives the same kid for PKCS#1, PKCS#8 and JWK forms of one key', async () => {
    const kids = await Promise.all([pem(rsa, 'pkcs1'), pem(rsa, 'pkcs8'), jwkText(rsa)].map(async (m) => (await importPrivateKey(m)).kid));
    assert.equal(new Set(kids).size, 1);
  });

  it('accepts PEM pasted with literal \\n escapes (from JSON or an env var) and CRLF line ends', async () => {
    const escaped = pem(p256, 'pkcs8').trim().replace(/\n/g, '\\n');
    assert.equal((await importPrivateKey(escaped)).kid, await thumbprintOf(p256));
    const crlf = pem(p256, 'sec1').replace(/\n/g, '\r\n');
    assert.equal((await importPrivateKey(crlf)).kid, await thumbprintOf(p256));
  });

  it('accepts an indented PEM (pasted from YAML, Markdown or a config file), tabs and spaces alike', async () => {
    for (const indent of ['    ', '\t', '  \t ']) {
      for (const format of ['pkcs8', 'pkcs1'] as const) {
        const indented = pem(rsa, format)
          .trim()
          .split('\n')
          .map((l) => `${indent}${l}  `)
          .join('\n');
        assert.equal((await importPrivateKey(indented)).kid, await thumbprintOf(rsa), `${format} indented with ${JSON.stringify(indent)}`);
      }
    }
  });

  it("uses the given kid, else the JWK's own kid, else the thumbprint", async () => {
    const withKid = JSON.stringify({ ...(p256.export({ format: 'jwk' }) as JWK), kid: 'registered-1' });
    assert.equal((await importPrivateKey(withKid)).kid, 'registered-1');
    assert.equal((await importPrivateKey(withKid, { kid: 'override' })).kid, 'override');
    assert.equal((await importPrivateKey(pem(p256, 'pkcs8'), { kid: 'k2' })).publicJwk.kid, 'k2');
  });

  it("restricts algs to a JWK's declared alg, and refuses a declared alg the key cannot sign", async () => {
    const ps = JSON.stringify({ ...(rsa.export({ format: 'jwk' }) as JWK), alg: 'PS256' });
    assert.deepEqual((await importPrivateKey(ps)).algs, ['PS256']);
    const bad = JSON.stringify({ ...(rsa.export({ format: 'jwk' }) as JWK), alg: 'ES256' });
    await expectKeyError(importPrivateKey(bad), 'KEY_ALG_MISMATCH', bad, /ES256/);
  });

  it('imports a JWK Set holding exactly one private key, and refuses one with two', async () => {
    const one = JSON.stringify({ keys: [p256.export({ format: 'jwk' })] });
    assert.equal((await importPrivateKey(one)).kid, await thumbprintOf(p256));
    const two = JSON.stringify({ keys: [p256.export({ format: 'jwk' }), p384.export({ format: 'jwk' })] });
    await expectKeyError(importPrivateKey(two), 'KEY_MALFORMED', two, /2 keys/);
  });

  describe('refuses bad input with a code that names the problem', () => {
    it('encrypted PKCS#8 PEM → KEY_ENCRYPTED with the openssl command to decrypt it', async () => {
      const m = pem(rsa, 'pkcs8', { cipher: 'aes-256-cbc', passphrase: 'pw' });
      assert.match(m, /BEGIN ENCRYPTED PRIVATE KEY/);
      await expectKeyError(importPrivateKey(m), 'KEY_ENCRYPTED', m, /openssl pkey -in key\.pem -out key-plain\.pem/);
    });
    it('legacy encrypted PKCS#1 / SEC1 PEM (Proc-Type: 4,ENCRYPTED) → KEY_ENCRYPTED', async () => {
      const m1 = pem(rsa, 'pkcs1', { cipher: 'aes-128-cbc', passphrase: 'pw' });
      assert.match(m1, /Proc-Type: 4,ENCRYPTED/);
      await expectKeyError(importPrivateKey(m1), 'KEY_ENCRYPTED', m1, /decrypt it first/);
      const m2 = pem(p256, 'sec1', { cipher: 'aes-128-cbc', passphrase: 'pw' });
      await expectKeyError(importPrivateKey(m2), 'KEY_ENCRYPTED', m2);
    });
    it('PEM cut before its END line → KEY_MALFORMED saying it looks truncated', async () => {
      const full = pem(rsa, 'pkcs8');
      const cut = full.slice(0, Math.floor(full.length / 2));
      await expectKeyError(importPrivateKey(cut), 'KEY_MALFORMED', cut, /truncated/);
    });
    it('PEM with a damaged body → KEY_MALFORMED naming the block', async () => {
      const full = pem(rsa, 'pkcs1');
      const lines = full.trim().split('\n');
      const garbled = [lines[0], ...lines.slice(1, 4), ...lines.slice(9)].join('\n');
      await expectKeyError(importPrivateKey(garbled), 'KEY_MALFORMED', garbled, /RSA PRIVATE KEY/);
      const badChars = full.replace(/\n([A-Za-z0-9+/]{10})/, '\n$1!!!!');
      await expectKeyError(importPrivateKey(badChars), 'KEY_MALFORMED', badChars);
    });
    it('truncated JSON → KEY_MALFORMED', async () => {
      const t = jwkText(p256);
      const cut = t.slice(0, t.length - 20);
      await expectKeyError(importPrivateKey(cut), 'KEY_MALFORMED', cut, /not valid JSON/);
    });
    it('a JWK with an edited member → KEY_MALFORMED', async () => {
      const jwk = p256.export({ format: 'jwk' }) as JWK;
      const bad = JSON.stringify({ ...jwk, x: (jwk.x ?? '').slice(0, 10) });
      await expectKeyError(importPrivateKey(bad), 'KEY_MALFORMED', bad);
    });
    it('public key PEM → KEY_PUBLIC_ONLY', async () => {
      const pub = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }) as string;
      await expectKeyError(importPrivateKey(pub), 'KEY_PUBLIC_ONLY', pub, /public key/);
    });
    it('PKCS#1 public key PEM → KEY_PUBLIC_ONLY', async () => {
      const pub = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'pkcs1' }) as string;
      await expectKeyError(importPrivateKey(pub), 'KEY_PUBLIC_ONLY', pub);
    });
    it('JWK without "d" → KEY_PUBLIC_ONLY', async () => {
      const { d: _d, ...pub } = p256.export({ format: 'jwk' }) as JWK;
      const m = JSON.stringify(pub);
      await expectKeyError(importPrivateKey(m), 'KEY_PUBLIC_ONLY', m, /"d"/);
    });
    it('RSA key under 2048 bits → KEY_UNSUPPORTED stating the size', async () => {
      const small = pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, 'pkcs8');
      await expectKeyError(importPrivateKey(small), 'KEY_UNSUPPORTED', small, /1024 bits.*2048/);
    });
    it('DSA key → KEY_UNSUPPORTED', async () => {
      const dsa = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).privateKey;
      const m = pem(dsa, 'pkcs8');
      await expectKeyError(importPrivateKey(m), 'KEY_UNSUPPORTED', m, /DSA/);
    });
    it('X25519 key (PEM or JWK) → KEY_UNSUPPORTED: it cannot sign', async () => {
      const x = generateKeyPairSync('x25519').privateKey;
      await expectKeyError(importPrivateKey(pem(x, 'pkcs8')), 'KEY_UNSUPPORTED', pem(x, 'pkcs8'), /cannot sign/);
      await expectKeyError(importPrivateKey(jwkText(x)), 'KEY_UNSUPPORTED', jwkText(x), /X25519/);
    });
    it('secp256k1 EC key → KEY_UNSUPPORTED', async () => {
      const k = pem(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey, 'sec1');
      await expectKeyError(importPrivateKey(k), 'KEY_UNSUPPORTED', k, /secp256k1/);
    });
    it('symmetric oct JWK → KEY_UNSUPPORTED pointing at client_secret_jwt', async () => {
      const m = JSON.stringify({ kty: 'oct', k: 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTIzNDU2' });
      await expectKeyError(importPrivateKey(m), 'KEY_UNSUPPORTED', m, /client_secret_jwt/);
    });
    it('OpenSSH private key → KEY_UNSUPPORTED with the conversion command', async () => {
      const m =
        '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';
      await expectKeyError(importPrivateKey(m), 'KEY_UNSUPPORTED', m, /ssh-keygen/);
    });
    it('empty input and random text → KEY_MALFORMED', async () => {
      await expectKeyError(importPrivateKey('   '), 'KEY_MALFORMED', '', /empty/);
      await expectKeyError(
        importPrivateKey('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'),
        'KEY_MALFORMED',
        'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
        /BEGIN/,
      );
    });
  });
});

describe('keys: generateKeyPair and publicJwkFromPrivate', () => {
  for (const type of KEY_PAIR_TYPES) {
    it(`generates ${type}: public JWK without private members, kid = thumbprint, both private forms import`, async () => {
      const g = await generateKeyPair(type);
      for (const m of PRIVATE_MEMBERS) assert.equal(g.publicJwk[m as keyof JWK], undefined, `public JWK has "${m}"`);
      assert.equal(typeof g.privateJwk.d, 'string');
      assert.deepEqual(g.jwks, { keys: [g.publicJwk] });
      assert.equal(g.publicJwk.kid, g.kid);
      assert.equal(g.publicJwk.alg, g.alg);
      assert.equal(g.publicJwk.use, 'sig');
      const { kty, crv, n, e, x, y } = g.publicJwk;
      assert.equal(g.kid, await calculateJwkThumbprint({ kty, crv, n, e, x, y }, 'sha256'));
      assert.match(g.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
      const fromPem = await importPrivateKey(g.privateKeyPem);
      const fromJwk = await importPrivateKey(JSON.stringify(g.privateJwk));
      assert.equal(fromPem.kid, g.kid);
      assert.equal(fromJwk.kid, g.kid);
      assert.ok(fromPem.algs.includes(g.alg));
      if (type === 'RSA-3072') assert.equal(Buffer.from(g.publicJwk.n ?? '', 'base64url').length * 8, 3072);
      if (type === 'RSA-2048') assert.equal(Buffer.from(g.publicJwk.n ?? '', 'base64url').length * 8, 2048);
      if (type === 'EC-P384') assert.equal(g.publicJwk.crv, 'P-384');
    });
  }

  it('publicJwkFromPrivate: kid = thumbprint, no private members, alg checked against the key', async () => {
    const k = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const m = pem(k, 'sec1');
    const jwk = await publicJwkFromPrivate(m, { alg: 'ES256' });
    assert.equal(jwk.kid, await thumbprintOf(k));
    assert.equal(jwk.alg, 'ES256');
    assert.equal(jwk.d, undefined);
    assert.equal((await publicJwkFromPrivate(m, { kid: 'mine' })).kid, 'mine');
    await expectKeyError(publicJwkFromPrivate(m, { alg: 'RS256' }), 'KEY_ALG_MISMATCH', m, /RSA/);
  });
});

describe('keys: KeyCache', () => {
  const a = pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'pkcs8');
  const b = pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'pkcs8');

  it('returns the same LoadedKey object for the same profile and material', async () => {
    const cache = new KeyCache();
    const first = await cache.get('p1', a);
    const second = await cache.get('p1', a);
    assert.equal(first, second);
    assert.equal(cache.size, 1);
  });

  it('re-imports when the material (or kid) changes, and drops the old entry', async () => {
    const cache = new KeyCache();
    const first: LoadedKey = await cache.get('p1', a);
    const changed = await cache.get('p1', b);
    assert.notEqual(changed, first);
    assert.notEqual(changed.kid, first.kid);
    assert.equal(cache.size, 1);
    const withKid = await cache.get('p1', b, 'k-1');
    assert.notEqual(withKid, changed);
    assert.equal(withKid.kid, 'k-1');
    const back = await cache.get('p1', a);
    assert.notEqual(back, first, 'old entry was evicted, so a new object is imported');
    assert.equal(back.kid, first.kid);
  });

  it('keeps profiles apart and clear() forgets one profile or all', async () => {
    const cache = new KeyCache();
    const p1 = await cache.get('p1', a);
    const p2 = await cache.get('p2', a);
    assert.notEqual(p1, p2);
    cache.clear('p1');
    assert.notEqual(await cache.get('p1', a), p1);
    assert.equal(await cache.get('p2', a), p2);
    cache.clear();
    assert.equal(cache.size, 0);
  });

  it('does not cache a failed import', async () => {
    const cache = new KeyCache();
    const cut = a.slice(0, 60);
    await assert.rejects(cache.get('p1', cut), (e: unknown) => e instanceof KeyError && e.code === 'KEY_MALFORMED');
    assert.equal(cache.size, 0);
    assert.equal((await cache.get('p1', a)).kty, 'EC');
  });
});
