import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSafeUrl } from '../../src/core/http/safe-url';
import { createDispatcher } from '../../src/core/http/dispatcher';
import { parseRetryAfter, retryDelay } from '../../src/core/http/retry';
import { DEFAULT_MAX_RESPONSE_BYTES, sendHttp, TransportError } from '../../src/core/http/transport';
import { ConfigError } from '../../src/core/errors';
import type { HttpRequestRecord, HttpResponseRecord } from '../../src/core/types';
import { startMisbehavingServer, type MisbehavingServer } from '../fixtures/misbehaving-server';
import { startConnectProxy, type ConnectProxy } from '../fixtures/connect-proxy';
import { startUnacceptingServer, type UnacceptingServer } from '../fixtures/unaccepting-server';

const SECRET = 'S3cr3t-never-leaves-the-original-origin';

function post(url: string): HttpRequestRecord {
  return {
    method: 'POST',
    url,
    headers: [{ name: 'authorization', value: `Basic ${Buffer.from(`id:${SECRET}`).toString('base64')}`, secret: true }],
    form: [
      { name: 'grant_type', value: 'client_credentials' },
      { name: 'scope', value: 'a b' },
    ],
  };
}

async function rejects(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof TransportError, `expected TransportError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

/** Resolves when the server saw the connection closed, fails after `ms`. */
async function closedWithin(closed: Promise<void>, ms: number): Promise<void> {
  let t: NodeJS.Timeout | undefined;
  await Promise.race([
    closed,
    new Promise((_r, reject) => {
      t = setTimeout(() => reject(new Error(`connection still open after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

describe('http transport (sendHttp)', () => {
  let srv: MisbehavingServer;
  let elsewhere: MisbehavingServer;

  before(async () => {
    elsewhere = await startMisbehavingServer({ '/landing': { kind: 'respond', body: { ok: true } } });
    srv = await startMisbehavingServer({
      '/json': { kind: 'respond', body: { hello: 'world' } },
      '/text-json': { kind: 'respond', headers: { 'content-type': 'text/plain' }, body: '{"a":1}' },
      '/html': { kind: 'respond', status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>x</h1>' },
      '/redirect': { kind: 'redirect', location: `${elsewhere.url}/landing` },
      '/big': { kind: 'oversized', bytes: 4096 },
      '/big-chunked': { kind: 'slowBody', chunks: ['{"a":"', 'x'.repeat(3000), 'x'.repeat(3000), '"}'], delayMs: 5 },
      '/slow-headers': { kind: 'slowHeaders', delayMs: 5000 },
      '/stall': { kind: 'slowBody', chunks: ['{"access_token":'], delayMs: 10, stall: true },
      '/trickle': { kind: 'slowBody', chunks: Array.from({ length: 50 }, () => ' '), delayMs: 100 },
      '/slowish': { kind: 'slowHeaders', delayMs: 300 },
      '/at-default-cap': { kind: 'respond', headers: { 'content-type': 'text/plain' }, body: 'a'.repeat(DEFAULT_MAX_RESPONSE_BYTES) },
      '/over-default-cap': { kind: 'respond', headers: { 'content-type': 'text/plain' }, body: 'a'.repeat(DEFAULT_MAX_RESPONSE_BYTES + 1) },
      ...Object.fromEntries(
        ([301, 302, 303, 307, 308] as const).map((status) => [
          `/redirect-${status}`,
          { kind: 'redirect' as const, location: `${elsewhere.url}/landing`, status },
        ]),
      ),
    });
  });
  after(async () => {
    await srv?.close();
    await elsewhere?.close();
  });

  it('sends the form url-encoded with the headers it needs and parses JSON', async () => {
    const { request, response, timings } = await sendHttp(post(`${srv.url}/json`));
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, { hello: 'world' });
    const hit = srv.hits('/json').at(-1)!;
    assert.equal(hit.body, 'grant_type=client_credentials&scope=a+b');
    assert.equal(hit.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(hit.headers.accept, 'application/json');
    assert.ok(
      request.headers.some((h) => h.name === 'user-agent'),
      'the record shows the headers actually sent',
    );
    assert.ok(timings.totalMs >= 0 && typeof timings.headersMs === 'number');
  });

  it('parses a JSON-looking body even with a text content type, and leaves HTML unparsed', async () => {
    assert.deepEqual((await sendHttp({ method: 'GET', url: `${srv.url}/text-json`, headers: [] })).response.json, { a: 1 });
    const html = await sendHttp({ method: 'GET', url: `${srv.url}/html`, headers: [] });
    assert.equal(html.response.status, 500);
    assert.equal(html.response.json, undefined);
    assert.equal(html.response.body, '<h1>x</h1>');
  });

  it('reports a 302 as HTTP_REDIRECT naming the Location and never sends the secret there', async () => {
    const e = await rejects(sendHttp(post(`${srv.url}/redirect`)));
    assert.equal(e.code, 'HTTP_REDIRECT');
    assert.match(e.message, new RegExp(`${elsewhere.url}/landing`));
    assert.equal(e.response?.status, 302);
    assert.equal(elsewhere.hits('/landing').length, 0, 'the redirect target was never contacted');
    assert.ok(!e.message.includes(SECRET));
  });

  it('refuses every redirect status (301, 302, 303, 307, 308) the same way, and contacts no target', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const e = await rejects(sendHttp(post(`${srv.url}/redirect-${status}`)));
      assert.equal(e.code, 'HTTP_REDIRECT', String(status));
      assert.equal(e.response?.status, status);
      assert.match(e.message, new RegExp(`answered ${status} redirecting to ${elsewhere.url}/landing`));
    }
    assert.equal(elsewhere.hits('/landing').length, 0, 'no redirect target was contacted');
  });

  it('applies the DEFAULT 1 MiB cap when no cap is passed: exactly 1 MiB is read, one byte more is HTTP_TOO_LARGE', async () => {
    const ok = await sendHttp({ method: 'GET', url: `${srv.url}/at-default-cap`, headers: [] });
    assert.equal(Buffer.byteLength(ok.response.body), DEFAULT_MAX_RESPONSE_BYTES);
    const e = await rejects(sendHttp({ method: 'GET', url: `${srv.url}/over-default-cap`, headers: [] }));
    assert.equal(e.code, 'HTTP_TOO_LARGE');
    assert.match(e.message, new RegExp(`${DEFAULT_MAX_RESPONSE_BYTES}-byte limit`));
  });

  it('a huge timeout (10,000,000 s from a setting) does not fire at once: timers are capped at 2^31-1 ms', async () => {
    const huge = 10_000_000 * 1000;
    const r = await sendHttp({ method: 'GET', url: `${srv.url}/slowish`, headers: [] }, { timeouts: { headersMs: huge, bodyMs: huge } });
    assert.equal(r.response.status, 200);
  });

  it('stops reading past the size cap (content-length and chunked) with HTTP_TOO_LARGE', async () => {
    const a = await rejects(sendHttp({ method: 'GET', url: `${srv.url}/big`, headers: [] }, { maxResponseBytes: 1024 }));
    assert.equal(a.code, 'HTTP_TOO_LARGE');
    assert.match(a.message, /1024-byte limit/);
    const b = await rejects(sendHttp({ method: 'GET', url: `${srv.url}/big-chunked`, headers: [] }, { maxResponseBytes: 2048 }));
    assert.equal(b.code, 'HTTP_TOO_LARGE');
    // under the cap it is read whole
    const ok = await sendHttp({ method: 'GET', url: `${srv.url}/big`, headers: [] });
    assert.equal(ok.response.status, 200);
  });

  it('times out waiting for headers (HTTP_TIMEOUT, headers phase) and closes the connection', async () => {
    const t0 = Date.now();
    const e = await rejects(sendHttp(post(`${srv.url}/slow-headers`), { timeouts: { headersMs: 200, connectMs: 100 } }));
    assert.equal(e.code, 'HTTP_TIMEOUT');
    assert.match(e.message, /headers timeout/);
    assert.ok(Date.now() - t0 < 2000);
    await closedWithin(srv.hits('/slow-headers').at(-1)!.closed, 2000);
  });

  it('times out a stalled body (HTTP_TIMEOUT, body phase) and closes the connection', async () => {
    const e = await rejects(sendHttp(post(`${srv.url}/stall`), { timeouts: { bodyMs: 200 } }));
    assert.equal(e.code, 'HTTP_TIMEOUT');
    assert.match(e.message, /body timeout/);
    await closedWithin(srv.hits('/stall').at(-1)!.closed, 2000);
  });

  it('bounds the whole body, not just the gap between chunks (slow trickle)', async () => {
    const t0 = Date.now();
    const e = await rejects(sendHttp({ method: 'GET', url: `${srv.url}/trickle`, headers: [] }, { timeouts: { bodyMs: 500 } }));
    assert.equal(e.code, 'HTTP_TIMEOUT');
    assert.ok(Date.now() - t0 < 3000, 'did not wait for the whole 5 s trickle');
    await closedWithin(srv.hits('/trickle').at(-1)!.closed, 2000);
  });

  it('cancels with an AbortSignal (HTTP_ABORTED) and leaves nothing pending', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const e = await rejects(sendHttp(post(`${srv.url}/slow-headers`), { signal: ac.signal }));
    assert.equal(e.code, 'HTTP_ABORTED');
    await closedWithin(srv.hits('/slow-headers').at(-1)!.closed, 2000);
    const pre = new AbortController();
    pre.abort();
    const before = srv.requests.length;
    assert.equal((await rejects(sendHttp(post(`${srv.url}/json`), { signal: pre.signal }))).code, 'HTTP_ABORTED');
    assert.equal(srv.requests.length, before, 'an already-cancelled request is not sent');
  });

  it('explains a refused connection (HTTP_NETWORK: nothing listens at ...)', async () => {
    const dead = await startMisbehavingServer({});
    const url = dead.url;
    await dead.close();
    const e = await rejects(sendHttp({ method: 'GET', url: `${url}/x`, headers: [] }));
    assert.equal(e.code, 'HTTP_NETWORK');
    assert.match(e.message, /Nothing listens at http:\/\/127\.0\.0\.1:\d+/);
  });
});

