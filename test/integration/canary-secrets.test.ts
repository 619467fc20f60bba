/**
 * SECURITY.md 4 and 15: canary secrets go through every flow (add, wrong secret on
 * the wire, get token, introspect, copy as curl, decode, export, revoke), then every
 * place a secret must never reach is searched: globalState (every key), settings,
 * the output channel's log file (at trace level), read-only documents and every
 * command's return value.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { addServiceProfile, assertNoSecrets, demoClient, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

/** Every file under `dir` (recursively). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile());
}

describe('canary secrets never leave SecretStorage', () => {
  let api: TestingApi;
  let dir: string;
  const canarySecret = `CANARY-secret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const returned: unknown[] = [];
  const needles: string[] = [];
  const call = async (command: string, args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const r = await run<Record<string, unknown>>(command, args);
    returned.push(r);
    return r;
  };

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    dir = mkdtempSync(path.join(tmpdir(), 'oauth-wb-canary-'));
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
  });
  after(async () => {
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    await resetWorkbench(api);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every flow with canary secrets', async () => {
    const server = testServer();
    const service = demoClient('service');
    const basic = demoClient('basic');
    // A wrong (canary) secret really goes over the wire, in the Basic header and in the body.
    for (const authMethod of ['client_secret_basic', 'client_secret_post']) {
      const p = await call('addProfile', { name: `Canary ${authMethod}`, issuer: server.issuer, clientId: basic.clientId, authMethod, clientSecret: canarySecret, setActive: false });
      const r = await call('getToken', { profileId: String(p.id) });
      assert.equal(r.ok, false);
      assert.equal(r.status, 401);
      await call('copyAsCurl', { profileId: String(p.id) });
    }
    const real = await call('addProfile', { name: 'Canary real basic', issuer: server.issuer, clientId: basic.clientId, authMethod: 'client_secret_basic', clientSecret: basic.clientSecret, setActive: false });
    assert.equal((await call('getToken', { profileId: String(real.id) })).ok, true);
    const svc = await addServiceProfile({ name: 'Canary service' });
    returned.push(svc);
    assert.equal((await call('getToken', { profileId: svc.id })).ok, true);
    assert.equal((await call('introspect', { profileId: svc.id })).active, true);
    await call('copyAsCurl', { profileId: svc.id });
    await call('copyAssertion', { profileId: svc.id });
    const assertion = await vscode.env.clipboard.readText();
    await call('copyAccessToken', { profileId: svc.id });
    await call('decodeJwt', { token: assertion });
    await call('discover', { profileId: svc.id });
    await call('exportProfiles', { path: path.join(dir, 'export.json') });
    const tokens = [await api.services.secrets.tokens(svc.id), await api.services.secrets.tokens(String(real.id))];
    assert.ok(tokens[0]?.access_token && tokens[1]?.access_token);
    await call('revoke', { profileId: svc.id });
    needles.push(
      canarySecret,
      Buffer.from(`${basic.clientId}:${canarySecret}`).toString('base64'),
      basic.clientSecret!,
      Buffer.from(`${basic.clientId}:${basic.clientSecret}`).toString('base64'),
      String(service.privateJwk?.d),
      String(service.privatePem).split('\n')[1]!,
      assertion,
      assertion.split('.')[2]!,
      tokens[0]!.access_token,
      tokens[1]!.access_token,
    );
  });

  it('finds no secret in globalState (every key read back)', () => {
    assert.ok(needles.length > 0, 'the flows ran');
    const state = api.services.context.globalState;
    const keys = state.keys();
    assert.ok(keys.includes('oauthWorkbench.profiles.v1'), `globalState keys: ${keys.join(', ')}`);
    const dump = JSON.stringify(keys.map((k) => [k, state.get(k)]));
    assert.match(dump, /Canary service/, 'the dump really holds the profiles');
    assertNoSecrets(dump, needles, 'globalState');
  });

  it('finds no secret in settings (configuration and the user settings file)', () => {
    const config = JSON.stringify(vscode.workspace.getConfiguration('oauthWorkbench'));
    assertNoSecrets(config, needles, 'the oauthWorkbench configuration');
    // globalStorageUri = <user-data>/User/globalStorage/<extension id>
    const userDir = path.dirname(path.dirname(api.services.context.globalStorageUri.fsPath));
    const settings = path.join(userDir, 'settings.json');
    if (existsSync(settings)) assertNoSecrets(readFileSync(settings, 'utf8'), needles, 'settings.json');
    for (const f of filesUnder(path.join(userDir, 'globalStorage', 'oauth-workbench.oauth-workbench'))) {
      assertNoSecrets(readFileSync(f, 'latin1'), needles, f);
    }
  });

  it('finds no secret in the "OAuth Workbench" log file, which does hold the exchanges', async () => {
    const root = path.dirname(api.services.context.logUri.fsPath);
    let logs: string[] = [];
    const deadline = Date.now() + 5000;
    // The log is written asynchronously: wait until it has the last exchange.
    while (Date.now() < deadline) {
      logs = filesUnder(root).filter((f) => path.basename(f).includes('OAuth Workbench'));
      if (logs.some((f) => readFileSync(f, 'utf8').includes('revoke'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(logs.length > 0, `no "OAuth Workbench" log file under ${root}`);
    const text = logs.map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.match(text, /client_credentials .*POST http:\/\/127\.0\.0\.1:\d+\/token → 200/);
    assert.match(text, /introspect .*→ 200/);
    assert.match(text, /findings: .*INVALID_CLIENT/);
    assert.match(text, /\[trace\].*response body/, 'trace lines (response bodies) were logged and searched');
    assertNoSecrets(text, needles, 'the output channel log');
  });

  it('finds no secret in read-only documents or the export file', () => {
    assertNoSecrets(api.services.docs.allContents().join('\n'), needles, 'read-only documents');
    assertNoSecrets(readFileSync(path.join(dir, 'export.json'), 'utf8'), needles, 'the export file');
  });

  it('finds no secret in any command return value', () => {
    assert.ok(returned.length >= 15);
    assertNoSecrets(JSON.stringify(returned), needles, 'command return values');
  });
});
