import assert from 'node:assert/strict';
import type { CallContext } from '../../src/core/client-auth';
import { deviceCode, type UserCodeInfo } from '../../src/core/operations/device-code';
import type { DemoClientName } from '../fixtures/auth-server';
import { startMisbehavingServer, type MisbehavingServer } from '../fixtures/misbehaving-server';
import { TestBrowser, type Page } from '../helpers/browser';
import { expectFlowFailure } from './expect-flow-failure';
import { useAuthServer } from './server-context';

/** Records the requested waits and waits only a moment (the server's interval is 5 s). */
function fastSleep(delays: number[], realMs = 50) {
  return (ms: number, signal?: AbortSignal): Promise<void> => {
    delays.push(ms);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(resolve, realMs);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  };
}

describe('deviceCode (RFC 8628) against oidc-provider', () => {
  const server = useAuthServer();

  const ctxFor = (name: DemoClientName): CallContext => server.contextFor(name, { id: `p-${name}`, name, scope: 'openid' });

  /** The user at the verification URI: enters the code, confirms (or aborts), signs in, consents. */
  async function userAtVerificationUri(info: UserCodeInfo, abort = false): Promise<Page> {
    const browser = new TestBrowser();
    const input = await browser.request(info.verificationUri);
    const confirm = await browser.submit(input, { user_code: info.userCode });
    assert.match(confirm.html, /op\.deviceConfirmForm/, 'confirmation page');
    if (abort) return browser.submit(confirm, { abort: 'yes' }, ['confirm']);
    return browser.loginAndConsent(await browser.submit(confirm), 'device-user');
  }

  it('polls while the user approves in the browser, then returns tokens (private_key_jwt at both endpoints)', async () => {
    const delays: number[] = [];
    let approval: Promise<Page> | undefined;
    let shown: UserCodeInfo | undefined;
    const r = await deviceCode(ctxFor('rsaJwt'), {
      sleep: fastSleep(delays),
      onUserCode: (info) => {
        shown = info;
        approval = userAtVerificationUri(info);
      },
    });
    const page = await approval!;
    assert.equal(page.status, 200);
    assert.ok(shown);
    assert.match(shown.userCode, /\S/);
    assert.ok(shown.verificationUri.startsWith(server.as.issuer));
    assert.ok(shown.verificationUriComplete?.includes('user_code='));
    assert.equal(shown.interval, 5, 'RFC 8628 default interval when the server names none');
    assert.equal(typeof r.tokens?.access_token, 'string');
    assert.equal(typeof r.tokens?.id_token, 'string');
    assert.ok(r.polls >= 1);
    assert.ok(
      delays.every((d) => d === 5000),
      `waits were ${delays.join(',')}`,
    );
    const [auth] = r.exchanges;
    assert.equal(auth!.operation, 'device_authorization');
    assert.ok(auth!.assertion, 'the device authorization endpoint got the client assertion');
    const last = r.exchanges[r.exchanges.length - 1]!;
    assert.equal(last.operation, 'device_code');
    assert.ok(last.assertion && last.assertion.claims['jti'] !== auth!.assertion.claims['jti']);
    assert.ok(!JSON.stringify(shown).includes('device_code'), 'the device_code is not shown to the user');
  });

  it('works for a public client (authMethod none: client_id in the body)', async () => {
    let approval: Promise<Page> | undefined;
    const r = await deviceCode(ctxFor('none'), {
      sleep: fastSleep([]),
      onUserCode: (info) => void (approval = userAtVerificationUri(info)),
    });
    await approval;
    assert.equal(typeof r.tokens?.access_token, 'string', JSON.stringify(r.exchanges.map((e) => e.error)));
  });

  it('the user aborting → FlowFailure OAUTH_ACCESS_DENIED, polling stops', async () => {
    let approval: Promise<Page> | undefined;
    const delays: number[] = [];
    const err = await expectFlowFailure(
      deviceCode(ctxFor('basic'), { sleep: fastSleep(delays), onUserCode: (info) => void (approval = userAtVerificationUri(info, true)) }),
      'OAUTH_ACCESS_DENIED',
    );
    await approval;
    const last = err.exchanges[err.exchanges.length - 1]!;
    assert.equal(last.error?.oauth?.error, 'access_denied');
    const pollsBefore = delays.length;
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(delays.length, pollsBefore, 'no polling after the denial');
  });

  it('cancel while polling → FLOW_CANCELLED', async () => {
    const ac = new AbortController();
    const flow = deviceCode(ctxFor('basic'), {
      signal: ac.signal,
      sleep: fastSleep([], 10_000),
      onUserCode: () => setTimeout(() => ac.abort(), 30),
    });
    const err = await expectFlowFailure(flow, 'FLOW_CANCELLED');
    assert.equal(err.exchanges[0]!.operation, 'device_authorization');
  });

  it('cancel with the real timer stops at once (no 5 s wait)', async () => {
    const ac = new AbortController();
    const started = Date.now();
    await expectFlowFailure(
      deviceCode(ctxFor('basic'), { signal: ac.signal, onUserCode: () => setTimeout(() => ac.abort(), 30) }),
      'FLOW_CANCELLED',
    );
    assert.ok(Date.now() - started < 2000);
  });
});

