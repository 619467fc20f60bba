/**
 * Faults a real authorization server does not produce on demand, from a local server
 * that misbehaves on purpose, through the engine's own operations: redirects, HTML
 * pages, non-JSON bodies, 429/503 with Retry-After, 5xx, no response at all.
 */
import assert from 'node:assert/strict';
import { clientCredentials, diagnose, parseCurl, type CallContext } from '../../src/core';
import { html500, startMisbehavingServer, type MisbehavingServer } from '../fixtures/misbehaving-server';
import { assertNoSecrets, codes, find, sendDraft } from './diagnose-helpers';

const SECRET = 'misbehaving-secret-0123456789abcdefghij';

describe('diagnose: HTTP faults (misbehaving local server)', () => {
  let mis: MisbehavingServer;
  const httpDate = new Date(Date.now() + 600_000).toUTCString();

  before(async () => {
    mis = await startMisbehavingServer({
      '/redirect-https': { kind: 'redirect', status: 301, location: 'https://127.0.0.1/redirect-https' },
      '/redirect-login': { kind: 'redirect', status: 302, location: '/login?next=/token' },
      '/redirect-away': { kind: 'redirect', status: 307, location: 'https://evil.example/token' },
      '/html500': html500,
      '/html-login': {
        kind: 'respond',
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!DOCTYPE html><html><head><title>Sign in</title></head><body>login</body></html>',
      },
      '/html404': {
        kind: 'respond',
        status: 404,
        headers: { 'content-type': 'text/html' },
        body: '<html><head><title>404 Not Found</title></head><body>nginx</body></html>',
      },
      '/text': { kind: 'respond', status: 200, headers: { 'content-type': 'text/plain' }, body: 'access_token=abc&token_type=bearer' },
      '/rate': { kind: 'retryAfter', status: 429, retryAfter: '7', body: '{"error":"rate_limited"}' },
      '/unavailable': { kind: 'retryAfter', status: 503, retryAfter: httpDate },
      '/boom': { kind: 'respond', status: 502, headers: { 'content-type': 'application/json' }, body: { message: 'upstream failed' } },
      '/slow': { kind: 'slowHeaders', delayMs: 2000 },
    });
  });
  after(async () => {
    await mis?.close();
  });

  const ctxFor = (path: string, http: CallContext['http'] = { retry: { maxRetries: 0 } }): CallContext => ({
    profile: {
      id: 'mis',
      name: 'mis',
      issuer: mis.url,
      clientId: 'mis-client',
      authMethod: 'client_secret_basic',
      endpoints: { token: `${mis.url}${path}` },
    },
    secrets: { clientSecret: SECRET },
    http,
  });
  const run = async (path: string, http?: CallContext['http']) => {
    const ctx = ctxFor(path, http);
    const ex = await clientCredentials(ctx);
    const f = diagnose({ exchange: ex, profile: ctx.profile });
    assertNoSecrets(f, [SECRET]);
    return { ex, f };
  };

  it('301 to https on the same host → REDIRECT_REFUSED saying the endpoint moved to https, with the target as action', async () => {
    const { ex, f } = await run('/redirect-https');
    assert.equal(ex.error?.code, 'HTTP_REDIRECT');
    const r = find(f, 'REDIRECT_REFUSED');
    assert.equal(f[0]?.code, 'REDIRECT_REFUSED');
    assert.match(r.title, /answered 301 \(redirect\) to https:\/\/127\.0\.0\.1\/redirect-https/);
    assert.match(r.fix, /moved the endpoint to https/);
    assert.deepEqual(r.action, {
      kind: 'use-endpoint',
      label: 'Use the redirect target',
      args: { url: 'https://127.0.0.1/redirect-https' },
    });
  });

  it('a pasted curl with client_secret in the URL, redirected: no URL in the findings shows the secret', async () => {
    const draft = parseCurl(
      `curl -X POST '${mis.url}/redirect-https?client_id=c&client_secret=${SECRET}' -d grant_type=client_credentials`,
    );
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.code, 'HTTP_REDIRECT');
    const f = diagnose({ exchange: ex });
    find(f, 'REDIRECT_REFUSED');
    find(f, 'SECRET_IN_QUERY');
    assert.ok(JSON.stringify(f).includes(`client_secret=<client_secret: ${SECRET.length} chars>`));
    assertNoSecrets(f, [SECRET]);
  });

  it('302 to a login page → REDIRECT_REFUSED explaining the URL is for browsers', async () => {
    const r = find((await run('/redirect-login')).f, 'REDIRECT_REFUSED');
    assert.match(r.fix, /login page/);
  });

  it('307 to another host → REDIRECT_REFUSED, no action offered', async () => {
    const r = find((await run('/redirect-away')).f, 'REDIRECT_REFUSED');
    assert.match(r.fix, /another host \(evil\.example\)/);
    assert.equal(r.action, undefined);
  });

  it('an HTML 500 page → HTML_RESPONSE quoting the page title, and SERVER_ERROR', async () => {
    const { f } = await run('/html500');
    const h = find(f, 'HTML_RESPONSE');
    assert.match(h.title, /HTTP 500 with an HTML page \("500 Internal Server Error"\)/);
    assert.ok(h.evidence.includes('Content-Type: text/html'));
    find(f, 'SERVER_ERROR');
  });

  it('an HTML login page with 200 → HTML_RESPONSE with the login-page fix; a 404 page → the wrong-URL fix', async () => {
    assert.match(find((await run('/html-login')).f, 'HTML_RESPONSE').fix, /login page answered/);
    assert.match(find((await run('/html404')).f, 'HTML_RESPONSE').fix, /URL is wrong \(404 page\)/);
  });

  it('a text/plain body → RESPONSE_NOT_JSON with an escaped excerpt', async () => {
    const n = find((await run('/text')).f, 'RESPONSE_NOT_JSON');
    assert.ok(n.evidence.includes('body starts: "access_token=…&token_type=bearer"'), n.evidence.join('\n'));
  });

  it('429 with Retry-After: 7 → RATE_LIMITED with a retry-later action', async () => {
    const { ex, f } = await run('/rate');
    assert.equal(ex.response?.status, 429);
    const r = find(f, 'RATE_LIMITED');
    assert.match(r.title, /Rate limited \(429 Too Many Requests\): retry in 7 s/);
    assert.deepEqual(r.action, { kind: 'retry-later', label: 'Retry in 7 s', args: { seconds: '7' } });
  });

  it('503 with an HTTP-date Retry-After → RATE_LIMITED converting the date to a wait', async () => {
    const r = find((await run('/unavailable')).f, 'RATE_LIMITED');
    assert.match(r.title, /^Service unavailable \(503\): retry in \d+ min( \d+ s)?$/);
    const seconds = Number(r.action?.args?.seconds);
    assert.ok(seconds > 400 && seconds <= 600, `Retry-After date → ${seconds} s`);
    assert.ok(r.evidence.includes(`Retry-After: ${httpDate}`));
  });

  it('502 with a JSON body that is not an OAuth error → SERVER_ERROR', async () => {
    const { f } = await run('/boom');
    assert.equal(f[0]?.code, 'SERVER_ERROR', JSON.stringify(codes(f)));
  });

  it('no response within the headers timeout → TRANSPORT_FAILED with a retry action', async () => {
    const { ex, f } = await run('/slow', { retry: { maxRetries: 0 }, timeouts: { headersMs: 150 } });
    assert.equal(ex.error?.code, 'HTTP_TIMEOUT');
    const t = find(f, 'TRANSPORT_FAILED');
    assert.equal(t.title, 'The request timed out');
    assert.deepEqual(t.action?.kind, 'retry');
  });

  it('connection refused → TRANSPORT_FAILED naming the network error', async () => {
    const ctx: CallContext = {
      profile: {
        id: 'x',
        name: 'x',
        issuer: 'http://127.0.0.1:1',
        clientId: 'c',
        authMethod: 'client_secret_basic',
        endpoints: { token: 'http://127.0.0.1:1/token' },
      },
      secrets: { clientSecret: SECRET },
    };
    const ex = await clientCredentials(ctx);
    const t = find(diagnose({ exchange: ex, profile: ctx.profile }), 'TRANSPORT_FAILED');
    assert.equal(t.title, 'No HTTP response: the connection failed');
    assert.ok(t.evidence.some((e) => e.startsWith('error HTTP_NETWORK:')));
  });
});
