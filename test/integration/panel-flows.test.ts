/**
 * Every operation of the request panel, run from webview messages inside a real
 * VS Code against the local oidc-provider: authorization code + PKCE (a test plays
 * the browser: the panel's opener follows the authorization URL, signs in and
 * consents, the loopback listener gets the code), device code (approved at the
 * verification URI opened through the panel's "open" action while the extension
 * polls), Cancel for both, jwt-bearer, token exchange, refresh / revoke follow-ups,
 * userinfo, the legacy password grant (refused by this server, and said so), and the
 * "Switch audience" fix that re-runs a failed request.
 */
import * as assert from 'node:assert/strict';
import type { TestingApi } from '../../src/extension';
import type { Draft, ExchangeView, HostMessage } from '../../src/webview/protocol';
import { emptyDraft } from '../../src/webview/protocol';
import { TestBrowser, type Page } from '../helpers/browser';
import { addServiceProfile, eventually, resetWorkbench, workbench } from './workbench-helpers';

describe('request panel: every flow (real VS Code, local oidc-provider)', function () {
  this.timeout(90_000);
  let api: TestingApi;
  let profileId: string;
  const posted: HostMessage[] = [];
  const opened: string[] = [];
  let counter = 0;

  const messages = <T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }>[] =>
    posted.filter((m) => m.type === type) as Extract<HostMessage, { type: T }>[];
  const panel = () => {
    const p = api.requestPanels.get(profileId);
    assert.ok(p, 'the request panel is open');
    return p;
  };

  async function finished(
    requestId: string,
    timeoutMs = 45_000,
  ): Promise<{ outcome: string; message: string | null; exchange?: ExchangeView; all: ExchangeView[] }> {
    let done: Extract<HostMessage, { type: 'finished' }> | undefined;
    await eventually(() => {
      done = messages('finished').find((f) => f.requestId === requestId);
      assert.ok(done, `run ${requestId} finished`);
    }, timeoutMs);
    const all = messages('result')
      .filter((r) => r.requestId === requestId)
      .map((r) => r.exchange);
    // A failed exchange carries its own error (the host posts no separate message for it).
    return { outcome: done!.outcome, message: done!.message ?? all.at(-1)?.error?.message ?? null, exchange: all.at(-1), all };
  }

  /** Sends a draft as the webview's Send button does; resolves when the run finished. */
  async function send(draft: Draft, timeoutMs?: number) {
    const requestId = `flow-${++counter}`;
    void panel().receive({ type: 'send', requestId, draft });
    return { requestId, ...(await finished(requestId, timeoutMs)) };
  }

  /** Runs a follow-up (the host starts the run); resolves when it finished. */
  async function followUp(exchangeId: string, token: 'access_token' | 'refresh_token', action: 'introspect' | 'revoke' | 'refresh') {
    const before = messages('started').length;
    void panel().receive({ type: 'followUp', exchangeId, token, action });
    await eventually(() => assert.ok(messages('started').length > before), 10_000);
    return finished(messages('started').at(-1)!.requestId);
  }

  const json = (x: ExchangeView | undefined): Record<string, unknown> => (x?.response?.json ?? {}) as Record<string, unknown>;

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    profileId = (await addServiceProfile({ scope: 'openid profile' })).id;
    api.requestPanels.tap = (_id, m) => posted.push(m);
    api.requestPanels.createOrShow(profileId, null);
    await panel().receive({ type: 'ready' });
  });
  after(async () => {
    api.requestPanels.tap = undefined;
    api.requestPanels.openExternal = undefined;
    api.requestPanels.get(profileId)?.panel.dispose();
    await resetWorkbench(api);
  });

  it('authorization code + PKCE: the browser signs in, the loopback listener gets the code, tokens and a verified ID token come back', async () => {
    const browser = new TestBrowser();
    let landed: Page | undefined;
    api.requestPanels.openExternal = async (url) => {
      opened.push(url);
      landed = await browser.loginAndConsent(await browser.request(url));
      return true;
    };
    const r = await send({ ...emptyDraft('authorization_code'), scope: 'openid profile offline_access', prompt: 'consent' });
    assert.equal(r.outcome, 'ok', r.message ?? '');
    const authUrl = new URL(opened.at(-1)!);
    assert.equal(authUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authUrl.searchParams.get('prompt'), 'consent');
    assert.match(authUrl.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.match(landed?.html ?? '', /You can close this tab/);
    assert.equal(r.exchange?.operation, 'authorization_code');
    assert.equal(r.exchange?.response?.status, 200);
    const id = r.exchange.tokens.find((t) => t.kind === 'id_token');
    assert.equal(id?.jwt?.signature, 'verified', id?.jwt?.signatureNote ?? '');
    assert.equal(id?.jwt?.claims.sub, 'alice');
    assert.ok(
      r.exchange.tokens.some((t) => t.kind === 'refresh_token'),
      'offline_access → refresh token',
    );
    assert.ok(messages('progress').some((p) => p.requestId === r.requestId && /browser/.test(p.message)));
  });

  it('authorization code through PAR (the panel option): PAR and token requests both authenticate the client', async () => {
    const browser = new TestBrowser();
    api.requestPanels.openExternal = async (url) => {
      opened.push(url);
      await browser.loginAndConsent(await browser.request(url));
      return true;
    };
    const r = await send({ ...emptyDraft('authorization_code'), scope: 'openid', usePar: true });
    assert.equal(r.outcome, 'ok', r.message ?? '');
    assert.deepEqual([...new URL(opened.at(-1)!).searchParams.keys()].sort(), ['client_id', 'request_uri']);
    const history = messages('history').at(-1)!.entries;
    assert.deepEqual(
      history.slice(-2).map((e) => e.operation),
      ['par', 'authorization_code'],
    );
    assert.equal(history.at(-2)!.summary, 'request_uri issued');
    assert.ok(r.exchange?.assertion, 'the token request carried a client assertion');
  });

  it('authorization code: Cancel stops waiting for the browser and closes the listener', async () => {
    api.requestPanels.openExternal = async (url) => {
      opened.push(url);
      return true; // the user never signs in
    };
    const requestId = `flow-${++counter}`;
    void panel().receive({ type: 'send', requestId, draft: { ...emptyDraft('authorization_code'), scope: 'openid' } });
    await eventually(() => assert.ok(messages('progress').some((p) => p.requestId === requestId && /browser/.test(p.message))), 10_000);
    await eventually(() => assert.ok(opened.length >= 2));
    const redirect = new URL(new URL(opened.at(-1)!).searchParams.get('redirect_uri')!);
    await panel().receive({ type: 'cancel', requestId });
    const r = await finished(requestId, 10_000);
    assert.equal(r.outcome, 'cancelled', r.message ?? '');
    await assert.rejects(fetch(redirect.toString()), 'the loopback listener is closed');
  });

  it('device code: shows the user code, opens the verification page through the panel, polls until approved', async () => {
    const browser = new TestBrowser();
    let approval: Promise<void> | undefined;
    api.requestPanels.openExternal = async (url) => {
      opened.push(url);
      // The user at the verification page: enters (or finds) the code, confirms, signs in, consents.
      approval = (async () => {
        let page = await browser.request(url);
        if (!/deviceConfirmForm/.test(page.html))
          page = await browser.submit(page, { user_code: new URL(url).searchParams.get('user_code') ?? '' });
        assert.match(page.html, /deviceConfirmForm/, 'the confirmation page');
        await browser.loginAndConsent(await browser.submit(page), 'device-user');
      })();
      return true;
    };
    const requestId = `flow-${++counter}`;
    void panel().receive({ type: 'send', requestId, draft: { ...emptyDraft('device_code'), scope: 'openid' } });
    let code: Extract<HostMessage, { type: 'deviceCode' }> | undefined;
    await eventually(() => {
      code = messages('deviceCode').find((d) => d.requestId === requestId);
      assert.ok(code, 'the user code is shown');
    }, 15_000);
    assert.match(code!.userCode, /\w{4}-?\w{4}/);
    assert.ok(code!.verificationUri.startsWith('http://127.0.0.1'));
    assert.ok(code!.expiresAt && code!.expiresAt > Date.now() / 1000);
    await panel().receive({ type: 'deviceAction', requestId, action: 'openVerificationUri' });
    assert.equal(opened.at(-1), code!.verificationUriComplete ?? code!.verificationUri, 'the URI the server gave, nothing else');
    await approval;
    const r = await finished(requestId, 60_000);
    assert.equal(r.outcome, 'ok', r.message ?? '');
    assert.equal(r.exchange?.operation, 'device_code');
    assert.equal(r.exchange?.response?.status, 200);
    assert.equal(r.exchange.tokens.find((t) => t.kind === 'id_token')?.jwt?.claims.sub, 'device-user');
  });

  it('device code: Cancel stops polling', async () => {
    const requestId = `flow-${++counter}`;
    void panel().receive({ type: 'send', requestId, draft: { ...emptyDraft('device_code'), scope: 'openid' } });
    await eventually(() => assert.ok(messages('deviceCode').some((d) => d.requestId === requestId)), 15_000);
    await panel().receive({ type: 'cancel', requestId });
    const r = await finished(requestId, 15_000);
    assert.equal(r.outcome, 'cancelled', r.message ?? '');
  });

  let userTokenExchange: ExchangeView;

  it('jwt-bearer grant signed with the profile key: a user token (and refresh token) for the subject', async () => {
    const r = await send({ ...emptyDraft('jwt_bearer'), assertionSubject: 'bob', scope: 'openid offline_access' });
    assert.equal(r.outcome, 'ok', r.message ?? '');
    assert.equal(r.exchange?.operation, 'jwt_bearer');
    assert.ok(
      r.exchange?.request.form.some((f) => f.name === 'assertion' && f.secret),
      'the grant assertion is masked',
    );
    userTokenExchange = r.exchange!;
  });

  it('userinfo with that access token answers for the subject', async () => {
    const r = await send({
      ...emptyDraft('userinfo'),
      token: { source: 'exchange', exchangeId: userTokenExchange.id, kind: 'access_token' },
    });
    assert.equal(r.outcome, 'ok', r.message ?? '');
    assert.equal(json(r.exchange).sub, 'bob');
    assert.equal(r.exchange?.request.method, 'GET');
    assert.ok(r.exchange?.request.headers.some((h) => h.name === 'authorization' && h.secret && h.value === 'Bearer <access_token>'));
  });

  it('token exchange of that access token', async () => {
    const r = await send({
      ...emptyDraft('token_exchange'),
      token: { source: 'exchange', exchangeId: userTokenExchange.id, kind: 'access_token' },
      scope: 'openid',
    });
    assert.equal(r.outcome, 'ok', r.message ?? '');
    assert.equal(json(r.exchange).issued_token_type, 'urn:ietf:params:oauth:token-type:access_token');
  });

  it('refresh, then revoke, from the follow-ups; introspection then says active: false', async () => {
    const refreshed = await followUp(userTokenExchange.id, 'refresh_token', 'refresh');
    assert.equal(refreshed.outcome, 'ok', refreshed.message ?? '');
    assert.equal(refreshed.exchange?.operation, 'refresh_token');
    const fresh = refreshed.exchange;
    const revoked = await followUp(fresh.id, 'access_token', 'revoke');
    assert.equal(revoked.outcome, 'ok', revoked.message ?? '');
    assert.equal(revoked.exchange?.operation, 'revoke');
    const intro = await followUp(fresh.id, 'access_token', 'introspect');
    assert.equal(json(intro.exchange).active, false);
  });

  it('password (legacy): sent with the client authentication; this server refuses the grant and the panel says so', async () => {
    const r = await send({ ...emptyDraft('password'), username: 'alice', password: 'pw' });
    assert.equal(r.outcome, 'failed');
    assert.equal(r.exchange?.operation, 'password');
    assert.ok(r.exchange?.request.form.some((f) => f.name === 'password' && f.secret && f.value === '<password>'));
    assert.match(r.exchange?.error?.message ?? '', /unsupported_grant_type|not supported|unauthorized/i);
  });

  it('an assertion aud the server rejects: invalid_client, and the "Switch audience" fix re-runs it successfully', async () => {
    // A second client whose profile sends a custom aud the server does not accept.
    const wrong = await addServiceProfile({
      name: 'Wrong aud',
      audience: 'custom',
      customAudience: 'https://wrong.example/aud',
      setActive: false,
    });
    api.requestPanels.createOrShow(wrong.id, null);
    const wrongPanel = api.requestPanels.get(wrong.id)!;
    await wrongPanel.receive({ type: 'ready' });
    const draft = emptyDraft('client_credentials');
    void wrongPanel.receive({ type: 'send', requestId: 'wrong-1', draft });
    const failed = await finished('wrong-1');
    assert.equal(failed.outcome, 'failed');
    assert.equal(failed.exchange?.error?.code, 'OAUTH_INVALID_CLIENT', failed.exchange?.error?.message);
    assert.equal(failed.exchange?.assertion?.claims.aud, 'https://wrong.example/aud');
    const fix = failed.exchange.findings.find((f) => f.action && /audience/i.test(f.action));
    assert.ok(fix, `a switch-audience fix is offered (findings: ${failed.exchange.findings.map((f) => f.code).join(', ')})`);
    const before = messages('started').length;
    void wrongPanel.receive({
      type: 'applyFix',
      from: 'exchange',
      exchangeId: failed.exchange.id,
      code: fix.code,
      target: 'request',
      draft,
    });
    await eventually(() => assert.ok(messages('started').length > before), 10_000);
    const rerun = await finished(messages('started').at(-1)!.requestId);
    assert.equal(rerun.outcome, 'ok', rerun.message ?? '');
    const switched = messages('loadDraft').at(-1)?.draft.audienceMode;
    assert.ok(switched && switched !== 'custom', 'the form shows the audience it switched to');
    assert.notEqual(rerun.exchange?.assertion?.claims.aud, 'https://wrong.example/aud');
    wrongPanel.panel.dispose();
  });

  it('an audience override the profile cannot fill is refused before anything is sent, in plain words', async () => {
    // The first panel was hidden behind the second one: it reloads, and says ready again.
    panel().panel.reveal();
    await eventually(() => assert.equal(panel().panel.visible, true));
    await panel().receive({ type: 'ready' });
    const r = await send({ ...emptyDraft('client_credentials'), audienceMode: 'custom' });
    assert.equal(r.outcome, 'failed');
    assert.equal(r.exchange, undefined, 'nothing was sent');
    assert.match(r.message ?? '', /custom/i);
  });
});
