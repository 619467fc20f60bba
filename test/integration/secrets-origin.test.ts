/**
 * SecretStorage round trips through the extension's SecretStore, and SECURITY.md 6:
 * a stored secret is bound to the origin it was entered for; a credentialed request
 * to another origin is refused without UI unless `allowNewOrigin: true`.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { SecretStore } from '../../src/shell/profiles/secret-store';
import { addServiceProfile, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

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
    const failing: vscode.SecretStorage = { ...dropping, get: async () => { throw new Error('keyring locked'); }, store: async () => { throw new Error('keyring locked'); } };
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
    assert.equal(api.services.session.last(p.id), undefined, 'nothing was sent');
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

  it('entering a secret anew rebinds it to today\'s origins only', async () => {
    const p = api.services.store.list().find((x) => x.name === 'Bound');
    assert.ok(p);
    await run('editProfile', { profileId: p.id, endpoints: null });
    const key = await api.services.secrets.get(p.id, 'privateKey');
    assert.ok(key);
    await run('setPrivateKey', { profileId: p.id, privateKey: key });
    assert.deepEqual(api.services.origins.origins(p.id), [new URL(testServer().issuer).origin]);
  });

  it('deleting the profile forgets its origins', async () => {
    const p = api.services.store.list().find((x) => x.name === 'Bound');
    assert.ok(p);
    await run('deleteProfile', { profileId: p.id });
    assert.deepEqual(api.services.origins.origins(p.id), []);
  });
});
