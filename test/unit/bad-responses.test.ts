/**
 * SECURITY.md items 8, 9, 10, 11 through the operations layer, against a server that
 * misbehaves on purpose: every failure is a typed error in the Exchange, with a short
 * escaped excerpt, nothing hangs, redirects are not followed, retries are bounded and
 * each retry carries a fresh assertion.
 */
import assert from 'node:assert/strict';
import type { CallContext } from '../../src/core/client-auth';
import { generateKeyPair } from '../../src/core/crypto/keys';
import { decodeJwt } from '../../src/core/crypto/jwt';
import { clientCredentials } from '../../src/core/operations/grants';
import { diagnose } from '../../src/core/diagnose';
import {
  arrayJson,
  html500,
  invalidJson,
  missingAccessToken,
  nullJson,
  okToken,
  startMisbehavingServer,
  stringExpiresIn,
  type MisbehavingServer,
} from '../fixtures/misbehaving-server';

const SECRET = 'basic-secret-that-must-never-leave-0123456789';

describe('bad responses and bad networks (operations)', () => {
  let srv: MisbehavingServer;
  let elsewhere: MisbehavingServer;
  let pem: string;
  const httpDateIn = (s: number) => new Date(Date.now() + s * 1000).toUTCString();

  before(async () => {
    pem = (await generateKeyPair('EC-P256')).privateKeyPem;
    elsewhere = await startMisbehavingServer({ '/stolen': okToken });
    srv = await startMisbehavingServer({
      '/html500': html500,
      '/invalid-json': invalidJson,
      '/null': nullJson,
      '/array': arrayJson,
      '/missing': missingAccessToken,
      '/string-expiry': stringExpiresIn,
      '/word-expiry': { kind: 'respond', body: { access_token: 'tok-string-expiry', token_type: 'Bearer', expires_in: 'soon' } },
      '/oauth-error': {
        kind: 'respond',
        status: 400,
        body: { error: 'invalid_scope', error_description: 'scope "x" <unknown>', error_uri: 'https://docs.example/e' },
      },
      '/redirect': { kind: 'redirect', location: `${elsewhere.url}/stolen`, status: 307 },
      '/429-then-ok': [{ kind: 'retryAfter', status: 429, retryAfter: '0' }, okToken],
      '/503-date-then-ok': [{ kind: 'retryAfter', status: 503, retryAfter: () => httpDateIn(2) }, okToken],
      '/always-503': { kind: 'retryAfter', status: 503, retryAfter: '0' },
      '/429-long': { kind: 'retryAfter', status: 429, retryAfter: '3600', body: '' },
      '/429-wait': [{ kind: 'retryAfter', status: 429, retryAfter: '5' }, okToken],
      '/slow-headers': { kind: 'slowHeaders', delayMs: 10_000 },
      '/stall': { kind: 'slowBody', chunks: ['{"access_token":"'], delayMs: 10, stall: true },
      '/big': { kind: 'oversized', bytes: 50_000 },
    });
  });
  after(async () => {
    await srv?.close();
    await elsewhere?.close();
  });

  const basic = (path: string, http: CallContext['http'] = {}): CallContext => ({
    profile: {
      id: 'b',
      name: 'basic',
      issuer: srv.url,
      clientId: 'cid',
      authMethod: 'client_secret_basic',
      endpoints: { token: `${srv.url}${path}` },
    },
    secrets: { clientSecret: SECRET },
    http,
  });
  const pkjwt = (path: string, http: CallContext['http'] = {}): CallContext => ({
    profile: {
      id: 'k',
      name: 'pkjwt',
      issuer: srv.url,
      clientId: 'cid',
      authMethod: 'private_key_jwt',
      endpoints: { token: `${srv.url}${path}` },
    },
    secrets: { privateKey: pem },
    http,
  });

  it('HTML 500 page → RESPONSE_NOT_JSON naming an HTML page, with a short escaped excerpt', async () => {
    const ex = await clientCredentials(basic('/html500'));
    assert.equal(ex.response?.status, 500);
    assert.equal(ex.error?.code, 'RESPONSE_NOT_JSON');
    assert.match(ex.error.message, /HTML page/);
    const excerpt = ex.error.excerpt!;
    assert.ok(excerpt.length <= 200);
    assert.ok(excerpt.includes('500 Internal Server Error'));
    assert.ok(!/[\n\r\t]/.test(excerpt), 'control characters are escaped');
    assert.equal(ex.result, undefined);
  });

  const shapes: Array<[string, string, RegExp]> = [
    ['/invalid-json', 'RESPONSE_NOT_JSON', /not valid JSON/],
    ['/null', 'RESPONSE_INVALID', /is null, not a JSON object/],
    ['/array', 'RESPONSE_INVALID', /is an array, not a JSON object/],
    ['/missing', 'RESPONSE_INVALID', /no "access_token"/],
    ['/word-expiry', 'RESPONSE_INVALID', /"expires_in" as a string \("soon"\)/],
  ];
  for (const [path, code, message] of shapes) {
    it(`${path.slice(1)} → ${code}`, async () => {
      const ex = await clientCredentials(basic(path));
      assert.equal(ex.response?.status, 200);
      assert.equal(ex.error?.code, code);
      assert.match(ex.error.message, message);
      assert.equal(typeof ex.error?.excerpt, 'string');
      assert.equal(ex.result, undefined);
    });
  }

  it('expires_in as a numeric string ("300", Azure AD v1 style) is read as 300 s, with a RESPONSE_TYPE_COERCED warning', async () => {
    const ex = await clientCredentials(basic('/string-expiry'));
    assert.equal(ex.error, undefined, JSON.stringify(ex.error));
    assert.equal(ex.result?.expires_in, 300);
    assert.equal(ex.result?.expires_at, (ex.result?.received_at ?? 0) + 300);
    assert.match(ex.response?.body ?? '', /"expires_in":"300"/, 'the raw body keeps the string');
    const w = diagnose({ exchange: ex }).find((f) => f.code === 'RESPONSE_TYPE_COERCED');
    assert.equal(w?.severity, 'warning');
    assert.match(w?.title ?? '', /"expires_in": "300" as strings; read leniently as a number/);
  });

  it('the excerpt of a bad token response masks the token it contains', async () => {
    const ex = await clientCredentials(basic('/word-expiry'));
    assert.ok(!ex.error!.excerpt!.includes('tok-string-expiry'));
    // The token is one of the call's secrets: masked by value, whole.
    assert.ok(ex.error!.excerpt!.includes('<access_token>'), ex.error!.excerpt);
  });

  it('an OAuth error keeps error, error_description and error_uri', async () => {
    const ex = await clientCredentials(basic('/oauth-error'));
    assert.equal(ex.error?.code, 'OAUTH_INVALID_SCOPE');
    assert.deepEqual(ex.error?.oauth, {
      error: 'invalid_scope',
      errorDescription: 'scope "x" <unknown>',
      errorUri: 'https://docs.example/e',
    });
    assert.equal(ex.error?.status, 400);
  });

  it('a 307 from the token endpoint is reported; the Location never receives the secret', async () => {
    for (const ctx of [basic('/redirect'), pkjwt('/redirect')]) {
      const ex = await clientCredentials(ctx);
      assert.equal(ex.error?.code, 'HTTP_REDIRECT');
      assert.match(ex.error.message, new RegExp(`${elsewhere.url}/stolen`));
      assert.equal(ex.response?.status, 307);
      assert.equal(ex.result, undefined);
    }
    assert.equal(elsewhere.requests.length, 0, 'nothing reached the redirect target');
    assert.equal(srv.hits('/redirect').length, 2);
  });

  it('429 then 200: retried once, the retry carries a fresh assertion (new jti)', async () => {
    const ex = await clientCredentials(pkjwt('/429-then-ok'));
    assert.equal(ex.error, undefined, JSON.stringify(ex.error));
    assert.equal(ex.attempts, 2);
    const hits = srv.hits('/429-then-ok');
    assert.equal(hits.length, 2);
    const [a, b] = hits.map((h) => decodeJwt(h.form.get('client_assertion')!).claims) as [Record<string, unknown>, Record<string, unknown>];
    assert.notEqual(a.jti, b.jti);
    assert.equal(ex.assertion?.claims.jti, b.jti, 'the exchange shows the assertion of the attempt that answered');
  });

  it('503 with an HTTP-date Retry-After is honoured', async () => {
    const t0 = Date.now();
    const ex = await clientCredentials(pkjwt('/503-date-then-ok'));
    assert.equal(ex.error, undefined, JSON.stringify(ex.error));
    assert.equal(ex.attempts, 2);
    // An HTTP date has 1 s resolution: 2 s ahead means at least ~1 s of waiting.
    assert.ok(Date.now() - t0 >= 900, `waited for the date (${Date.now() - t0} ms)`);
  });

  it('retries are bounded (default 2) and then reported', async () => {
    const ex = await clientCredentials(pkjwt('/always-503'));
    assert.equal(ex.attempts, 3);
    assert.equal(srv.hits('/always-503').length, 3);
    assert.equal(ex.error?.code, 'OAUTH_OTHER', 'its JSON error body is parsed');
    assert.equal(ex.error?.status, 503);
    assert.match(ex.error.message, /unavailable \(Retry-After: 0\); gave up after 3 attempts/);
    const once = await clientCredentials(pkjwt('/always-503', { retry: { maxRetries: 0 } }));
    assert.equal(once.attempts, 1);
  });

  it('a Retry-After beyond the cap is not waited for', async () => {
    const t0 = Date.now();
    const ex = await clientCredentials(basic('/429-long'));
    assert.equal(ex.attempts, 1);
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(ex.error?.code, 'HTTP_STATUS', 'no body: a plain HTTP status error');
    assert.match(ex.error.message, /rate limiting \(Retry-After: 3600\); gave up after 1 attempt\./);
  });

  it('Cancel during the retry wait ends at once with HTTP_ABORTED', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    const ex = await clientCredentials(basic('/429-wait', { signal: ac.signal }));
    assert.equal(ex.error?.code, 'HTTP_ABORTED');
    assert.ok(Date.now() - t0 < 2000);
  });

  it('headers timeout, stalled body, cancel and size cap end as typed errors and close the connection', async () => {
    const h = await clientCredentials(basic('/slow-headers', { timeouts: { headersMs: 150 } }));
    assert.equal(h.error?.code, 'HTTP_TIMEOUT');
    assert.match(h.error.message, /headers/);
    await srv.hits('/slow-headers').at(-1)!.closed;

    const b = await clientCredentials(basic('/stall', { timeouts: { bodyMs: 150 } }));
    assert.equal(b.error?.code, 'HTTP_TIMEOUT');
    assert.match(b.error.message, /body/);
    assert.equal(b.response?.status, 200, 'the response head is kept');
    await srv.hits('/stall').at(-1)!.closed;

    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const c = await clientCredentials(basic('/slow-headers', { signal: ac.signal }));
    assert.equal(c.error?.code, 'HTTP_ABORTED');
    await srv.hits('/slow-headers').at(-1)!.closed;

    const big = await clientCredentials(basic('/big', { maxResponseBytes: 10_000 }));
    assert.equal(big.error?.code, 'HTTP_TOO_LARGE');
  });

  it('plain http to a non-loopback token endpoint is refused before sending, unless allowed', async () => {
    const ctx = basic('/x');
    ctx.profile.endpoints = { token: 'http://auth.example.invalid/token' };
    await assert.rejects(clientCredentials(ctx), (e: unknown) => (e as { code?: string }).code === 'CONFIG_INSECURE_HTTP');
    ctx.profile.allowInsecureHttp = true;
    const ex = await clientCredentials(ctx, {});
    assert.equal(ex.error?.code, 'HTTP_NETWORK', 'allowed: it was attempted (and fails to resolve)');
  });
});
