/**
 * Export to JSON without secrets; import back as new profiles whose secrets are
 * asked for separately; secret fields slipped into a file are ignored.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestingApi } from '../../src/extension';
import { addServiceProfile, assertNoSecrets, demoClient, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

describe('export and import of profiles', () => {
  let api: TestingApi;
  let dir: string;

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    dir = mkdtempSync(path.join(tmpdir(), 'oauth-wb-transfer-'));
  });
  after(async () => {
    await resetWorkbench(api);
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports the non-secret fields only', async () => {
    await addServiceProfile({ name: 'Exported service', audience: 'endpoint', scope: 'api:read' });
    const basic = demoClient('basic');
    const b = await run<{ id: string }>('addProfile', {
      name: 'Exported basic',
      issuer: testServer().issuer,
      clientId: basic.clientId,
      authMethod: 'client_secret_basic',
      clientSecret: basic.clientSecret,
    });
    await run('getToken', { profileId: b.id });
    const file = path.join(dir, 'clients.json');
    const r = await run<Record<string, unknown>>('exportProfiles', { path: file });
    assert.equal(r.count, 2);
    const text = readFileSync(file, 'utf8');
    // The export is a shared client file: it can be committed as .vscode/oauth-clients.json.
    const doc = JSON.parse(text) as { format: string; clients: Array<Record<string, unknown>> };
    assert.equal(doc.format, 'oauth-workbench.clients');
    assert.deepEqual(doc.clients.map((p) => p.name).sort(), ['Exported basic', 'Exported service']);
    const service = doc.clients.find((p) => p.name === 'Exported service');
    assert.equal(service?.audience, 'endpoint');
    assert.equal(service?.scope, 'api:read');
    assert.equal('id' in (service ?? {}), false);
    const tokens = await api.services.secrets.tokens(b.id);
    assertNoSecrets(text, [basic.clientSecret!, String(demoClient('service').privateJwk?.d), tokens!.access_token], 'the export file');
  });

  it('imports them as new profiles that still need their secrets', async () => {
    await resetWorkbench(api);
    const r = await run<{ imported: Array<{ id: string; name: string; needsSecret: string | null }> }>('importProfiles', {
      path: path.join(dir, 'clients.json'),
    });
    assert.equal(r.imported.length, 2);
    for (const p of r.imported) {
      assert.ok(p.needsSecret, `${p.name} needs a secret`);
      assert.equal(await api.services.secrets.get(p.id, p.needsSecret as 'clientSecret'), undefined);
    }
    const basic = r.imported.find((p) => p.name === 'Exported basic');
    assert.ok(basic);
    await assert.rejects(
      run('getToken', { profileId: basic.id }),
      (e: Error & { code?: string }) => e.code === 'CONFIG_MISSING_SECRET' && /Set Client Secret/.test(e.message),
    );
    await run('setClientSecret', { profileId: basic.id, clientSecret: demoClient('basic').clientSecret });
    const t = await run<Record<string, unknown>>('getToken', { profileId: basic.id });
    assert.equal(t.ok, true);
  });

  it('ignores secret fields found in an imported file and skips invalid entries', async () => {
    const json = JSON.stringify({
      profiles: [
        {
          name: 'With smuggled secret',
          issuer: testServer().issuer,
          clientId: 'x',
          authMethod: 'client_secret_post',
          clientSecret: 'smuggled-secret-value-123',
        },
        { name: 'Broken', issuer: 'not a url', clientId: 'y' },
      ],
    });
    const r = await run<{ imported: Array<{ id: string }>; skipped: string[]; ignoredSecretFields: number }>('importProfiles', { json });
    assert.equal(r.imported.length, 1);
    assert.equal(r.skipped.length, 1);
    assert.match(r.skipped[0]!, /issuer/);
    assert.equal(r.ignoredSecretFields, 1);
    assert.equal(await api.services.secrets.get(r.imported[0]!.id, 'clientSecret'), undefined);
    assertNoSecrets(
      JSON.stringify(api.services.context.globalState.keys().map((k) => api.services.context.globalState.get(k))),
      ['smuggled-secret-value-123'],
      'globalState',
    );
  });

  it('refuses a file that is not an export', async () => {
    writeFileSync(path.join(dir, 'bad.json'), '{"hello": 1}');
    await assert.rejects(run('importProfiles', { path: path.join(dir, 'bad.json') }), /no "clients" list/);
  });

  it('imports 1,000 clients with ONE write of the stored list and one change event', async () => {
    await resetWorkbench(api);
    const issuer = testServer().issuer;
    const json = JSON.stringify({
      clients: Array.from({ length: 1000 }, (_, i) => ({ name: `Bulk ${i % 10}`, issuer, clientId: `bulk-${i}` })),
    });
    const state = api.services.context.globalState;
    const update = state.update.bind(state);
    const writes: string[] = [];
    let changes = 0;
    const listener = api.services.store.onDidChange(() => changes++);
    (state as { update: typeof state.update }).update = (key, value) => {
      writes.push(key);
      return update(key, value);
    };
    try {
      const r = await run<{ imported: Array<{ id: string; name: string }> }>('importProfiles', { json });
      assert.equal(r.imported.length, 1000);
      assert.deepEqual(
        writes.filter((k) => k === 'oauthWorkbench.profiles.v1'),
        ['oauthWorkbench.profiles.v1'],
        'the stored list is written once',
      );
      // Repeated names are made unique against each other, not only against the store.
      assert.equal(new Set(r.imported.map((p) => p.name)).size, 1000);
      assert.ok(r.imported.some((p) => p.name === 'Bulk 3 (100)'));
      assert.equal(api.services.store.list().filter((p) => p.source === 'stored').length, 1000);
      // The list and the active client go out in one flush of the extension's state, with one change event.
      assert.equal(changes, 1, 'one change event for the list and the active client');
      assert.equal(api.services.store.active()?.id, r.imported[0]!.id, 'the first imported client became active');
    } finally {
      (state as { update: typeof state.update }).update = update;
      listener.dispose();
      // The imported clients hold no secrets: one write removes them all again.
      await state.update('oauthWorkbench.profiles.v1', []);
    }
  });
});
