/**
 * SECURITY.md 6 in the request panel: the origin of EVERY request a flow sends
 * credentials with is checked before it leaves — not only the first one: the core asks
 * the runner's check at its one send point. The profile's key is bound to the
 * oidc-provider fixture's origin (A); one endpoint is moved to a second local server
 * (B, a tiny recorder on another port). Run from the panel without UI, the device
 * flow (polls go to the token endpoint) and the authorization code flow through PAR
 * are refused with the ORIGIN_NOT_ALLOWED message and B receives nothing — no client
 * assertion, no device code.
 */
import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestingApi } from '../../src/extension';
import type { Draft, HostMessage } from '../../src/webview/protocol';
import { emptyDraft } from '../../src/webview/protocol';
import { addServiceProfile, eventually, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('request panel: the origin of every credentialed request is checked before it leaves (SECURITY.md 6)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let profileId: string;
  let originB: string;
  let server: Server;
  const received: Recorded[] = [];
  const posted: HostMessage[] = [];
  const opened: string[] = [];
  let counter = 0;

  const panel = () => {
    const p = api.requestPanels.get(profileId);
    assert.ok(p, 'the request panel is open');
    return p;
  };

  async function send(draft: Draft): Promise<{ requestId: string; outcome: string; message: string | null }> {
    const requestId = `origin-${++counter}`;
    void panel().receive({ type: 'send', requestId, draft });
    let done: Extract<HostMessage, { type: 'finished' }> | undefined;
    await eventually(() => {
      done = posted.find((m): m is Extract<HostMessage, { type: 'finished' }> => m.type === 'finished' && m.requestId === requestId);
      assert.ok(done, `run ${requestId} finished`);
    }, 45_000);
    return { requestId, outcome: done!.outcome, message: done!.message ?? null };
  }

  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  /** The refusal, naming B, for a run that sent nothing at all (not even to A). */
  function assertRefusedBeforeAnything(r: { requestId: string; outcome: string; message: string | null }, historyBefore: number): void {
    assert.deepEqual(
      received.map((x) => `${x.method} ${x.url} [${[...new URLSearchParams(x.body).keys()].join(', ')}]`),
      [],
      `B (${originB}) received no request (no assertion, no device code)`,
    );
    assert.equal(r.outcome, 'failed', r.message ?? '');
    // ExchangeRunner.ensureOrigin's ORIGIN_NOT_ALLOWED message, without UI.
    assert.match(
      r.message ?? '',
      new RegExp(
        `^Refused to send the credentials of "[^"]+" to ${escape(originB)}: they were entered for ${escape(new URL(testServer().issuer).origin)}`,
      ),
    );
    assert.match(r.message ?? '', /allowNewOrigin/);
    assert.ok(
      !posted.some((m) => m.type === 'result' && m.requestId === r.requestId),
      'no exchange was recorded: nothing was sent, not even to A',
    );
    assert.ok(!posted.some((m) => m.type === 'deviceCode' && m.requestId === r.requestId), 'no device code was requested');
    assert.equal(api.requestPanels.history.list(profileId).length, historyBefore, 'the panel history is unchanged');
    assert.ok(!api.services.origins.origins(profileId).includes(originB), 'B was not bound');
  }

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_request","error_description":"recorder"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    originB = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    api = await workbench();
    await resetWorkbench(api);
    // Entering the key binds it to A (the fixture) only.
    profileId = (await addServiceProfile({ name: 'Origin A', scope: 'openid' })).id;
    assert.deepEqual(api.services.origins.origins(profileId), [new URL(testServer().issuer).origin]);
    api.requestPanels.tap = (_id, m) => posted.push(m);
    api.requestPanels.openExternal = async (url) => {
      opened.push(url);
      return true;
    };
    api.requestPanels.interactive = false;
    api.requestPanels.createOrShow(profileId, null);
    await panel().receive({ type: 'ready' });
  });
  after(async () => {
    api.requestPanels.tap = undefined;
    api.requestPanels.openExternal = undefined;
    api.requestPanels.interactive = true;
    api.requestPanels.get(profileId)?.panel.dispose();
    await resetWorkbench(api);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterEach(() => {
    received.length = 0;
  });

  it('runs without UI as before when every endpoint is on the bound origin', async () => {
    const r = await send(emptyDraft('client_credentials'));
    assert.equal(r.outcome, 'ok', r.message ?? '');
  });

  it('device code with the token endpoint on B: the device authorization goes to A, the first poll is refused; B gets nothing', async () => {
    await run('editProfile', { profileId, endpoints: { token: `${originB}/token` } });
    const before = api.requestPanels.history.list(profileId).length;
    const r = await send(emptyDraft('device_code'));
    assert.deepEqual(received, [], `B (${originB}) received no poll (no device_code, no assertion)`);
    assert.equal(r.outcome, 'failed', r.message ?? '');
    assert.match(r.message ?? '', new RegExp(`^Refused to send the credentials of "[^"]+" to ${escape(originB)}`));
    assert.ok(
      posted.some((m) => m.type === 'deviceCode' && m.requestId === r.requestId),
      'the user code from A was shown',
    );
    const history = api.requestPanels.history.list(profileId);
    assert.equal(history.length, before + 1, 'the device authorization exchange (to A) is recorded');
    assert.ok(!api.services.origins.origins(profileId).includes(originB), 'B was not bound');
  });

  it('authorization code through PAR with the PAR endpoint on B (token endpoint on A): refused before PAR; B gets no assertion, no browser opens', async () => {
    await run('editProfile', { profileId, endpoints: null }); // edits merge endpoints: drop the token override first
    await run('editProfile', { profileId, endpoints: { pushed_authorization_request: `${originB}/par` } });
    const before = api.requestPanels.history.list(profileId).length;
    const openedBefore = opened.length;
    const r = await send({ ...emptyDraft('authorization_code'), scope: 'openid', usePar: true });
    assertRefusedBeforeAnything(r, before);
    assert.equal(opened.length, openedBefore, 'no browser was opened');
  });

  it('authorization code WITHOUT PAR does not contact the PAR endpoint, so B does not block it from starting', async () => {
    // Still overridden to B from the test above; the flow only needs A. Cancel once the browser would open.
    const openedBefore = opened.length;
    const requestId = `origin-${++counter}`;
    void panel().receive({ type: 'send', requestId, draft: { ...emptyDraft('authorization_code'), scope: 'openid' } });
    await eventually(() => assert.ok(opened.length > openedBefore, 'the browser was sent to the authorization endpoint'), 15_000);
    await panel().receive({ type: 'cancel', requestId });
    await eventually(() => assert.ok(posted.some((m) => m.type === 'finished' && m.requestId === requestId)), 10_000);
    assert.deepEqual(received, [], 'B received nothing');
  });
});
