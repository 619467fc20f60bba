/**
 * JWKS caching for verifyJwt (issue "Fast by measurement"): a counting local server
 * serves the key set with the cache headers a test chooses; a test clock moves time.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type CryptoKey } from 'jose';
import { verifyJwt } from '../../src/core/crypto/jwt';
import { JWKS_TTL, JwksCache, UNKNOWN_KID_COOLDOWN_MS, jwksTtlMs } from '../../src/core/crypto/jwks-cache';
import { startMisbehavingServer, type Behavior, type MisbehavingServer } from '../fixtures/misbehaving-server';
import { adversarialShapes, RESPONSE_CAP_BYTES } from './helpers/adversarial';
import { assertWithinBudget } from './helpers/event-loop';

const ISSUER = 'https://issuer.example';

interface Signer {
  jwk: JWK;
  sign: () => Promise<string>;
}

async function signer(kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const key: CryptoKey = privateKey;
  return {
    jwk,
    sign: () =>
      new SignJWT({ sub: 'user' })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key),
  };
}

const jwksBody = (headers: Record<string, string>, ...keys: JWK[]): Behavior => ({
  kind: 'respond',
  headers: { 'content-type': 'application/jwk-set+json', ...headers },
  body: { keys },
});

describe('jwks cache: verifyJwt fetches a jwks_uri at most once per TTL', () => {
  let k1: Signer;
  let k2: Signer;
  let server: MisbehavingServer | undefined;
  let nowMs: number;
  let cache: JwksCache;
  before(async () => {
    [k1, k2] = await Promise.all([signer('k1'), signer('k2')]);
  });
  beforeEach(() => {
    nowMs = 1_750_000_000_000;
    cache = new JwksCache(() => nowMs);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(...behaviors: Behavior[]): Promise<string> {
    server = await startMisbehavingServer({ '/jwks': behaviors });
    return `${server.url}/jwks`;
  }
  const fetches = (): number => server!.hits('/jwks').length;
  const verify = async (token: string, jwksUri: string) => verifyJwt(token, { issuer: ISSUER, jwksUri, jwksCache: cache });

  it('100 verifications, 20 of them concurrent, fetch the key set once (max-age=300)', async () => {
    const uri = await serve(jwksBody({ 'cache-control': 'public, max-age=300' }, k1.jwk));
    const token = await k1.sign();
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => verify(token, uri)));
    for (let i = 0; i < 80; i++) assert.equal((await verify(token, uri)).verified, true);
    assert.ok(concurrent.every((r) => r.verified));
    assert.equal(fetches(), 1);
  });

  it('refetches once max-age has passed, not before', async () => {
    const uri = await serve(jwksBody({ 'cache-control': 'max-age=120' }, k1.jwk));
    const token = await k1.sign();
    await verify(token, uri);
    nowMs += 119_000;
    await verify(token, uri);
    assert.equal(fetches(), 1);
    nowMs += 2_000;
    assert.equal((await verify(token, uri)).verified, true);
    assert.equal(fetches(), 2);
  });

  it('honours Expires relative to Date; no-store still caches for the floor (30 s); no header → 10 min', async () => {
    const date = new Date(nowMs);
    const uri = await serve(
      jwksBody({ date: date.toUTCString(), expires: new Date(nowMs + 600_000).toUTCString() }, k1.jwk),
      jwksBody({ 'cache-control': 'no-store' }, k1.jwk),
      jwksBody({}, k1.jwk),
    );
    const token = await k1.sign();
    await verify(token, uri);
    nowMs += 599_000;
    await verify(token, uri);
    assert.equal(fetches(), 1, 'Expires 10 min ahead of Date');
    nowMs += 2_000;
    await verify(token, uri);
    assert.equal(fetches(), 2);
    nowMs += JWKS_TTL.minMs - 1_000;
    await verify(token, uri);
    assert.equal(fetches(), 2, 'no-store is kept for the 30 s floor');
    nowMs += 2_000;
    await verify(token, uri);
    assert.equal(fetches(), 3);
    nowMs += JWKS_TTL.defaultMs - 1_000;
    await verify(token, uri);
    assert.equal(fetches(), 3, 'no cache header: the 10 min default');
  });

  it('an unknown kid refetches once and verifies with the rotated key; more unknown kids within the cooldown do not fetch', async () => {
    const uri = await serve(
      jwksBody({ 'cache-control': 'max-age=3600' }, k1.jwk),
      jwksBody({ 'cache-control': 'max-age=3600' }, k1.jwk, k2.jwk),
    );
    assert.equal((await verify(await k1.sign(), uri)).verified, true);
    nowMs += UNKNOWN_KID_COOLDOWN_MS;
    const rotated = await verify(await k2.sign(), uri);
    assert.equal(rotated.verified, true, rotated.error?.message);
    assert.equal(fetches(), 2);

    const stranger = await signer('k3');
    for (let i = 0; i < 5; i++) {
      const r = await verify(await stranger.sign(), uri);
      assert.equal(r.verified, false);
      assert.match(r.error?.message ?? '', /No key in the issuer's JWKS matches/);
    }
    assert.equal(fetches(), 2, 'the set was fetched less than the cooldown ago: no refetch');
    nowMs += UNKNOWN_KID_COOLDOWN_MS;
    await verify(await stranger.sign(), uri);
    assert.equal(fetches(), 3, 'after the cooldown an unknown kid may look again, once');
  });

  it('a failed fetch is not cached: the next verification fetches again', async () => {
    const uri = await serve({ kind: 'respond', status: 503, body: 'down' }, jwksBody({ 'cache-control': 'max-age=300' }, k1.jwk));
    const token = await k1.sign();
    const first = await verify(token, uri);
    assert.equal(first.verified, false);
    assert.equal(first.error?.code, 'HTTP_STATUS');
    assert.equal((await verify(token, uri)).verified, true);
    assert.equal((await verify(token, uri)).verified, true);
    assert.equal(fetches(), 2);
  });

  it('a cached http jwks_uri is still refused to a caller that does not allow insecure http', async () => {
    const uri = await serve(jwksBody({}, k1.jwk));
    const remote = uri.replace('127.0.0.1', 'localtest.invalid');
    const token = await k1.sign();
    const refused = await verifyJwt(token, { issuer: ISSUER, jwksUri: remote, jwksCache: cache });
    assert.equal(refused.error?.code, 'CONFIG_INSECURE_HTTP');
    assert.equal(fetches(), 0);
  });
});

describe('jwks cache: TTL from response headers', () => {
  const now = Date.parse('2025-06-15T12:00:00Z');
  it('reads max-age (minus Age), Expires (against Date), no-store/no-cache, and bounds the result', () => {
    assert.equal(jwksTtlMs({ 'cache-control': 'max-age=600' }, now), 600_000);
    assert.equal(jwksTtlMs({ 'cache-control': 'public, max-age=600', age: '100' }, now), 500_000);
    assert.equal(jwksTtlMs({ 'cache-control': 'max-age=0' }, now), JWKS_TTL.minMs);
    assert.equal(jwksTtlMs({ 'cache-control': 'max-age=31536000' }, now), JWKS_TTL.maxMs);
    assert.equal(jwksTtlMs({ 'cache-control': 'no-cache, max-age=600' }, now), JWKS_TTL.minMs);
    assert.equal(jwksTtlMs({ expires: 'Sun, 15 Jun 2025 12:05:00 GMT', date: 'Sun, 15 Jun 2025 12:00:00 GMT' }, now + 3_600_000), 300_000);
    assert.equal(jwksTtlMs({ expires: '0' }, now), JWKS_TTL.minMs);
    assert.equal(jwksTtlMs({}, now), JWKS_TTL.defaultMs);
  });

  it('property: any header text gives a TTL within the bounds', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (cc, age, expires, date) => {
        const ttl = jwksTtlMs({ 'cache-control': cc, age, expires, date }, now);
        return Number.isInteger(ttl) && ttl >= JWKS_TTL.minMs && ttl <= JWKS_TTL.maxMs;
      }),
    );
  });

  it('adversarial header values at the response cap stay within the event-loop budget', async () => {
    for (const { name, text } of adversarialShapes(RESPONSE_CAP_BYTES)) {
      for (const h of ['cache-control', 'expires', 'age'])
        await assertWithinBudget(`${h}: ${name}`, () => jwksTtlMs({ [h]: text, date: text }, now));
      await assertWithinBudget(`max-age prefix + ${name}`, () => jwksTtlMs({ 'cache-control': `max-age=${text}` }, now));
    }
  });
});
