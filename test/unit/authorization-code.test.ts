import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CallContext } from '../../src/core/client-auth';
import { ConfigError } from '../../src/core/errors';
import { authorizationCode } from '../../src/core/operations/authorization-code';
import { startLoopbackListener } from '../../src/core/operations/loopback-listener';
import type { DemoClientName } from '../fixtures/auth-server';
import { startMisbehavingServer, type MisbehavingServer } from '../fixtures/misbehaving-server';
import { TestBrowser, type Page } from '../helpers/browser';
import { expectFlowFailure } from './expect-flow-failure';
import { useAuthServer } from './server-context';

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('authorizationCode (PKCE, loopback redirect, PAR) against oidc-provider', () => {
  const server = useAuthServer();

  const ctxFor = (name: DemoClientName): CallContext => server.contextFor(name, { id: `p-${name}`, name, scope: 'openid profile' });

  /** openBrowser that plays the user: follows the URL, signs in, consents, lands on the loopback page. */
  function userApproves(browser: TestBrowser, seen: { url?: string; last?: Page }) {
    return async (url: string): Promise<void> => {
      seen.url = url;
      seen.last = await browser.loginAndConsent(await browser.request(url));
    };
  }

  it('completes code + PKCE with client_secret_basic: tokens, verified ID token, listener closed, inert callback page', async () => {
    const browser = new TestBrowser();
    const seen: { url?: string; last?: Page } = {};
    const r = await authorizationCode(ctxFor('basic'), { openBrowser: userApproves(browser, seen) });

    const authUrl = new URL(seen.url!);
    assert.equal(authUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.match(authUrl.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(authUrl.searchParams.get('code_verifier'), null, 'the verifier never goes through the browser');
    assert.ok(authUrl.searchParams.get('nonce'), 'openid scope → nonce');
    const redirect = new URL(authUrl.searchParams.get('redirect_uri')!);
    assert.equal(redirect.hostname, '127.0.0.1');
    assert.equal(redirect.pathname, '/callback');
    assert.equal(r.redirectUri, redirect.toString());

    assert.equal(r.exchanges.length, 1);
    const token = r.exchanges[0]!;
    assert.equal(token.operation, 'authorization_code');
    assert.equal(token.error, undefined, token.error?.message);
    const form = Object.fromEntries((token.request.form ?? []).map((p) => [p.name, p.value]));
    assert.equal(form['grant_type'], 'authorization_code');
    assert.equal(form['redirect_uri'], redirect.toString());
    assert.match(form['code_verifier'] ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.ok(
      token.request.headers.some((h) => h.name === 'authorization' && h.secret),
      'client auth by the one mechanism (Basic)',
    );
    assert.equal(typeof r.tokens?.access_token, 'string');
    assert.equal(r.idToken?.verified, true, r.idToken?.error?.message);
    assert.equal(r.idToken?.claims['nonce'], authUrl.searchParams.get('nonce'));
    assert.equal(r.idToken?.claims['sub'], 'alice');

    // The loopback page: plain, says the tab can be closed, reflects nothing from the request.
    assert.equal(seen.last?.url.startsWith(redirect.origin), true);
    assert.match(seen.last.html, /You can close this tab/);
    const code = new URL(seen.last.url).searchParams.get('code')!;
    assert.ok(!seen.last.html.includes(code) && !seen.last.html.includes(authUrl.searchParams.get('state')!));
    assert.equal(await portAccepts(Number(redirect.port)), false, 'listener closed after the callback');
  });

  it('uses PAR with private_key_jwt: the browser carries only client_id + request_uri; PAR and token both carry a fresh assertion', async () => {
    const browser = new TestBrowser();
    const seen: { url?: string; last?: Page } = {};
    const r = await authorizationCode(ctxFor('rsaJwt'), { usePar: true, openBrowser: userApproves(browser, seen) });
    const authUrl = new URL(seen.url!);
    assert.deepEqual([...authUrl.searchParams.keys()].sort(), ['client_id', 'request_uri']);
    assert.deepEqual(
      r.exchanges.map((e) => e.operation),
      ['par', 'authorization_code'],
    );
    const [par, token] = r.exchanges;
    assert.equal(par!.error, undefined, par!.error?.message);
    assert.ok(par!.request.form?.some((p) => p.name === 'code_challenge'));
    assert.ok(par!.assertion && token!.assertion, 'both requests authenticated with an assertion');
    assert.notEqual(par!.assertion.claims['jti'], token!.assertion.claims['jti']);
    assert.equal(typeof r.tokens?.access_token, 'string', token!.error?.message);
    assert.equal(r.idToken?.verified, true);
  });

  it('uses PAR with client_secret_basic (client authenticated by the Authorization header)', async () => {
    const browser = new TestBrowser();
    const seen: { url?: string; last?: Page } = {};
    const r = await authorizationCode(ctxFor('basic'), { usePar: true, openBrowser: userApproves(browser, seen) });
    assert.equal(r.exchanges[0]!.error, undefined, r.exchanges[0]!.error?.message);
    assert.ok(r.exchanges[0]!.request.headers.some((h) => h.name === 'authorization'));
    assert.equal(typeof r.tokens?.access_token, 'string');
  });

  it('uses PAR automatically when the server requires it', async () => {
    const browser = new TestBrowser();
    const seen: { url?: string; last?: Page } = {};
    const ctx = ctxFor('ecJwt');
    ctx.metadata = { ...server.metadata, require_pushed_authorization_requests: true };
    const r = await authorizationCode(ctx, { openBrowser: userApproves(browser, seen) });
    assert.equal(r.exchanges[0]!.operation, 'par');
    assert.ok(new URL(seen.url!).searchParams.has('request_uri'));
    assert.equal(typeof r.tokens?.access_token, 'string');
  });

  it('state mismatch → FLOW_STATE_MISMATCH, the code is not redeemed', async () => {
    // The redirect back to the listener is tampered with, as by a forged or stale response.
    const browser = new TestBrowser((u) => {
      const url = new URL(u);
      if (url.pathname === '/callback' && url.searchParams.has('state')) url.searchParams.set('state', 'forged');
      return url.toString();
    });
    const err = await expectFlowFailure(
      authorizationCode(ctxFor('basic'), { openBrowser: async (url) => void (await browser.loginAndConsent(await browser.request(url))) }),
      'FLOW_STATE_MISMATCH',
    );
    assert.equal(err.exchanges.length, 0, 'no token request was made');
    assert.match(err.message, /NOT redeemed/);
  });

  it('a forged callback with script in its parameters gets the static page and fails the flow', async () => {
    let body = '';
    const err = await expectFlowFailure(
      authorizationCode(ctxFor('basic'), {
        openBrowser: async (url) => {
          const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
          redirect.search = new URLSearchParams({ code: '<script>alert(1)</script>', state: '"><img src=x onerror=alert(1)>' }).toString();
          const res = await fetch(redirect);
          body = await res.text();
          assert.equal(res.headers.get('content-security-policy')?.startsWith("default-src 'none'"), true);
        },
      }),
      'FLOW_STATE_MISMATCH',
    );
    assert.ok(err);
    assert.match(body, /You can close this tab/);
    assert.ok(!/<script|onerror|<img/i.test(body), 'no reflected input');
  });

  it('an error redirect echoing the client secret and a JWT in error_description: the message quotes it masked and short (SECURITY.md 19)', async () => {
    const ctx = ctxFor('basic');
    const secret = ctx.secrets.clientSecret!;
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2aWN0aW0ifQ.c2lnbmF0dXJlLXZhbHVlLXNlY3JldA';
    const err = await expectFlowFailure(
      authorizationCode(ctx, {
        openBrowser: async (url) => {
          const auth = new URL(url);
          const redirect = new URL(auth.searchParams.get('redirect_uri')!);
          redirect.search = new URLSearchParams({
            error: 'invalid_request',
            error_description: `client_secret=${secret} token ${jwt} ${'x'.repeat(5000)}`,
            state: auth.searchParams.get('state')!,
          }).toString();
          await fetch(redirect);
        },
      }),
      'OAUTH_INVALID_REQUEST',
    );
    assert.ok(!err.message.includes(secret), err.message);
    assert.ok(!err.message.includes(jwt.slice(20)), err.message);
    assert.ok(err.message.length < 600, `the description is quoted short (${err.message.length} chars)`);
  });

  it('the user aborting at the authorization server → OAUTH_ACCESS_DENIED', async () => {
    const browser = new TestBrowser();
    await expectFlowFailure(
      authorizationCode(ctxFor('basic'), {
        openBrowser: async (url) => {
          const login = await browser.request(url);
          // oidc-provider's dev interactions: GET /interaction/:uid/abort
          await browser.request(`${login.url.replace(/\/$/, '')}/abort`);
        },
      }),
      'OAUTH_ACCESS_DENIED',
    );
  });

  it('cancel closes the listener: the port no longer accepts connections', async () => {
    const ac = new AbortController();
    let port = 0;
    const flow = authorizationCode(ctxFor('basic'), {
      signal: ac.signal,
      openBrowser: (url) => {
        port = Number(new URL(new URL(url).searchParams.get('redirect_uri')!).port);
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(port > 0);
    assert.equal(await portAccepts(port), true, 'listening while waiting');
    ac.abort();
    await expectFlowFailure(flow, 'FLOW_CANCELLED');
    assert.equal(await portAccepts(port), false);
  });

  it('timeout → FLOW_TIMEOUT and the listener is closed', async () => {
    let port = 0;
    await expectFlowFailure(
      authorizationCode(ctxFor('basic'), {
        timeoutMs: 150,
        openBrowser: (url) => {
          port = Number(new URL(new URL(url).searchParams.get('redirect_uri')!).port);
        },
      }),
      'FLOW_TIMEOUT',
    );
    assert.equal(await portAccepts(port), false);
  });

  it('refuses a non-loopback redirect URI before anything is sent', async () => {
    let opened = false;
    await assert.rejects(
      authorizationCode(ctxFor('basic'), { redirectUri: 'https://app.example/callback', openBrowser: () => void (opened = true) }),
      (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INVALID' && /loopback/.test(e.message),
    );
    assert.equal(opened, false);
  });

  it('loopback listener: answers 404 off the callback path and only takes the first callback', async () => {
    const l = await startLoopbackListener({ timeoutMs: 5000 });
    const base = new URL(l.redirectUri);
    assert.equal((await fetch(new URL('/favicon.ico', base))).status, 404);
    assert.equal((await fetch(`${l.redirectUri}?code=a&state=b`)).status, 200);
    const { params } = await l.callback;
    assert.equal(params.get('code'), 'a');
    assert.equal(await portAccepts(Number(base.port)), false);
  });
});

describe('authorizationCode: ID token nonce and RFC 9207 iss (a server that sends bad values on demand)', () => {
  let srv: MisbehavingServer;
  let routes: Record<string, unknown>;
  let sign: (claims: Record<string, unknown>, other?: boolean) => Promise<string>;
  before(async () => {
    const good = await generateKeyPair('ES256');
    const other = await generateKeyPair('ES256');
    routes = {};
    srv = await startMisbehavingServer(routes as never);
    routes['/jwks'] = { kind: 'respond', body: { keys: [{ ...(await exportJWK(good.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] } };
    sign = (claims, useOther = false) =>
      new SignJWT({ iss: srv.url, aud: 'client-n', sub: 'u1', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(useOther ? other.privateKey : good.privateKey);
  });
  after(async () => {
    await srv?.close();
  });

  function ctx(): CallContext {
    return {
      profile: {
        id: 'pn',
        name: 'pn',
        issuer: srv.url,
        clientId: 'client-n',
        authMethod: 'none',
        scope: 'openid',
        endpoints: { authorization: `${srv.url}/authorize`, token: `${srv.url}/token`, jwks_uri: `${srv.url}/jwks` },
      },
      secrets: {},
    };
  }

  /** Plays the authorization server's front channel: answers the loopback with a code and the request's state. */
  function redirectWith(
    idTokenClaims: (nonce: string | null) => Promise<Record<string, unknown>>,
    extra: Record<string, string> = {},
    otherKey = false,
  ) {
    return async (url: string): Promise<void> => {
      const u = new URL(url);
      const idToken = await sign(await idTokenClaims(u.searchParams.get('nonce')), otherKey);
      routes['/token'] = { kind: 'respond', body: { access_token: 'at-n', token_type: 'Bearer', expires_in: 60, id_token: idToken } };
      const cb = new URL(u.searchParams.get('redirect_uri')!);
      cb.search = new URLSearchParams({ code: 'c-1', state: u.searchParams.get('state')!, ...extra }).toString();
      await (await fetch(cb)).text();
    };
  }

  it('the right nonce and key → idToken verified', async () => {
    const r = await authorizationCode(ctx(), { openBrowser: redirectWith(async (nonce) => ({ nonce })) });
    assert.equal(r.idToken?.verified, true, r.idToken?.error?.message);
    assert.equal(r.tokens?.access_token, 'at-n');
  });

  it('an ID token with another nonce → FLOW_NONCE_MISMATCH (the exchanges are kept)', async () => {
    const err = await expectFlowFailure(
      authorizationCode(ctx(), { openBrowser: redirectWith(async () => ({ nonce: 'replayed' })) }),
      'FLOW_NONCE_MISMATCH',
    );
    assert.equal(err.exchanges.length, 1);
    assert.equal(err.exchanges[0]!.operation, 'authorization_code');
  });

  it('an ID token without nonce → FLOW_NONCE_MISMATCH', async () => {
    await expectFlowFailure(authorizationCode(ctx(), { openBrowser: redirectWith(async () => ({})) }), 'FLOW_NONCE_MISMATCH');
  });

  it('an ID token signed by another key → tokens returned, idToken not verified (JWT_INVALID)', async () => {
    const r = await authorizationCode(ctx(), { openBrowser: redirectWith(async (nonce) => ({ nonce }), {}, true) });
    assert.equal(r.idToken?.verified, false);
    assert.equal(r.idToken?.error?.code, 'JWT_INVALID');
  });

  it('an "iss" on the redirect naming another server (RFC 9207 mix-up) → refused, code not redeemed', async () => {
    const before = srv.hits('/token').length;
    const err = await expectFlowFailure(
      authorizationCode(ctx(), { openBrowser: redirectWith(async (nonce) => ({ nonce }), { iss: 'https://attacker.example' }) }),
      'FLOW_STATE_MISMATCH',
    );
    assert.match(err.message, /RFC 9207/);
    assert.equal(srv.hits('/token').length, before);
  });
});
