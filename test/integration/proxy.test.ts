/**
 * The user's VS Code proxy settings reach the extension's requests (SECURITY.md 12):
 * with `http.proxy` set, the token request goes through that proxy; with the issuer's
 * host in `http.noProxy`, it goes direct again. The proxy is a recording CONNECT proxy
 * inside this test (test/fixtures/connect-proxy.ts): undici tunnels even http://
 * targets, and the proxy reads only the request lines inside the tunnel.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { startConnectProxy, type ConnectProxy } from '../fixtures/connect-proxy';
import { demoClient, eventually, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

describe('VS Code proxy settings (http.proxy, http.noProxy) reach the token request', () => {
  let api: TestingApi;
  let proxy: ConnectProxy;
  let profileId: string;
  const http = () => vscode.workspace.getConfiguration('http');
  const issuer = () => new URL(testServer().issuer);
  // VS Code's own traffic may use the same proxy: count only what went to the issuer.
  const toIssuer = () => proxy.requests.filter((r) => r.authority === issuer().host);
  const tokenPath = () => `${issuer().pathname.replace(/\/$/, '')}/token`;

  /** Sets a user setting and waits until the extension host sees it (the dispatcher is rebuilt on the change event). */
  async function setUserSetting(key: string, value: unknown): Promise<void> {
    await http().update(key, value, vscode.ConfigurationTarget.Global);
    await eventually(() => assert.deepEqual(http().inspect(key)?.globalValue, value));
  }

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    proxy = await startConnectProxy();
  });
  after(async () => {
    await setUserSetting('noProxy', undefined);
    await setUserSetting('proxy', undefined);
    await resetWorkbench(api);
    await proxy?.close();
  });

  it('sends discovery and the token request through http.proxy', async () => {
    await setUserSetting('proxy', proxy.url);
    const basic = demoClient('basic');
    const added = await run<{ id: string }>('addProfile', {
      name: 'Via proxy',
      issuer: testServer().issuer,
      clientId: basic.clientId,
      authMethod: 'client_secret_basic',
      clientSecret: basic.clientSecret,
    });
    profileId = added.id;
    const r = await run<Record<string, unknown>>('getToken', { profileId });
    assert.equal(r.ok, true, `getToken failed: ${JSON.stringify(r.error)}`);
    assert.equal(r.status, 200);
    const seen = toIssuer().map((x) => `${x.method} ${x.path}`);
    assert.ok(
      seen.some((l) => l.startsWith('GET ') && l.includes('/.well-known/')),
      `discovery went through the proxy; it saw: ${seen.join(', ')}`,
    );
    assert.ok(seen.includes(`POST ${tokenPath()}`), `the token request went through the proxy; it saw: ${seen.join(', ')}`);
  });

  it('goes direct for a host listed in http.noProxy', async () => {
    await setUserSetting('noProxy', ['127.0.0.1']);
    const before = toIssuer().length;
    const previous = api.services.history.last(profileId)?.exchange.timings.startedAt;
    const r = await run<Record<string, unknown>>('getToken', { profileId });
    assert.equal(r.ok, true, `getToken failed: ${JSON.stringify(r.error)}`);
    const last = api.services.history.last(profileId);
    assert.equal(last?.exchange.request.url, `${issuer().origin}${tokenPath()}`);
    assert.notEqual(last?.exchange.timings.startedAt, previous, 'a new token request was sent');
    assert.deepEqual(toIssuer().slice(before), [], 'the proxy saw nothing of it');
  });
});
