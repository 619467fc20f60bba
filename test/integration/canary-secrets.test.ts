/**
 * SECURITY.md 4 and 15: canary secrets go through every flow (add, wrong secret on
 * the wire — also interactively, get token, a user-bound grant with refresh and ID
 * tokens, refresh, introspect, copy as curl, decode, export, revoke), then every place
 * a secret must never reach is searched: globalState (every key), settings, the output
 * channel's log file (at trace level), notifications, read-only documents and every
 * command's return value. Searched values: the client secrets (and their Basic
 * encodings), the private key, the assertion, and every access, refresh and ID token
 * obtained during the run.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { TokenSet } from '../../src/core';
import { filesUnder, recordMessages, type ShownMessage } from './observe';
import { recordCanary } from '../unit/helpers/figures';
import {
  addServiceProfile,
  assertNoSecrets as assertNone,
  demoClient,
  resetWorkbench,
  run,
  testServer,
  workbench,
} from './workbench-helpers';

describe('canary secrets never leave SecretStorage', () => {
  // Every place searched is counted for the README's figures (a hit fails the test too).
  const searched = { locations: 0, hits: 0 };
  const assertNoSecrets = (haystack: string, needles: readonly string[], where: string): void => {
    searched.locations++;
    if (needles.some((n) => haystack.includes(n))) searched.hits++;
    assertNone(haystack, needles, where);
  };
  let api: TestingApi;
  let dir: string;
  const canarySecret = `CANARY-secret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const returned: unknown[] = [];
  const needles: string[] = [];
  let shown: { messages: ShownMessage[]; dispose(): void };
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
    // Observe every notification (the originals still run).
    shown = recordMessages();
  });
  after(async () => {
    recordCanary(searched.locations, searched.hits);
    shown.dispose();
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
      const p = await call('addProfile', {
        name: `Canary ${authMethod}`,
        issuer: server.issuer,
        clientId: basic.clientId,
        authMethod,
        clientSecret: canarySecret,
        setActive: false,
      });
      const r = await call('getToken', { profileId: String(p.id) });
      assert.equal(r.ok, false);
      assert.equal(r.status, 401);
      await call('copyAsCurl', { profileId: String(p.id) });
    }
    // The same failure run interactively: the failure notification is what the user sees.
    // (Interactive SUCCESS waits on its notification's buttons, so only failures run this way.)
    const interactiveFailing = await call('addProfile', {
      name: 'Canary interactive',
      issuer: server.issuer,
      clientId: basic.clientId,
      authMethod: 'client_secret_basic',
      clientSecret: canarySecret,
      setActive: false,
    });
    const failed = await call('getToken', { profileId: String(interactiveFailing.id), interactive: true });
    assert.equal(failed.ok, false);
    assert.equal((failed.error as { oauthError?: string }).oauthError, 'invalid_client');
    const real = await call('addProfile', {
      name: 'Canary real basic',
      issuer: server.issuer,
      clientId: basic.clientId,
      authMethod: 'client_secret_basic',
      clientSecret: basic.clientSecret,
      setActive: false,
    });
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
    // A user-bound grant (RFC 7523 jwt-bearer, openid offline_access): ID and refresh tokens,
    // then a refresh through the command and an introspection of the refreshed token.
    const { jwtBearerGrant } = await import('../../src/core');
    const { runner, store, session } = api.services;
    const grant = await runner.run(
      {
        profile: store.require(svc.id),
        title: 'jwt-bearer',
        call: (ctx) => jwtBearerGrant(ctx, { subject: 'canary-user', scope: 'openid offline_access' }),
        summarize: () => 'jwt-bearer',
      },
      { interactive: false },
    );
    const userTokens: TokenSet | undefined = grant.exchange.result;
    assert.ok(userTokens?.refresh_token, `no refresh token: ${JSON.stringify(grant.exchange.error)}`);
    await session.setTokens(svc.id, userTokens);
    const refreshed = await call('getToken', { profileId: svc.id });
    assert.equal(refreshed.grant, 'refresh_token');
    assert.equal(refreshed.ok, true, JSON.stringify(refreshed.error));
    const afterRefresh = await api.services.secrets.tokens(svc.id);
    assert.ok(afterRefresh?.access_token && afterRefresh.access_token !== userTokens.access_token);
    // oidc-provider issues the ID token with the refresh (scope openid), not with the jwt-bearer grant.
    const idToken = userTokens.id_token ?? afterRefresh.id_token;
    assert.ok(idToken, 'an ID token was obtained');
    assert.equal((await call('introspect', { profileId: svc.id })).active, true);
    await call('decodeJwt', { token: idToken });
    await call('copyAsCurl', { profileId: svc.id });
    needles.push(
      canarySecret,
      Buffer.from(`${basic.clientId}:${canarySecret}`).toString('base64'),
      basic.clientSecret!,
      Buffer.from(`${basic.clientId}:${basic.clientSecret}`).toString('base64'),
      String(service.privateJwk?.d),
      String(service.privatePem).split('\n')[1]!,
      assertion,
      assertion.split('.')[2]!,
      tokens[0].access_token,
      tokens[1].access_token,
      userTokens.access_token,
      userTokens.refresh_token,
      idToken,
      idToken.split('.')[2]!,
      afterRefresh.access_token,
      ...(afterRefresh.refresh_token ? [afterRefresh.refresh_token] : []),
    );
  });

  it('finds no secret in any notification shown during the run (which did show the failure)', () => {
    assert.ok(needles.length > 0, 'the flows ran');
    const failure = shown.messages.find((m) => /Getting a token for "Canary interactive" failed/.test(m.message));
    assert.ok(failure, `the interactive failure was notified; shown: ${JSON.stringify(shown.messages.map((m) => m.message))}`);
    assertNoSecrets(JSON.stringify(shown.messages), needles, 'notifications');
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
