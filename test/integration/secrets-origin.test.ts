/**
 * SecretStorage round trips through the extension's SecretStore, and SECURITY.md 6:
 * a stored secret is bound to the origin it was entered for; a credentialed request
 * to another origin is refused without UI unless `allowNewOrigin: true`.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { SecretStore } from '../../src/shell/profiles/secret-store';
import { recordMessages } from './observe';
import { addServiceProfile, eventually, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

describe('secret storage and origin binding', () => {
  let api: TestingApi;

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
  });
  after(async () => {
    await resetWorkbench(api);
  });

  it('stores, reads back and deletes each kind of secret under oauthWorkbench.secret.<id>.<kind>', async () => {
    const { secrets, context } = api.services;
    const id = 'roundtrip-1';
    for (const kind of ['clientSecret', 'privateKey', 'tokens'] as const) {
      const value = `value-of-${kind}-${Math.random().toString(36).slice(2)}`;
      await secrets.store(id, kind, value);
      assert.equal(await secrets.get(id, kind), value);
      assert.equal(await context.secrets.get(`oauthWorkbench.secret.${id}.${kind}`), value, 'the documented key holds it');
    }
    await secrets.deleteAll(id);
    for (const kind of ['clientSecret', 'privateKey', 'tokens'] as const) assert.equal(await secrets.get(id, kind), undefined);
  });

  it('parses stored tokens and treats a damaged entry as "no token"', async () => {
    const { secrets, context } = api.services;
    await secrets.setTokens('roundtrip-2', { access_token: 'abc-token-value', token_type: 'Bearer', received_at: 1, expires_at: 2 });
    assert.equal((await secrets.tokens('roundtrip-2'))?.access_token, 'abc-token-value');
    await context.secrets.store('oauthWorkbench.secret.roundtrip-2.tokens', '{not json');
    assert.equal(await secrets.tokens('roundtrip-2'), undefined);
    await secrets.deleteAll('roundtrip-2');
  });

  it('a SecretStorage read failure tells the user, asks for the secret again, and keeps it nowhere else (SECURITY.md 16)', async () => {
    const { runner, context } = api.services;
    const profile = await addServiceProfile({ name: 'Locked keychain' });
    // The real storage object, made to fail reading the key (as a locked keychain does).
    const storage = context.secrets as unknown as { get: (key: string) => Thenable<string | undefined> };
    const realGet = storage.get;
    let locked = true;
    storage.get = (key: string) =>
      locked && key.endsWith('.privateKey') ? Promise.reject(new Error('keyring locked')) : realGet.call(context.secrets, key);
    const again = 'Enter the Private Key Again';
    const realPrompt = runner.promptSecret;
    const prompted: string[] = [];
    let decline = false;
    const shown = recordMessages((m) => (m.items.includes(again) ? (decline ? 'dismissed' : again) : 'dismissed'));
    try {
      // The user unlocks the keychain and enters the key again: the request then goes out.
      runner.promptSecret = async (_p, field) => {
        prompted.push(field);
        locked = false;
        return true;
      };
      const ok = await run<{ ok: boolean }>('getToken', { profileId: profile.id, interactive: true });
      assert.equal(ok?.ok, true);
      assert.deepEqual(prompted, ['privateKey']);
      const told = shown.messages.find((m) => m.items.includes(again));
      assert.ok(told, `the user was told: ${JSON.stringify(shown.messages)}`);
      assert.equal(told.level, 'error');
      assert.match(told.message, /could not read a secret.*keeps secrets nowhere else, so nothing was sent/s);
      // Declined: the command ends with the storage error shown; nothing was prompted or sent.
      locked = true;
      decline = true;
      prompted.length = 0;
      const before = shown.messages.length;
      const declined = await run<unknown>('getToken', { profileId: profile.id, interactive: true });
      assert.equal(declined, undefined);
      assert.deepEqual(prompted, []);
      const after = shown.messages.slice(before).filter((m) => m.level === 'error');
      assert.equal(after.length, 2, `offer, then the error itself: ${JSON.stringify(after)}`);
      assert.ok(after[0]!.items.includes(again));
      assert.match(after[1]!.message, /secret storage could not read a secret/);
    } finally {
      shown.dispose();
      runner.promptSecret = realPrompt;
      storage.get = realGet;
    }
  });

  it('refuses ids that would escape the key namespace', async () => {
    await assert.rejects(api.services.secrets.store('../x', 'clientSecret', 'v'), /Invalid profile id/);
  });

  it('reports a SecretStorage that fails or silently keeps nothing (SECURITY.md 16), never falling back', async () => {
    // VS Code's storage cannot be made to fail on demand: a tiny misbehaving one stands in.
    const kept = new Map<string, string>();
    const changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
    const dropping: vscode.SecretStorage = {
      get: async () => undefined,
      store: async (k, v) => void kept.set(k, v),
      delete: async () => undefined,
      onDidChange: changed.event,
    };
    const store = new SecretStore(dropping);
    await assert.rejects(store.store('p1', 'clientSecret', 'dropped-secret-value'), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'SECRET_STORAGE_FAILED');
      assert.match(e.message, /reading it back returned nothing/);
      assert.match(e.message, /keychain/);
      assert.ok(!e.message.includes('dropped-secret-value'));
      return true;
    });
    const failing: vscode.SecretStorage = {
      ...dropping,
      get: async () => {
        throw new Error('keyring locked');
      },
      store: async () => {
        throw new Error('keyring locked');
      },
    };
    const store2 = new SecretStore(failing);
    await assert.rejects(store2.get('p1', 'tokens'), /secret storage could not read a secret.*keeps secrets nowhere else/s);
    await assert.rejects(store2.store('p1', 'privateKey', 'x'), (e: Error & { code?: string }) => e.code === 'SECRET_STORAGE_FAILED');
    store.dispose();
    store2.dispose();
    changed.dispose();
  });

  it('binds a secret to the origins it was entered for', async () => {
    const p = await addServiceProfile({ name: 'Bound' });
    const origin = new URL(testServer().issuer).origin;
    assert.deepEqual(api.services.origins.origins(p.id), [origin]);
  });

  it('refuses a credentialed request to a new origin without UI, naming both origins and the way out', async () => {
    const p = api.services.store.list().find((x) => x.name === 'Bound');
    assert.ok(p);
    const issuer = testServer().issuer;
    // Same server, reached through another origin: "localhost" instead of 127.0.0.1.
    const moved = issuer.replace('127.0.0.1', 'localhost');
    await run('editProfile', { profileId: p.id, endpoints: { token: `${moved}/token` } });
    const before = await api.services.secrets.tokens(p.id);
    await assert.rejects(run('getToken', { profileId: p.id }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'ORIGIN_NOT_ALLOWED');
      assert.match(e.message, new RegExp(new URL(moved).origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.match(e.message, /allowNewOrigin/);
      return true;
    });
    assert.equal(await api.services.secrets.tokens(p.id), before, 'nothing was stored');
    assert.equal(api.services.history.last(p.id), undefined, 'nothing was sent');
  });

  it('sends to the new origin when the caller passes allowNewOrigin: true, and remembers it', async () => {
    const p = api.services.store.list().find((x) => x.name === 'Bound');
    assert.ok(p);
    const r = await run<Record<string, unknown>>('getToken', { profileId: p.id, allowNewOrigin: true });
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.ok(api.services.origins.origins(p.id).includes(new URL(testServer().issuer.replace('127.0.0.1', 'localhost')).origin));
    const again = await run<Record<string, unknown>>('getToken', { profileId: p.id, grant: 'client_credentials' });
    assert.equal(again.ok, true, 'the remembered origin needs no new consent');
  });

  it("entering a secret anew rebinds it to today's origins only", async () => {
    const p = api.services.store.list().find((x) => x.name === 'Bound');
    assert.ok(p);
    await run('editProfile', { profileId: p.id, endpoints: null });
    const key = await api.services.secrets.get(p.id, 'privateKey');
    assert.ok(key);
    await run('setPrivateKey', { profileId: p.id, privateKey: key });
    assert.deepEqual(api.services.origins.origins(p.id), [new URL(testServer().issuer).origin]);
  });

  describe('an endpoint moved to another origin by metadata, an import or a setting', () => {
    // Origin A serves discovery (its token endpoint is whatever `tokenEndpoint` says);
    // origin B stands for a foreign server and records every request it receives.
    let serverA: http.Server;
    let serverB: http.Server;
    let originA: string;
    let originB: string;
    let tokenEndpoint = '';
    const receivedByB: Array<{ url: string; authorization?: string; body: string }> = [];
    let dir: string;
    const secret = `origin-canary-${Math.random().toString(36).slice(2)}`;
    const listen = (server: http.Server) =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      );

    before(async () => {
      serverA = http.createServer((req, res) => {
        if (req.url?.startsWith('/.well-known/')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              issuer: originA,
              token_endpoint: tokenEndpoint,
              token_endpoint_auth_methods_supported: ['client_secret_basic'],
              grant_types_supported: ['client_credentials'],
            }),
          );
          return;
        }
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
      });
      serverB = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          receivedByB.push({
            url: req.url ?? '',
            ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
            body,
          });
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
        });
      });
      originA = await listen(serverA);
      originB = await listen(serverB);
      dir = mkdtempSync(path.join(tmpdir(), 'oauth-wb-origin-'));
    });
    after(async () => {
      await vscode.workspace.getConfiguration('oauthWorkbench').update('profiles', undefined, vscode.ConfigurationTarget.Global);
      await api.services.secrets.deleteAll('settings-moved');
      await api.services.origins.clear('settings-moved');
      await resetWorkbench(api);
      await new Promise((r) => serverA.close(r));
      await new Promise((r) => serverB.close(r));
      rmSync(dir, { recursive: true, force: true });
    });

    const refused = (e: Error & { code?: string }) => {
      assert.equal(e.code, 'ORIGIN_NOT_ALLOWED', e.message);
      assert.ok(e.message.includes(originB), e.message);
      return true;
    };

    it('discovery metadata whose token endpoint is on another origin: non-interactive getToken is refused, that origin receives nothing', async () => {
      tokenEndpoint = `${originB}/token`;
      const p = await run<{ id: string }>('addProfile', {
        name: 'Moved by metadata',
        issuer: originA,
        clientId: 'c1',
        authMethod: 'client_secret_basic',
        clientSecret: secret,
        setActive: false,
      });
      assert.deepEqual(
        api.services.origins.origins(p.id),
        [originA],
        'the secret is bound to the issuer it was entered for, not to the metadata',
      );
      await assert.rejects(run('getToken', { profileId: p.id }), refused);
      assert.equal(receivedByB.length, 0, 'nothing reached the other origin');
      // Metadata that moves later (same origin when entered, another one after rediscovery).
      tokenEndpoint = `${originA}/token`;
      const q = await run<{ id: string }>('addProfile', {
        name: 'Moved later',
        issuer: originA,
        clientId: 'c2',
        authMethod: 'client_secret_basic',
        clientSecret: secret,
        setActive: false,
      });
      const first = await run<Record<string, unknown>>('getToken', { profileId: q.id });
      assert.equal(first.status, 400, 'the request went to origin A');
      tokenEndpoint = `${originB}/token`;
      await run('discover', { profileId: q.id });
      await assert.rejects(run('getToken', { profileId: q.id }), refused);
      assert.equal(receivedByB.length, 0, 'nothing reached the other origin');
    });

    it('an imported profile whose endpoint is on another origin: the secret entered for it is not sent there without allowNewOrigin', async () => {
      tokenEndpoint = `${originA}/token`;
      const json = JSON.stringify({
        format: 'oauth-workbench.profiles',
        version: 1,
        profiles: [
          {
            name: 'Imported moved',
            issuer: originA,
            clientId: 'c3',
            authMethod: 'client_secret_basic',
            endpoints: { token: `${originB}/token` },
          },
        ],
      });
      const imported = await run<{ imported: Array<{ id: string }> }>('importProfiles', { json });
      const id = imported.imported[0]!.id;
      await run('setClientSecret', { profileId: id, clientSecret: secret });
      assert.deepEqual(api.services.origins.origins(id), [originA]);
      await assert.rejects(run('getToken', { profileId: id }), refused);
      assert.equal(receivedByB.length, 0, 'nothing reached the other origin');
      // The refusal is what kept it away: with consent it does go there.
      const allowed = await run<Record<string, unknown>>('getToken', { profileId: id, allowNewOrigin: true });
      assert.equal(allowed.status, 400);
      assert.equal(receivedByB.length, 1);
      assert.equal(receivedByB[0]!.authorization, `Basic ${Buffer.from(`c3:${secret}`).toString('base64')}`);
      receivedByB.length = 0;
    });

    it('a settings-file secret binds on first use to the issuer the settings entry names, not to the endpoints metadata announces', async () => {
      tokenEndpoint = `${originB}/token`;
      const file = path.join(dir, 'secret.txt');
      writeFileSync(file, secret, { mode: 0o600 });
      await vscode.workspace.getConfiguration('oauthWorkbench').update(
        'profiles',
        [
          {
            id: 'moved',
            name: 'Moved (settings)',
            issuer: originA,
            clientId: 'c4',
            authMethod: 'client_secret_basic',
            clientSecretFile: file,
          },
        ],
        vscode.ConfigurationTarget.Global,
      );
      await eventually(() => assert.ok(api.services.store.get('settings-moved')));
      await assert.rejects(run('getToken', { profileId: 'settings-moved' }), refused);
      assert.equal(await api.services.secrets.get('settings-moved', 'clientSecret'), secret, 'the file was read into SecretStorage');
      assert.deepEqual(api.services.origins.origins('settings-moved'), [originA]);
      assert.equal(receivedByB.length, 0, 'nothing reached the other origin');
    });
  });

  it('deleting the profile forgets its origins', async () => {
    const p = api.services.store.list().find((x) => x.name === 'Bound');
    assert.ok(p);
    await run('deleteProfile', { profileId: p.id });
    assert.deepEqual(api.services.origins.origins(p.id), []);
  });
});
