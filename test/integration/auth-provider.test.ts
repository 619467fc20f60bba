/**
 * The `oauth-workbench` authentication provider. ANOTHER extension (the fixture
 * test/fixtures/consumer-extension, installed next to ours) asking for a session meets
 * VS Code's consent prompt (the test host refuses to show dialogs, so the prompt itself is
 * what is asserted there); the provider then does what VS Code asks of it after consent:
 * signs in the active client, hands out a token an API accepts, a renewed one before it
 * expires (test clock), and revokes it on sign-out.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { addServiceProfile, demoClient, eventually, resetWorkbench, testServer, workbench } from './workbench-helpers';

interface ApiCall {
  session: boolean;
  account?: string;
  scopes?: string[];
  tokenHash?: string;
  status?: number;
  body?: { active?: boolean; client_id?: string } | null;
}

/** A resource server that accepts a bearer token only when the authorization server says it is active. */
async function startApi(): Promise<{ server: Server; url: string }> {
  const basic = demoClient('basic');
  const server = createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    void (async () => {
      const answer = token
        ? await fetch(`${testServer().issuer}/token/introspection`, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              authorization: `Basic ${Buffer.from(`${basic.clientId}:${basic.clientSecret}`).toString('base64')}`,
            },
            body: new URLSearchParams({ token }).toString(),
          }).then((r) => r.json() as Promise<{ active?: boolean; client_id?: string }>)
        : { active: false };
      res.writeHead(answer.active ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ active: answer.active === true, client_id: answer.client_id }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api` };
}

describe('authentication provider, used by another extension', () => {
  let api: TestingApi;
  let profileId: string;
  let resource: { server: Server; url: string };
  const callApi = (createIfNone: boolean) =>
    vscode.commands.executeCommand<ApiCall>('oauthWbConsumer.callApi', { url: resource.url, scopes: ['api:read'], createIfNone });

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    profileId = (await addServiceProfile({ name: 'Provider demo' })).id;
    resource = await startApi();
  });
  after(async () => {
    api.clock.nowMs = () => Date.now();
    resource.server.close();
    await resetWorkbench(api);
  });

  it("is registered: another extension gets nothing silently, and asking meets VS Code's consent prompt", async () => {
    assert.deepEqual(await callApi(false), { session: false });
    // The test host shows no dialogs: VS Code refuses its consent prompt, naming it.
    await assert.rejects(
      Promise.resolve(callApi(true)),
      /The extension 'OAuth Workbench test consumer' wants to sign in using OAuth Workbench/,
    );
    assert.equal(await api.services.secrets.tokens(profileId), undefined, 'nothing was obtained without consent');
  });

  it('after consent (createSession, as VS Code calls it) the active client signs in; the API accepts its token', async () => {
    const changes: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
    const listener = api.authProvider.onDidChangeSessions((e) => changes.push(e));
    try {
      const session = await api.authProvider.createSession(['api:read'], {});
      assert.equal(session.account.label, 'Provider demo');
      assert.deepEqual(session.scopes, ['api:read']);
      assert.equal(changes[0]?.added?.[0]?.id, profileId, 'VS Code is told about the new session');
      const res = await fetch(resource.url, { headers: { authorization: `Bearer ${session.accessToken}` } });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { client_id?: string }).client_id, demoClient('service').clientId);
      // Through the runner like every other exchange.
      assert.match(api.services.session.last(profileId)?.summary ?? '', /^client_credentials → 200/);
      // Listed for the Accounts menu and for getSession with the same scopes; not for scopes it lacks.
      assert.deepEqual(
        (await api.authProvider.getSessions(undefined, {})).map((x) => x.account.label),
        ['Provider demo'],
      );
      assert.equal((await api.authProvider.getSessions(['api:read'], {}))[0]?.accessToken, session.accessToken);
      assert.deepEqual(await api.authProvider.getSessions(['api:write'], {}), []);
    } finally {
      listener.dispose();
    }
  });

  it('hands out a renewed token before the old one expires (test clock), and says the session changed', async () => {
    const [first] = await api.authProvider.getSessions(['api:read'], {});
    assert.ok(first);
    const exp = api.services.session.token(profileId)?.expiresAt;
    assert.ok(exp);
    const changes: string[] = [];
    const listener = api.authProvider.onDidChangeSessions((e) => changes.push(...(e.changed ?? []).map((x) => x.id)));
    api.clock.nowMs = () => (exp - 60) * 1000; // one minute left: under the 5 min threshold
    try {
      const [renewed] = await api.authProvider.getSessions(['api:read'], {});
      assert.ok(renewed);
      assert.notEqual(renewed.accessToken, first.accessToken, 'a fresh token before the old one expired');
      const res = await fetch(resource.url, { headers: { authorization: `Bearer ${renewed.accessToken}` } });
      assert.equal(res.status, 200);
      const held = await api.services.secrets.tokens(profileId);
      assert.ok(held && held.expires_at! >= exp, 'the renewed token lives at least as long as the old one');
      await eventually(() => assert.ok(changes.includes(profileId)));
    } finally {
      listener.dispose();
      api.clock.nowMs = () => Date.now();
    }
  });

  it('signing out revokes the token at the server and ends the session', async () => {
    const token = (await api.services.secrets.tokens(profileId))!.access_token;
    assert.equal((await fetch(resource.url, { headers: { authorization: `Bearer ${token}` } })).status, 200);
    await api.authProvider.removeSession(profileId);
    assert.equal(await api.services.secrets.tokens(profileId), undefined, 'forgotten here');
    assert.equal((await fetch(resource.url, { headers: { authorization: `Bearer ${token}` } })).status, 401, 'revoked at the server');
    assert.deepEqual(await api.authProvider.getSessions(undefined, {}), []);
    assert.deepEqual(await callApi(false), { session: false });
  });
});
