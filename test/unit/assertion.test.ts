import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { jwtVerify, type JWK } from 'jose';
import { ConfigError, KeyError } from '../../src/core/errors';
import type { ClientProfile, ServerMetadata, SigningAlg } from '../../src/core/types';
import { createClientAssertion, resolveAssertionAudience, type AssertionOptions } from '../../src/core/crypto/assertion';
import { decodeJwt } from '../../src/core/crypto/jwt';
import { importPrivateKey, type LoadedKey } from '../../src/core/crypto/keys';
import { startAuthServer, type AuthServer } from '../fixtures/auth-server';

const NOW = 1_750_000_000;
const clock = (): number => NOW;
const pkcs8 = (k: KeyObject): string => k.export({ format: 'pem', type: 'pkcs8' }) as string;

async function expectRefusal(
  p: Promise<unknown>,
  cls: typeof KeyError | typeof ConfigError,
  code: string,
  mentions?: RegExp,
  secret?: string,
): Promise<void> {
  const err = await p.then(
    () => assert.fail(`expected ${code}, but an assertion was signed`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  if (mentions) assert.match(err.message, mentions);
  if (secret) assert.ok(!err.message.includes(secret), 'the message must not contain the secret');
}

describe('assertion: createClientAssertion (RFC 7523, SECURITY.md 1–2)', () => {
  let rsa: LoadedKey;
  let p256: LoadedKey;
  let p384: LoadedKey;
  let p521: LoadedKey;
  let ed: LoadedKey;
  const rsaKeyObject = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  before(async () => {
    rsa = await importPrivateKey(pkcs8(rsaKeyObject));
    p256 = await importPrivateKey(pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey));
    p384 = await importPrivateKey(pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey));
    p521 = await importPrivateKey(pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey));
    ed = await importPrivateKey(pkcs8(generateKeyPairSync('ed25519').privateKey));
  });
  const base = (o: Partial<AssertionOptions>): AssertionOptions => ({
    clientId: 'client-1',
    audience: 'https://as.example/issuer',
    alg: 'RS256',
    method: 'private_key_jwt',
    privateKey: rsa,
    now: clock,
    ...o,
  });

  it('sets iss = sub = client_id, aud as a plain string, iat = nbf = now, exp = now + 60, kid header', async () => {
    const { jwt, decoded } = await createClientAssertion(base({}));
    const c = decoded.claims;
    assert.equal(c['iss'], 'client-1');
    assert.equal(c['sub'], 'client-1');
    assert.equal(c['aud'], 'https://as.example/issuer');
    assert.equal(typeof c['aud'], 'string');
    assert.equal(c['iat'], NOW);
    assert.equal(c['nbf'], NOW);
    assert.equal(c['exp'], NOW + 60);
    assert.equal(typeof c['jti'], 'string');
    assert.ok((c['jti'] as string).length >= 22);
    assert.deepEqual(decoded.header, { alg: 'RS256', kid: rsa.kid });
    assert.deepEqual(decodeJwt(jwt, NOW).claims, c, 'decoded matches the signed token');
    assert.equal(decoded.times['exp']?.relative, 'in 1 min');
  });

  it('honours lifetimeSeconds, typ, an explicit kid and an audience array', async () => {
    const { decoded } = await createClientAssertion(
      base({ lifetimeSeconds: 30, typ: 'client-authentication+jwt', kid: 'k-9', audience: ['a', 'b'] }),
    );
    assert.equal(decoded.claims['exp'], NOW + 30);
    assert.deepEqual(decoded.header, { alg: 'RS256', kid: 'k-9', typ: 'client-authentication+jwt' });
    assert.deepEqual(decoded.claims['aud'], ['a', 'b']);
  });

  it('sets sub to the given subject for an RFC 7523 §2.1 grant (iss stays client_id)', async () => {
    const { decoded } = await createClientAssertion(base({ subject: 'user-42' }));
    assert.equal(decoded.claims['iss'], 'client-1');
    assert.equal(decoded.claims['sub'], 'user-42');
    await expectRefusal(createClientAssertion(base({ subject: '' })), ConfigError, 'CONFIG_INVALID', /subject/);
  });

  it('uses a fresh random jti on every call', async () => {
    const jtis = new Set<unknown>();
    for (let i = 0; i < 20; i++) jtis.add((await createClientAssertion(base({}))).decoded.claims['jti']);
    assert.equal(jtis.size, 20);
    const hs = await Promise.all(
      [1, 2].map(() =>
        createClientAssertion(base({ method: 'client_secret_jwt', alg: 'HS256', clientSecret: 'x'.repeat(32), privateKey: undefined })),
      ),
    );
    assert.notEqual(hs[0]?.decoded.claims['jti'], hs[1]?.decoded.claims['jti']);
  });

  it('accepts the key as PEM text too', async () => {
    const { decoded } = await createClientAssertion(base({ privateKey: pkcs8(rsaKeyObject) }));
    assert.equal(decoded.header['kid'], rsa.kid);
  });

  const asymmetric: Array<[SigningAlg, () => LoadedKey]> = [
    ['RS256', () => rsa],
    ['RS384', () => rsa],
    ['RS512', () => rsa],
    ['PS256', () => rsa],
    ['PS384', () => rsa],
    ['PS512', () => rsa],
    ['ES256', () => p256],
    ['ES384', () => p384],
    ['ES512', () => p521],
    ['EdDSA', () => ed],
  ];
  for (const [alg, key] of asymmetric) {
    it(`${alg}: the signature verifies with the public JWK`, async () => {
      const { jwt } = await createClientAssertion(base({ alg, privateKey: key() }));
      const { payload, protectedHeader } = await jwtVerify(jwt, key().publicJwk as JWK & { kty: string }, {
        issuer: 'client-1',
        audience: 'https://as.example/issuer',
        currentDate: new Date(NOW * 1000),
      });
      assert.equal(protectedHeader.alg, alg);
      assert.equal(payload.sub, 'client-1');
    });
  }

  for (const [alg, bytes] of [
    ['HS256', 32],
    ['HS384', 48],
    ['HS512', 64],
  ] as const) {
    it(`${alg}: a ${bytes}-byte secret signs and verifies; ${bytes - 1} bytes is refused with both lengths named`, async () => {
      const secret = 's'.repeat(bytes);
      const { jwt, decoded } = await createClientAssertion(
        base({ method: 'client_secret_jwt', alg, clientSecret: secret, privateKey: undefined }),
      );
      assert.equal(decoded.header['kid'], undefined);
      await jwtVerify(jwt, new TextEncoder().encode(secret), { currentDate: new Date(NOW * 1000) });
      const short = 'q'.repeat(bytes - 1);
      await expectRefusal(
        createClientAssertion(base({ method: 'client_secret_jwt', alg, clientSecret: short, privateKey: undefined })),
        KeyError,
        'SECRET_TOO_SHORT',
        new RegExp(`${bytes - 1} bytes.*${alg}.*at least ${bytes} bytes`),
        short,
      );
    });
  }

  it('counts secret length in UTF-8 bytes', async () => {
    const { decoded } = await createClientAssertion(
      base({ method: 'client_secret_jwt', alg: 'HS256', clientSecret: 'é'.repeat(16), privateKey: undefined }),
    );
    assert.equal(decoded.header['alg'], 'HS256');
  });

  describe('refuses to sign (KeyError, nothing produced)', () => {
    it('alg none, in any case and for both methods → ALG_NONE_REFUSED', async () => {
      await expectRefusal(createClientAssertion(base({ alg: 'none' as SigningAlg })), KeyError, 'ALG_NONE_REFUSED', /none/);
      await expectRefusal(createClientAssertion(base({ alg: 'None' as SigningAlg })), KeyError, 'ALG_NONE_REFUSED');
      await expectRefusal(
        createClientAssertion(base({ alg: 'none' as SigningAlg, method: 'client_secret_jwt', clientSecret: 'x'.repeat(64) })),
        KeyError,
        'ALG_NONE_REFUSED',
      );
    });
    it('ES256 with an RSA key → KEY_ALG_MISMATCH', () =>
      expectRefusal(
        createClientAssertion(base({ alg: 'ES256', privateKey: rsa })),
        KeyError,
        'KEY_ALG_MISMATCH',
        /ES256 needs an EC P-256 key.*RSA 2048-bit/,
      ));
    it('ES384 with a P-256 key → KEY_ALG_MISMATCH', () =>
      expectRefusal(createClientAssertion(base({ alg: 'ES384', privateKey: p256 })), KeyError, 'KEY_ALG_MISMATCH', /P-384.*P-256/));
    it('RS256 with an EC key → KEY_ALG_MISMATCH', () =>
      expectRefusal(createClientAssertion(base({ alg: 'RS256', privateKey: p256 })), KeyError, 'KEY_ALG_MISMATCH', /RSA key/));
    it('EdDSA with an RSA key → KEY_ALG_MISMATCH', () =>
      expectRefusal(createClientAssertion(base({ alg: 'EdDSA', privateKey: rsa })), KeyError, 'KEY_ALG_MISMATCH', /Ed25519/));
    it('HS256 with private_key_jwt → KEY_ALG_MISMATCH', () =>
      expectRefusal(createClientAssertion(base({ alg: 'HS256' })), KeyError, 'KEY_ALG_MISMATCH', /client_secret_jwt/));
    it('RS256 with client_secret_jwt → KEY_ALG_MISMATCH', () =>
      expectRefusal(
        createClientAssertion(base({ alg: 'RS256', method: 'client_secret_jwt', clientSecret: 'x'.repeat(64) })),
        KeyError,
        'KEY_ALG_MISMATCH',
        /HS256/,
      ));
    it('an unknown algorithm → KEY_ALG_MISMATCH', () =>
      expectRefusal(createClientAssertion(base({ alg: 'XS256' as SigningAlg })), KeyError, 'KEY_ALG_MISMATCH'));
    it('a public key where the private key is needed → KEY_PUBLIC_ONLY (LoadedKey, PEM, JWK)', async () => {
      const publicLoaded: LoadedKey = { ...rsa, key: createPublicKey(rsaKeyObject) };
      await expectRefusal(createClientAssertion(base({ privateKey: publicLoaded })), KeyError, 'KEY_PUBLIC_ONLY');
      const publicPem = createPublicKey(rsaKeyObject).export({ format: 'pem', type: 'spki' }) as string;
      await expectRefusal(createClientAssertion(base({ privateKey: publicPem })), KeyError, 'KEY_PUBLIC_ONLY');
      await expectRefusal(createClientAssertion(base({ privateKey: JSON.stringify(rsa.publicJwk) })), KeyError, 'KEY_PUBLIC_ONLY', /"d"/);
    });
    it('no key / no secret stored → CONFIG_MISSING_SECRET', async () => {
      await expectRefusal(createClientAssertion(base({ privateKey: undefined })), ConfigError, 'CONFIG_MISSING_SECRET');
      await expectRefusal(
        createClientAssertion(base({ method: 'client_secret_jwt', alg: 'HS256', privateKey: undefined })),
        ConfigError,
        'CONFIG_MISSING_SECRET',
      );
    });
    it('empty client_id, empty audience or a non-positive lifetime → CONFIG_INVALID', async () => {
      await expectRefusal(createClientAssertion(base({ clientId: '' })), ConfigError, 'CONFIG_INVALID', /client_id/);
      await expectRefusal(createClientAssertion(base({ audience: '' })), ConfigError, 'CONFIG_INVALID', /audience/);
      await expectRefusal(createClientAssertion(base({ audience: [] })), ConfigError, 'CONFIG_INVALID', /audience/);
      await expectRefusal(createClientAssertion(base({ lifetimeSeconds: 0 })), ConfigError, 'CONFIG_INVALID', /lifetime/);
    });
    it('a lifetime under 1 s (exp would equal iat) → CONFIG_INVALID, nothing signed', async () => {
      for (const lifetimeSeconds of [0.5, 0.999]) {
        await expectRefusal(createClientAssertion(base({ lifetimeSeconds })), ConfigError, 'CONFIG_INVALID', /at least 1 second/);
      }
    });
  });
});

