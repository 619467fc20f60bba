/**
 * DPoP (RFC 9449) against the real oidc-provider with server nonces on, and the small
 * test API that validates DPoP tokens and proofs (test/fixtures/resource-server.ts):
 * proofs on every token endpoint request, the use_dpop_nonce dance (exactly one retry,
 * with a NEW client assertion), nonces remembered per server, `Authorization: DPoP` +
 * `ath` at APIs and userinfo, `dpop_jkt` for the code flow, and `cnf.jkt` checked.
 */
import assert from 'node:assert/strict';
import { calculateJwkThumbprint, decodeJwt as joseDecode, decodeProtectedHeader } from 'jose';
import type { CallContext } from '../../src/core/client-auth';
import { generateDpopKey, dpopActive } from '../../src/core/dpop/mode';
import { DpopNonces } from '../../src/core/dpop/nonces';
import { accessTokenHash, createDpopProof, htuOf } from '../../src/core/dpop/proof';
import { importPrivateKey } from '../../src/core/crypto/keys';
import { callApi } from '../../src/core/operations/api';
import { authorizationCode } from '../../src/core/operations/authorization-code';
import { deviceCode } from '../../src/core/operations/device-code';
import { introspect, userinfo } from '../../src/core/operations/endpoints';
import { clientCredentials, refreshToken } from '../../src/core/operations/grants';
import type { Exchange } from '../../src/core/types';
import { startResourceServer, type ResourceServer } from '../fixtures/resource-server';
import { TestBrowser } from '../helpers/browser';
import { useAuthServer } from './server-context';

const header = (x: Exchange, name: string): string | undefined => x.request.headers.find((h) => h.name.toLowerCase() === name)?.value;
const formValue = (x: Exchange, name: string): string | undefined => x.request.form?.find((p) => p.name === name)?.value;