/** Open TCP sockets of this process (client and server side). */
function openTcpSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
}

describe('http transport: connect timeout (a host that never answers the SYN)', () => {
  let hung: UnacceptingServer;

  before(async function () {
    this.timeout(10_000);
    hung = await startUnacceptingServer(20_000);
  });
  after(async () => {
    await hung?.close();
  });

  it('gives up connecting after timeouts.connectMs (HTTP_TIMEOUT, connect phase) and leaves no socket behind', async () => {
    const sockets = openTcpSockets();
    const t0 = Date.now();
    // headersMs is short too: if the connect timeout were ignored, the fallback deadline
    // (connect + headers) would fire and name the headers phase instead.
    const e = await rejects(sendHttp(post(`${hung.url}/token`), { timeouts: { connectMs: 300, headersMs: 1500 } }));
    const took = Date.now() - t0;
    assert.equal(e.code, 'HTTP_TIMEOUT', e.message);
    assert.match(e.message, /Timed out after 300 ms connecting to http:\/\/127\.0\.0\.1:\d+ \(connect timeout\)/);
    // undici checks connect deadlines on a ~1 s timer: about 1 s, well before the 1.8 s fallback.
    assert.ok(took >= 250 && took < 1700, `rejected after ${took} ms`);
    assert.ok(!e.message.includes(SECRET));
    // A destroyed socket's handle is released on a later tick; it must go soon, not linger.
    for (let i = 0; i < 20 && openTcpSockets() > sockets; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(openTcpSockets(), sockets, 'the half-open connection was closed');
  });

  it('applies the connect timeout of a createDispatcher() dispatcher too', async () => {
    const dispatcher = createDispatcher({ connectMs: 300, proxy: undefined, noProxy: '*' });
    try {
      const t0 = Date.now();
      const e = await rejects(sendHttp(post(`${hung.url}/token`), { dispatcher, timeouts: { connectMs: 300, headersMs: 1500 } }));
      assert.equal(e.code, 'HTTP_TIMEOUT', e.message);
      assert.match(e.message, /\(connect timeout\)/);
      assert.ok(Date.now() - t0 < 1700);
    } finally {
      await dispatcher.close();
    }
  });
});

describe('http: assertSafeUrl', () => {
  it('accepts https and loopback http', () => {
    for (const u of [
      'https://login.example.com/token',
      'http://127.0.0.1:8080/x',
      'http://127.1.2.3/x',
      'http://localhost:3000/',
      'http://[::1]:9/x',
    ]) {
      assert.doesNotThrow(() => assertSafeUrl(u), u);
    }
  });
  it('refuses plain http to other hosts with CONFIG_INSECURE_HTTP unless allowed', () => {
    for (const u of ['http://login.example.com/token', 'http://10.0.0.1/token', 'http://127.0.0.1.evil.com/x']) {
      assert.throws(
        () => assertSafeUrl(u),
        (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INSECURE_HTTP' && /https/.test(e.message),
        u,
      );
    }
    assert.doesNotThrow(() => assertSafeUrl('http://login.example.com/token', true));
  });
  it('refuses non-URLs and other schemes', () => {
    assert.throws(
      () => assertSafeUrl('/token'),
      (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INVALID',
    );
    assert.throws(
      () => assertSafeUrl('ftp://x/y', true),
      (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INVALID',
    );
  });
});

describe('http: Retry-After', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  const r = (status: number, retryAfter?: string): HttpResponseRecord => ({
    status,
    headers: retryAfter ? { 'retry-after': retryAfter } : {},
    body: '',
  });
  it('parses seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:02 GMT', now), 2000);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });
  it('retries only 429/503, at most maxRetries times, never beyond the delay cap', () => {
    assert.equal(retryDelay(r(429, '1'), 0, {}, now), 1000);
    assert.equal(retryDelay(r(503, 'Wed, 01 Jan 2025 00:00:01 GMT'), 1, {}, now), 1000);
    assert.equal(retryDelay(r(503, '1'), 2, {}, now), undefined, 'default 2 retries');
    assert.equal(retryDelay(r(429, '60'), 0, {}, now), undefined, 'asks for longer than the 10 s cap');
    assert.equal(retryDelay(r(500, '1'), 0, {}, now), undefined);
    assert.equal(retryDelay(r(400), 0, {}, now), undefined);
  });
});