describe('assertion: resolveAssertionAudience', () => {
  const profile = (p: Partial<ClientProfile>): ClientProfile => ({
    id: 'p',
    name: 'p',
    issuer: 'https://as.example',
    clientId: 'c',
    authMethod: 'private_key_jwt',
    ...p,
  });
  const metadata: ServerMetadata = { issuer: 'https://as.example', token_endpoint: 'https://as.example/oauth/token' };
  const introspection = 'https://as.example/oauth/introspect';

  it('defaults to the issuer identifier (metadata, else the profile)', () => {
    assert.equal(resolveAssertionAudience(profile({}), metadata, introspection), 'https://as.example');
    assert.equal(resolveAssertionAudience(profile({ issuer: 'https://only-profile' }), undefined, introspection), 'https://only-profile');
    assert.equal(resolveAssertionAudience(profile({ audience: 'issuer' }), metadata, introspection), 'https://as.example');
  });
  it('endpoint mode uses the URL of the endpoint being called (Okta)', () => {
    assert.equal(resolveAssertionAudience(profile({ audience: 'endpoint' }), metadata, introspection), introspection);
  });
  it('token_endpoint mode uses the token endpoint, profile override first', () => {
    assert.equal(
      resolveAssertionAudience(profile({ audience: 'token_endpoint' }), metadata, introspection),
      'https://as.example/oauth/token',
    );
    assert.equal(
      resolveAssertionAudience(
        profile({ audience: 'token_endpoint', endpoints: { token: 'https://override/token' } }),
        metadata,
        introspection,
      ),
      'https://override/token',
    );
    assert.throws(
      () => resolveAssertionAudience(profile({ audience: 'token_endpoint' }), { issuer: 'x' }, introspection),
      (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_MISSING_ENDPOINT',
    );
  });
  it('custom mode uses the custom value and refuses an empty one', () => {
    assert.equal(resolveAssertionAudience(profile({ audience: 'custom', customAudience: 'urn:aud' }), metadata, introspection), 'urn:aud');
    assert.throws(
      () => resolveAssertionAudience(profile({ audience: 'custom', customAudience: ' ' }), metadata, introspection),
      (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INVALID',
    );
  });
});

describe('assertion: accepted by a real oidc-provider', () => {
  let as: AuthServer;
  before(async () => {
    as = await startAuthServer();
  });
  after(async () => {
    await as?.close();
  });

  async function tokenWith(clientId: string, assertion: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${as.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  for (const name of ['rsaJwt', 'psJwt', 'ecJwt', 'edJwt'] as const) {
    it(`${name}: private_key_jwt assertion with aud = issuer gets a token; each call's jti is new, a replay is refused`, async () => {
      const c = as.clients[name];
      const key = await importPrivateKey(c.privatePem as string, { kid: c.publicJwk?.kid as string });
      const opts: AssertionOptions = {
        clientId: c.clientId,
        audience: as.issuer,
        alg: c.alg as SigningAlg,
        method: 'private_key_jwt',
        privateKey: key,
      };
      const first = await createClientAssertion(opts);
      const ok = await tokenWith(c.clientId, first.jwt);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      const second = await createClientAssertion(opts);
      assert.equal((await tokenWith(c.clientId, second.jwt)).status, 200);
      const replay = await tokenWith(c.clientId, first.jwt);
      assert.equal(replay.status, 401);
      assert.equal(replay.body['error'], 'invalid_client');
    });
  }

  it('client_secret_jwt assertion (HS256/HS512) gets a token', async () => {
    const c = as.clients.secretJwt;
    for (const alg of ['HS256', 'HS512'] as const) {
      const { jwt } = await createClientAssertion({
        clientId: c.clientId,
        audience: as.issuer,
        alg,
        method: 'client_secret_jwt',
        clientSecret: c.clientSecret,
      });
      const res = await tokenWith(c.clientId, jwt);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
  });
});