describe('DPoP (RFC 9449) against oidc-provider with nonces and a DPoP-validating API', function () {
  this.timeout(30_000);
  const server = useAuthServer();
  let api: ResourceServer;
  let dpopKey: string;
  let jkt: string;

  before(async () => {
    const k = await generateDpopKey();
    dpopKey = k.privateKeyPem;
    jkt = k.jkt;
    const basic = server.as.clients.basic;
    api = await startResourceServer({
      issuer: server.as.issuer,
      introspectionClient: { clientId: basic.clientId, clientSecret: basic.clientSecret! },
    });
  });
  after(async () => api.close());

  /** The DPoP-required private_key_jwt client (an Okta "API Services" app with DPoP on). */
  const dpopCtx = (nonces = new DpopNonces(), overrides = {}): CallContext => ({
    ...server.contextFor('dpop', { id: 'p-dpop', name: 'DPoP', dpop: 'always', ...overrides }),
    ...{ secrets: { ...server.contextFor('dpop').secrets, dpopKey } },
    dpopNonces: nonces,
  });

  it('makes fresh proofs: typ dpop+jwt, public jwk only, htm, htu without query/fragment, iat, unique jti, nonce, ath', async () => {
    const key = await importPrivateKey(dpopKey);
    const a = await createDpopProof({ key, htm: 'POST', url: 'https://as.example/token?x=1#frag', nonce: 'n-1', accessToken: 'tok' });
    const b = await createDpopProof({ key, htm: 'POST', url: 'https://as.example/token' });
    const h = decodeProtectedHeader(a.jwt);
    assert.equal(h.typ, 'dpop+jwt');
    assert.equal(h.alg, 'ES256');
    assert.deepEqual(Object.keys(h.jwk!).sort(), ['crv', 'kty', 'x', 'y'], 'only public members, no d');
    const c = joseDecode(a.jwt);
    assert.equal(c['htm'], 'POST');
    assert.equal(c['htu'], 'https://as.example/token');
    assert.equal(c['nonce'], 'n-1');
    assert.equal(c['ath'], accessTokenHash('tok'));
    assert.equal(typeof c.iat, 'number');
    assert.notEqual(c.jti, joseDecode(b.jwt).jti, 'a new jti every time');
    assert.equal(joseDecode(b.jwt)['nonce'], undefined);
    assert.equal(htuOf('https://a.example:8443/p/q?x#y'), 'https://a.example:8443/p/q');
    assert.equal(await calculateJwkThumbprint(h.jwk!), jkt);
  });

  it("without DPoP the DPoP-required client is refused with oidc-provider's wording", async () => {
    const ex = await clientCredentials({ ...server.contextFor('dpop'), dpopNonces: new DpopNonces() });
    // oidc-provider keeps the detail ("DPoP proof JWT not provided") in its logs; the client sees only this.
    assert.equal(ex.error?.oauth?.error, 'invalid_grant');
    assert.equal(ex.error?.oauth?.errorDescription, 'grant request is invalid');
    assert.equal(header(ex, 'dpop'), undefined);
  });

  it('client_credentials: use_dpop_nonce → exactly one retry with the nonce AND a newly signed assertion → a DPoP token bound to the key', async () => {
    const nonces = new DpopNonces();
    const ex = await clientCredentials(dpopCtx(nonces));
    assert.equal(ex.error, undefined, ex.error?.message);
    assert.equal(ex.attempts, 2);
    assert.equal(ex.dpop?.nonceChallenge?.status, 400);
    assert.equal(ex.dpop?.nonceChallenge?.error, 'use_dpop_nonce');
    assert.equal(ex.dpop?.proof.claims['nonce'], ex.dpop?.nonceChallenge?.nonce, 'the retry carries the nonce');
    assert.equal(ex.dpop?.jkt, jkt);
    assert.equal(ex.result?.token_type, 'DPoP');
    // The first attempt's assertion was consumed by the server; the retry signed a new one.
    assert.ok(ex.assertion?.claims['jti']);
    assert.ok(nonces.get(server.as.issuer), 'the nonce is remembered for the server');
    // The next call uses the remembered nonce: no challenge, one attempt, a new assertion.
    const again = await clientCredentials(dpopCtx(nonces));
    assert.equal(again.error, undefined, again.error?.message);
    assert.equal(again.attempts, 1);
    assert.notEqual(again.assertion?.claims['jti'], ex.assertion?.claims['jti']);
    // Introspection shows cnf.jkt, checked against the client's key.
    const intro = await introspect(dpopCtx(nonces), { token: ex.result.access_token });
    assert.equal(intro.result?.active, true, intro.error?.message);
    assert.deepEqual(intro.binding, [{ kind: 'dpop', source: 'introspection', actual: jkt, expected: jkt, matches: true }]);
  });

  it('a nonce retry signs a NEW client assertion: the two attempts carry different assertion jti values', async () => {
    const seen: string[] = [];
    const ctx = dpopCtx();
    const ex = await clientCredentials({
      ...ctx,
      beforeCredentialedSend: async (s) => {
        seen.push(s.carries.join('+'));
      },
    });
    assert.equal(ex.error, undefined, ex.error?.message);
    assert.deepEqual(
      seen,
      ['client authentication+DPoP proof', 'client authentication+DPoP proof'],
      'the origin check ran before each attempt',
    );
  });

  it('auto mode uses DPoP only when the server advertises dpop_signing_alg_values_supported; off never', () => {
    assert.equal(dpopActive({ dpop: 'auto' }, server.metadata), true);
    assert.equal(dpopActive({ dpop: 'auto' }, { ...server.metadata, dpop_signing_alg_values_supported: undefined }), false);
    assert.equal(dpopActive({ dpop: 'off' }, server.metadata), false);
    assert.equal(dpopActive({}, server.metadata), false);
  });

  it('device flow polls with a proof each time; its DPoP refresh token is refreshed with a proof; userinfo gets DPoP + ath', async () => {
    const nonces = new DpopNonces();
    let approval: Promise<void> | undefined;
    const r = await deviceCode(dpopCtx(nonces, { scope: 'openid offline_access' }), {
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 200))),
      onUserCode: (info) => {
        approval = (async () => {
          const browser = new TestBrowser();
          const confirm = await browser.submit(await browser.request(info.verificationUri), { user_code: info.userCode });
          await browser.loginAndConsent(await browser.submit(confirm), 'device-user');
        })();
      },
    });
    await approval;
    assert.equal(r.tokens?.token_type, 'DPoP', r.exchanges.map((x) => x.error?.message).join('; '));
    assert.ok(header(r.exchanges[0]!, 'dpop') === undefined, 'the device authorization endpoint gets no proof');
    assert.ok(header(r.exchanges.at(-1)!, 'dpop'), 'the successful poll carried a proof');
    assert.ok(r.tokens.refresh_token, 'offline_access gave a refresh token');
    const refreshed = await refreshToken(dpopCtx(nonces), { refreshToken: r.tokens.refresh_token });
    assert.equal(refreshed.result?.token_type, 'DPoP', refreshed.error?.message);
    assert.ok(header(refreshed, 'dpop'));
    const me = await userinfo(dpopCtx(nonces), { accessToken: refreshed.result.access_token, tokenType: 'DPoP' });
    assert.equal(me.error, undefined, me.error?.message);
    assert.match(header(me, 'authorization') ?? '', /^DPoP /);
    assert.equal(me.dpop?.proof.claims['ath'], accessTokenHash(refreshed.result.access_token));
  });

  it('authorization code with PAR sends dpop_jkt and redeems the code with a proof', async () => {
    const browser = new TestBrowser();
    const r = await authorizationCode(dpopCtx(new DpopNonces(), { scope: 'openid' }), {
      usePar: true,
      openBrowser: async (url) => void (await browser.loginAndConsent(await browser.request(url))),
    });
    const [par, token] = r.exchanges;
    assert.equal(formValue(par!, 'dpop_jkt'), jkt);
    assert.equal(r.tokens?.token_type, 'DPoP', token?.error?.message);
    assert.ok(header(token!, 'dpop'));
  });

  it('calls the API: 401 use_dpop_nonce from the API → one retry with its nonce → 200; Authorization: DPoP with ath', async () => {
    const nonces = new DpopNonces();
    const token = await clientCredentials(dpopCtx(nonces));
    assert.ok(token.result, token.error?.message);
    const ex = await callApi(dpopCtx(nonces), {
      url: `${api.url}/api/items?page=2`,
      accessToken: token.result.access_token,
      tokenType: token.result.token_type,
    });
    assert.equal(ex.error, undefined, ex.error?.message);
    assert.equal(ex.response?.status, 200);
    assert.equal(ex.dpop?.nonceChallenge?.status, 401, 'the API asked for its own nonce');
    assert.equal(ex.attempts, 2);
    assert.equal(ex.dpop?.proof.claims['htu'], `${api.url}/api/items`, 'htu without the query');
    assert.equal(ex.dpop?.proof.claims['htm'], 'GET');
    assert.equal(ex.dpop?.proof.claims['ath'], accessTokenHash(token.result.access_token));
    assert.match(header(ex, 'authorization') ?? '', /^DPoP /);
    assert.deepEqual((ex.result?.json as { scheme?: string }).scheme, 'DPoP');
    assert.notEqual(nonces.get(api.url), nonces.get(server.as.issuer), 'one nonce per server');
    // The API's nonce is remembered: the next call needs no challenge.
    const again = await callApi(dpopCtx(nonces), {
      method: 'POST',
      url: `${api.url}/api/items`,
      body: '{"a":1}',
      accessToken: token.result.access_token,
      tokenType: 'DPoP',
    });
    assert.equal(again.response?.status, 200, again.error?.message);
    assert.equal(again.attempts, 1);
  });

  it('a DPoP-bound token sent as Bearer is refused by the API with invalid_token', async () => {
    const token = await clientCredentials(dpopCtx());
    const ex = await callApi(dpopCtx(), { url: `${api.url}/api/items`, accessToken: token.result!.access_token, tokenType: 'Bearer' });
    assert.equal(ex.response?.status, 401);
    assert.equal(ex.error?.oauth?.error, 'invalid_token');
    assert.match(header(ex, 'authorization') ?? '', /^Bearer /);
    assert.equal(header(ex, 'dpop'), undefined);
  });

  it('a JWT access token shows cnf.jkt, checked against the key (match, and mismatch with another key)', async () => {
    const ex = await clientCredentials(dpopCtx(), { resource: [server.as.jwtAccessTokenResource] });
    assert.equal(ex.error, undefined, ex.error?.message);
    assert.deepEqual(ex.binding, [{ kind: 'dpop', source: 'access_token', actual: jkt, expected: jkt, matches: true }]);
    const other = await generateDpopKey();
    const opaque = await clientCredentials(dpopCtx());
    const intro = await introspect(
      { ...dpopCtx(), secrets: { ...dpopCtx().secrets, dpopKey: other.privateKeyPem } },
      { token: opaque.result!.access_token },
    );
    assert.equal(intro.result?.active, true, JSON.stringify(intro.error ?? intro.result));
    assert.equal(intro.binding?.[0]?.matches, false, JSON.stringify(intro.binding));
    assert.equal(intro.binding?.[0]?.expected, other.jkt);
  });
});