describe('http: createDispatcher (proxy, NO_PROXY, extra CA)', () => {
  let target: MisbehavingServer;
  let proxy: ConnectProxy;
  let proxyUrl: string;
  let connects: string[];

  before(async () => {
    target = await startMisbehavingServer({ '/json': { kind: 'respond', body: { via: 'target' } } });
    proxy = await startConnectProxy();
    proxyUrl = proxy.url;
    connects = proxy.connects;
  });
  after(async () => {
    await proxy?.close();
    await target?.close();
  });

  it('goes through the proxy, and around it for NO_PROXY hosts', async () => {
    const viaProxy = createDispatcher({ proxy: proxyUrl, noProxy: '' });
    const r = await sendHttp({ method: 'GET', url: `${target.url}/json`, headers: [] }, { dispatcher: viaProxy });
    assert.deepEqual(r.response.json, { via: 'target' });
    assert.equal(connects.length, 1);
    assert.equal(connects[0], new URL(target.url).host);
    assert.deepEqual(
      proxy.requests,
      [{ authority: new URL(target.url).host, method: 'GET', path: '/json' }],
      'the proxy saw the request inside the tunnel',
    );
    await viaProxy.close();

    const bypass = createDispatcher({ proxy: proxyUrl, noProxy: '127.0.0.1' });
    const r2 = await sendHttp({ method: 'GET', url: `${target.url}/json`, headers: [] }, { dispatcher: bypass });
    assert.equal(r2.response.status, 200);
    assert.equal(connects.length, 1, 'NO_PROXY host did not use the proxy');
    await bypass.close();
  });

  it('rejects a malformed proxy URL with a clear ConfigError', () => {
    assert.throws(
      () => createDispatcher({ proxy: 'socks://x' }),
      (e: unknown) => e instanceof ConfigError && /http\(s\) URL/.test(e.message),
    );
  });

  it('trusts an extra CA only on its own dispatcher; default verification stays on', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'h1-ca-'));
    try {
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:P-256',
            '-nodes',
            '-days',
            '1',
            '-subj',
            '/CN=127.0.0.1',
            '-addext',
            'subjectAltName=IP:127.0.0.1',
            '-keyout',
            join(dir, 'key.pem'),
            '-out',
            join(dir, 'cert.pem'),
          ],
          { stdio: 'ignore' },
        );
      } catch {
        this.skip();
      }
      const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
      const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"tls":true}');
      });
      await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      try {
        const strict = await rejects(sendHttp({ method: 'GET', url, headers: [] }));
        assert.equal(strict.code, 'HTTP_NETWORK');
        assert.match(strict.message, /certificate/i);
        const withCa = createDispatcher({ ca: [cert] });
        const ok = await sendHttp({ method: 'GET', url, headers: [] }, { dispatcher: withCa });
        assert.deepEqual(ok.response.json, { tls: true });
        await withCa.close();
        const again = await rejects(sendHttp({ method: 'GET', url, headers: [] }));
        assert.equal(again.code, 'HTTP_NETWORK', 'the CA was not trusted process-wide');
      } finally {
        server.closeAllConnections();
        await new Promise((res) => server.close(res));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('strictSSL: false (http.proxyStrictSSL) relaxes verification for proxied traffic only', () => {
    // A committed self-signed pair (CN/SAN 127.0.0.1, localhost; valid until 2126).
    const tlsDir = join(__dirname, '..', 'fixtures', 'tls');
    const PROXY_ENV = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
    const savedEnv = new Map<string, string | undefined>();
    let server: ReturnType<typeof createHttpsServer>;
    let url: string;
    let hits = 0;

    before(async () => {
      // "No proxy" must mean none: the environment's proxy variables would count too.
      for (const k of PROXY_ENV) {
        savedEnv.set(k, process.env[k]);
        delete process.env[k];
      }
      server = createHttpsServer(
        { key: readFileSync(join(tlsDir, 'localhost-key.pem')), cert: readFileSync(join(tlsDir, 'localhost-cert.pem')) },
        (_req, res) => {
          hits++;
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"tls":"self-signed"}');
        },
      );
      await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
      url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    });
    after(async () => {
      for (const [k, v] of savedEnv)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      server?.closeAllConnections();
      await new Promise((res) => server?.close(res));
    });

    async function send(options: Parameters<typeof createDispatcher>[0]): Promise<unknown> {
      const dispatcher = createDispatcher(options);
      try {
        return await sendHttp({ method: 'GET', url, headers: [] }, { dispatcher });
      } finally {
        await dispatcher.close();
      }
    }
    async function refusedCertificate(options: Parameters<typeof createDispatcher>[0], why: string): Promise<void> {
      const before = hits;
      const e = await rejects(send(options));
      assert.equal(e.code, 'HTTP_NETWORK', `${why}: ${e.message}`);
      assert.match(e.message, /certificate/i, why);
      assert.equal(hits, before, `${why}: the request never reached the server`);
    }

    it('keeps verifying a direct connection when no proxy is configured', async () => {
      const before = connects.length;
      await refusedCertificate({ strictSSL: false }, 'no proxy, strictSSL false');
      assert.equal(connects.length, before);
    });

    it('keeps verifying a NO_PROXY host even though a proxy is configured', async () => {
      const before = connects.length;
      await refusedCertificate({ proxy: proxyUrl, noProxy: '127.0.0.1', strictSSL: false }, 'NO_PROXY host, strictSSL false');
      assert.equal(connects.length, before, 'the NO_PROXY host went direct');
    });

    it('accepts the certificate through the proxy with strictSSL false, and only then', async () => {
      const before = connects.length;
      await refusedCertificate({ proxy: proxyUrl, noProxy: '' }, 'through the proxy, strictSSL default (true)');
      const r = (await send({ proxy: proxyUrl, noProxy: '', strictSSL: false })) as Awaited<ReturnType<typeof sendHttp>>;
      assert.deepEqual(r.response.json, { tls: 'self-signed' });
      assert.deepEqual(connects.slice(before), [new URL(url).host, new URL(url).host], 'both calls tunnelled through the proxy');
    });
  });
});
