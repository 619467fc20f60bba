import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { CompactEncrypt, SignJWT, exportJWK, generateKeyPair, type JWK, type JWTPayload } from 'jose';
import { ConfigError, JwtError } from '../../src/core/errors';
import { decodeJwt, verifyJwt } from '../../src/core/crypto/jwt';
import { startAuthServer, type AuthServer } from '../fixtures/auth-server';

const NOW = 1_750_000_000;
const ISSUER = 'https://issuer.example';

function expectMalformed(token: string, mentions: RegExp): void {
  assert.throws(
    () => decodeJwt(token, NOW),
    (e: unknown) => {
      assert.ok(e instanceof JwtError, String(e));
      assert.equal(e.code, 'JWT_MALFORMED');
      assert.match(e.message, mentions);
      return true;
    },
  );
}

describe('jwt: decodeJwt', () => {
  let as: AuthServer;
  let realToken: string;
  before(async () => {
    as = await startAuthServer();
    const c = as.clients.basic;
    const res = await fetch(`${as.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api:read', resource: as.jwtAccessTokenResource }),
    });
    const body = (await res.json()) as { access_token: string };
    assert.equal(res.status, 200, JSON.stringify(body));
    realToken = body.access_token;
  });
  after(async () => {
    await as?.close();
  });

  it('decodes a real access token from oidc-provider: header, claims, annotated times, verified false', () => {
    const now = Math.floor(Date.now() / 1000);
    const d = decodeJwt(realToken, now);
    assert.equal(d.verified, false);
    assert.equal(typeof d.header['alg'], 'string');
    assert.equal(typeof d.header['kid'], 'string');
    assert.equal(d.claims['iss'], as.issuer);
    assert.equal(d.claims['client_id'], as.clients.basic.clientId);
    const exp = d.times['exp'];
    assert.ok(exp, 'exp is annotated');
    assert.equal(exp.epoch, d.claims['exp']);
    assert.equal(exp.iso, new Date((d.claims['exp'] as number) * 1000).toISOString());
    assert.match(exp.relative, /^in \d/);
    assert.match(d.times['iat']?.relative ?? '', /^(now|\d+ s ago)$/);
  });

  it('strips a "Bearer " prefix and surrounding whitespace', () => {
    assert.equal(decodeJwt(`  Bearer ${realToken}\n`).claims['iss'], as.issuer);
  });

  it('annotates exp/iat/nbf/auth_time as epoch, ISO and relative time', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ auth_time: NOW - (2 * 86400 + 4 * 3600), updated_at: NOW })
      .setProtectedHeader({ alg: 'ES256' })
      .setExpirationTime(NOW + 42 * 60)
      .setIssuedAt(NOW - 3 * 3600)
      .setNotBefore(NOW + 30)
      .sign(privateKey);
    const t = decodeJwt(token, NOW).times;
    assert.deepEqual(t['exp'], { epoch: NOW + 2520, iso: new Date((NOW + 2520) * 1000).toISOString(), relative: 'in 42 min' });
    assert.equal(t['iat']?.relative, '3 h ago');
    assert.equal(t['nbf']?.relative, 'in 30 s');
    assert.equal(t['auth_time']?.relative, '2 d 4 h ago');
    assert.equal(t['updated_at' as 'exp'], undefined, 'only the four time claims are annotated');
  });

  it('does not annotate a non-numeric exp (no NaN)', () => {
    const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const d = decodeJwt(`${enc({ alg: 'RS256' })}.${enc({ exp: 'tomorrow', iat: NOW })}.sig`, NOW);
    assert.equal(d.times['exp'], undefined);
    assert.equal(d.times['iat']?.relative, 'now');
  });

  it('names what is wrong with non-JWT input', () => {
    expectMalformed('', /empty/);
    expectMalformed('2YotnFZFEjr1zCsicMWpAA', /3 dot-separated parts.*has 1.*opaque/);
    expectMalformed('a.b', /has 2/);
    expectMalformed('a.b.c.d', /has 4/);
    expectMalformed('eyJ hbGc.eyJ.sig', /base64url/);
    expectMalformed(`${Buffer.from('not json').toString('base64url')}.e30.sig`, /header/);
    expectMalformed(
      `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('plain text').toString('base64url')}.sig`,
      /payload/,
    );
  });

  it('says a JWE is encrypted rather than malformed', async () => {
    const { publicKey } = await generateKeyPair('RSA-OAEP-256');
    const jwe = await new CompactEncrypt(new TextEncoder().encode('{"sub":"x"}'))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(publicKey);
    expectMalformed(jwe, /encrypted JWT \(JWE/);
  });
});

describe('jwt: verifyJwt', () => {
  let jwks: { keys: JWK[] };
  let sign: (claims: JWTPayload, header?: { kid?: string; alg?: string }) => Promise<string>;
  let otherSign: (claims: JWTPayload) => Promise<string>;
  before(async () => {
    const good = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    jwks = { keys: [{ ...(await exportJWK(good.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
    const base = { iss: ISSUER, aud: 'api', sub: 'user-1', iat: NOW, nbf: NOW, exp: NOW + 300 };
    sign = (claims, header = {}) =>
      new SignJWT({ ...base, ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header }).sign(good.privateKey);
    otherSign = (claims) => new SignJWT({ ...base, ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(other.privateKey);
  });
  const opts = { issuer: ISSUER, audience: 'api', nowSeconds: NOW };

  async function invalid(token: string, o: Partial<Parameters<typeof verifyJwt>[1]>, mentions: RegExp): Promise<void> {
    const r = await verifyJwt(token, { ...opts, jwks, ...o });
    assert.equal(r.verified, false);
    assert.equal(r.error?.code, 'JWT_INVALID', r.error?.message);
    assert.match(r.error?.message ?? '', mentions);
    assert.equal(r.claims['sub'], 'user-1', 'claims are still returned, decoded');
  }

  it('verifies a good token and returns header and claims', async () => {
    const r = await verifyJwt(await sign({}), { ...opts, jwks });
    assert.equal(r.verified, true, r.error?.message);
    assert.equal(r.error, undefined);
    assert.equal(r.header['kid'], 'k1');
    assert.equal(r.claims['sub'], 'user-1');
  });

  it('bad signature (signed by another key with the same kid) → JWT_INVALID "signature does not verify"', async () =>
    invalid(await otherSign({}), {}, /signature does not verify.*"k1"/));

  it('tampered payload → JWT_INVALID', async () => {
    const [h, , s] = (await sign({})).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: ISSUER, aud: 'api', sub: 'user-1', exp: NOW + 300, admin: true })).toString(
      'base64url',
    );
    await invalid(`${h}.${forged}.${s}`, {}, /signature does not verify/);
  });

  it('wrong iss → names the actual and expected issuer', async () =>
    invalid(await sign({ iss: 'https://evil.example' }), {}, /iss is "https:\/\/evil\.example", expected "https:\/\/issuer\.example"/));

  it('wrong aud → names the actual and expected audience', async () =>
    invalid(await sign({ aud: 'other-api' }), {}, /aud is "other-api", expected "api"/));

  it('expired beyond the tolerance → says how long ago and the tolerance', async () =>
    invalid(await sign({ exp: NOW - 120 }), {}, /expired 2 min ago.*clock tolerance 30 s/));

  it('nbf in the future beyond the tolerance → "not valid yet"', async () =>
    invalid(await sign({ nbf: NOW + 600 }), {}, /not valid yet.*in 10 min/));

  it('clock tolerance: 20 s past exp passes with the default 30 s, fails with 10 s; same for nbf', async () => {
    const expired = await sign({ exp: NOW - 20 });
    assert.equal((await verifyJwt(expired, { ...opts, jwks })).verified, true);
    assert.equal((await verifyJwt(expired, { ...opts, jwks, clockToleranceSeconds: 10 })).verified, false);
    const early = await sign({ nbf: NOW + 20 });
    assert.equal((await verifyJwt(early, { ...opts, jwks })).verified, true);
    assert.equal((await verifyJwt(early, { ...opts, jwks, clockToleranceSeconds: 10 })).verified, false);
  });

  it('unknown kid → says no key in the JWKS matches (rotation hint)', async () =>
    invalid(await sign({}, { kid: 'rotated' }), {}, /No key in the issuer's JWKS matches.*"rotated"/));

  it('algorithm outside the allowed list → JWT_INVALID', async () =>
    invalid(await sign({}), { algorithms: ['ES256'] }, /"RS256" is not allowed/));

  it('malformed token → verified false with JWT_MALFORMED', async () => {
    const r = await verifyJwt('not-a-jwt', { ...opts, jwks });
    assert.equal(r.verified, false);
    assert.equal(r.error?.code, 'JWT_MALFORMED');
  });

  it('without jwks or jwksUri → ConfigError', async () => {
    await assert.rejects(
      verifyJwt(await sign({}), { issuer: ISSUER }),
      (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INVALID',
    );
  });

  describe("with the issuer's jwks_uri (real oidc-provider)", () => {
    let as: AuthServer;
    before(async () => {
      as = await startAuthServer();
    });
    after(async () => {
      await as?.close();
    });

    it('fetches the JWKS and verifies a real JWT access token', async () => {
      const c = as.clients.basic;
      const res = await fetch(`${as.issuer}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api:read', resource: as.jwtAccessTokenResource }),
      });
      const { access_token } = (await res.json()) as { access_token: string };
      const ok = await verifyJwt(access_token, { issuer: as.issuer, audience: as.jwtAccessTokenResource, jwksUri: `${as.issuer}/jwks` });
      assert.equal(ok.verified, true, ok.error?.message);
      const wrongAud = await verifyJwt(access_token, { issuer: as.issuer, audience: 'urn:other', jwksUri: `${as.issuer}/jwks` });
      assert.equal(wrongAud.verified, false);
      assert.equal(wrongAud.error?.code, 'JWT_INVALID');
    });

    it('a jwks_uri answering 404 → HTTP_STATUS; plain http to a remote host → refused before sending', async () => {
      const r404 = await verifyJwt(await sign({}), { ...opts, jwksUri: `${as.issuer}/no-such-jwks` });
      assert.equal(r404.verified, false);
      assert.equal(r404.error?.code, 'HTTP_STATUS');
      const insecure = await verifyJwt(await sign({}), { ...opts, jwksUri: 'http://issuer.example/jwks' });
      assert.equal(insecure.error?.code, 'CONFIG_INSECURE_HTTP');
    });

    it('an unreachable jwks_uri → verified false with a transport error', async () => {
      const srv = createServer();
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const port = (srv.address() as { port: number }).port;
      await new Promise<void>((r) => srv.close(() => r()));
      const r = await verifyJwt(await sign({}), { ...opts, jwksUri: `http://127.0.0.1:${port}/jwks` });
      assert.equal(r.verified, false);
      assert.match(r.error?.code ?? '', /^HTTP_/);
    });
  });
});