describe('deviceCode: slow_down and expired_token (a server that sends them on demand)', () => {
  let srv: MisbehavingServer;
  afterEach(async () => {
    await srv?.close();
  });

  const deviceAuth = {
    device_code: 'dev-code-123',
    user_code: 'WDJB-MJHT',
    verification_uri: 'https://as.example/device',
    expires_in: 600,
    interval: 2,
  };
  const err = (error: string) => ({ kind: 'respond' as const, status: 400, body: { error } });
  function ctx(): CallContext {
    return {
      profile: {
        id: 'p',
        name: 'p',
        issuer: srv.url,
        clientId: 'c',
        authMethod: 'none',
        endpoints: { device_authorization: `${srv.url}/device`, token: `${srv.url}/token` },
      },
      secrets: {},
    };
  }

  it('slow_down adds 5 s to the interval for every later poll', async () => {
    srv = await startMisbehavingServer({
      '/device': { kind: 'respond', body: deviceAuth },
      '/token': [
        err('authorization_pending'),
        err('slow_down'),
        err('authorization_pending'),
        err('slow_down'),
        { kind: 'respond', body: { access_token: 'at-1', token_type: 'Bearer', expires_in: 60 } },
      ],
    });
    const delays: number[] = [];
    const r = await deviceCode(ctx(), { sleep: fastSleep(delays, 1), onUserCode: () => undefined });
    assert.deepEqual(delays, [2000, 2000, 7000, 7000, 12000]);
    assert.equal(r.tokens?.access_token, 'at-1');
    assert.equal(r.polls, 5);
    assert.deepEqual(
      r.exchanges.map((e) => e.error?.oauth?.error ?? e.operation),
      ['device_authorization', 'slow_down', 'slow_down', 'device_code'],
      'plain authorization_pending polls are not kept',
    );
    assert.ok(
      srv
        .hits('/token')
        .every(
          (h) =>
            h.form.get('device_code') === 'dev-code-123' && h.form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code',
        ),
    );
  });

  it('expired_token → FlowFailure OAUTH_EXPIRED_TOKEN', async () => {
    srv = await startMisbehavingServer({
      '/device': { kind: 'respond', body: deviceAuth },
      '/token': [err('authorization_pending'), err('expired_token')],
    });
    await expectFlowFailure(deviceCode(ctx(), { sleep: fastSleep([], 1), onUserCode: () => undefined }), 'OAUTH_EXPIRED_TOKEN');
    assert.equal(srv.hits('/token').length, 2);
  });

  it('stops locally after expires_in without approval → FLOW_TIMEOUT', async () => {
    srv = await startMisbehavingServer({
      '/device': { kind: 'respond', body: { ...deviceAuth, expires_in: 1, interval: 1 } },
      '/token': err('authorization_pending'),
    });
    await expectFlowFailure(deviceCode(ctx(), { sleep: fastSleep([], 400), onUserCode: () => undefined }), 'FLOW_TIMEOUT');
  });

  it('a failed device authorization resolves with its exchange (nothing shown, no polling)', async () => {
    srv = await startMisbehavingServer({ '/device': err('invalid_client'), '/token': err('authorization_pending') });
    let shown = false;
    const r = await deviceCode(ctx(), { sleep: fastSleep([], 1), onUserCode: () => void (shown = true) });
    assert.equal(shown, false);
    assert.equal(r.tokens, undefined);
    assert.equal(r.exchanges[0]!.error?.code, 'OAUTH_INVALID_CLIENT');
    assert.equal(srv.hits('/token').length, 0);
  });

  // The panel opens these in the user's browser: only web pages (SECURITY.md 13, "javascript:").
  for (const [field, value] of [
    ['verification_uri', 'javascript:alert(1)'],
    ['verification_uri', 'file:///etc/passwd'],
    ['verification_uri', 'vscode://vscode.git/clone?url=https%3A%2F%2Fevil.example'],
    ['verification_uri', '/device'],
    ['verification_uri', 'http://as.example/device'],
    ['verification_uri_complete', 'javascript:alert(1)'],
    ['verification_uri_complete', 'file:///etc/passwd'],
    ['verification_uri_complete', 'vscode://ms-vscode.remote-server/connect'],
  ] as const) {
    it(`a ${field} of ${value} → RESPONSE_INVALID naming the field; nothing shown, no polling`, async () => {
      srv = await startMisbehavingServer({
        '/device': { kind: 'respond', body: { ...deviceAuth, [field]: value } },
        '/token': err('authorization_pending'),
      });
      let shown: UserCodeInfo | undefined;
      const r = await deviceCode(ctx(), { sleep: fastSleep([], 1), onUserCode: (info) => void (shown = info) });
      assert.equal(shown, undefined, 'the URI never reached the caller');
      assert.equal(r.tokens, undefined);
      assert.equal(r.exchanges.length, 1);
      assert.equal(r.exchanges[0]!.error?.code, 'RESPONSE_INVALID');
      assert.match(r.exchanges[0]!.error?.message ?? '', new RegExp(`"${field}" is .*not opened`));
      assert.equal(srv.hits('/token').length, 0, 'no poll');
    });
  }

  it("https verification URIs, and http ones on loopback (or with the profile's allowInsecureHttp), are passed on", async () => {
    srv = await startMisbehavingServer({
      '/device': [
        {
          kind: 'respond',
          body: {
            ...deviceAuth,
            verification_uri: 'http://127.0.0.1:8080/device',
            verification_uri_complete: 'https://as.example/device?user_code=WDJB-MJHT',
          },
        },
        { kind: 'respond', body: { ...deviceAuth, verification_uri: 'http://as.test/device' } },
      ],
      '/token': { kind: 'respond', body: { access_token: 'at-1', token_type: 'Bearer', expires_in: 60 } },
    });
    let shown: UserCodeInfo | undefined;
    await deviceCode(ctx(), { sleep: fastSleep([], 1), onUserCode: (info) => void (shown = info) });
    assert.equal(shown?.verificationUri, 'http://127.0.0.1:8080/device');
    assert.equal(shown?.verificationUriComplete, 'https://as.example/device?user_code=WDJB-MJHT');
    const insecure = ctx();
    insecure.profile = { ...insecure.profile, allowInsecureHttp: true };
    await deviceCode(insecure, { sleep: fastSleep([], 1), onUserCode: (info) => void (shown = info) });
    assert.equal(shown?.verificationUri, 'http://as.test/device');
  });

  it('a device authorization response without user_code → RESPONSE_INVALID', async () => {
    srv = await startMisbehavingServer({
      '/device': { kind: 'respond', body: { device_code: 'x', verification_uri: 'https://a', expires_in: 60 } },
    });
    const r = await deviceCode(ctx(), { sleep: fastSleep([], 1), onUserCode: () => undefined });
    assert.equal(r.exchanges[0]!.error?.code, 'RESPONSE_INVALID');
    assert.match(r.exchanges[0]!.error?.message ?? '', /user_code/);
  });
});
