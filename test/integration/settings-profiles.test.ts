/**
 * Profiles from the `oauthWorkbench.profiles` setting: listed read-only, their
 * `privateKeyFile` read once on first use into SecretStorage (never into settings),
 * and invalid entries skipped with a clear reason.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { demoClient, eventually, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

describe('profiles defined in settings', () => {
  let api: TestingApi;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('oauthWorkbench');

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    dir = mkdtempSync(path.join(tmpdir(), 'oauth-wb-settings-'));
    const keyFile = path.join(dir, 'service.jwk.json');
    writeFileSync(keyFile, JSON.stringify(demoClient('service').privateJwk), { mode: 0o600 });
    const pemFile = path.join(dir, 'service.pem');
    writeFileSync(pemFile, String(demoClient('service').privatePem), { mode: 0o600 });
    await config().update(
      'profiles',
      [
        {
          id: 'demo',
          name: 'Demo (settings)',
          issuer: testServer().issuer,
          clientId: demoClient('service').clientId,
          authMethod: 'private_key_jwt',
          privateKeyFile: keyFile,
        },
        { name: 'Broken (settings)', clientId: 'no-issuer' },
        // As `npm start` writes it: a PEM key file (no kid inside) and the registered kid.
        {
          id: 'pem',
          name: 'PEM (settings)',
          issuer: testServer().issuer,
          clientId: demoClient('service').clientId,
          authMethod: 'private_key_jwt',
          privateKeyFile: pemFile,
          keyId: String(demoClient('service').publicJwk?.kid),
        },
      ],
      vscode.ConfigurationTarget.Global,
    );
  });
  after(async () => {
    await config().update('profiles', undefined, vscode.ConfigurationTarget.Global);
    for (const id of ['settings-demo', 'settings-pem']) {
      await api.services.secrets.deleteAll(id);
      await api.services.origins.clear(id);
    }
    await resetWorkbench(api);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the valid entry as a read-only settings profile and reports the broken one', async () => {
    await eventually(() => assert.ok(api.services.store.get('settings-demo')));
    const p = api.services.store.get('settings-demo');
    assert.equal(p?.source, 'settings');
    assert.equal(p?.name, 'Demo (settings)');
    assert.equal(
      api.services.store.list().some((x) => x.name === 'Broken (settings)'),
      false,
    );
    assert.ok(
      api.services.store.settingsProblems.some((m) => /issuer/.test(m)),
      api.services.store.settingsProblems.join(' | '),
    );
    const node = (await api.tree.getChildren()).find((n) => n.profileId === 'settings-demo');
    assert.match(String(node?.item.contextValue), /^profile(\.active)?\.settings$/);
  });

  it('reads privateKeyFile on first use, keeps it in SecretStorage, and gets a token', async () => {
    assert.equal(await api.services.secrets.get('settings-demo', 'privateKey'), undefined);
    const r = await run<Record<string, unknown>>('getToken', { profileId: 'settings-demo' });
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.ok(await api.services.secrets.get('settings-demo', 'privateKey'), 'the key moved into SecretStorage');
    const settingsText = JSON.stringify(config().inspect('profiles'));
    assert.ok(!settingsText.includes(String(demoClient('service').privateJwk?.d)), 'the key is not in settings');
  });

  it('gets a token with a PEM key file and the registered kid (the npm start demo profile)', async () => {
    const r = await run<Record<string, unknown>>('getToken', { profileId: 'settings-pem' });
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(api.services.history.last('settings-pem')?.exchange.assertion?.header.kid, demoClient('service').publicJwk?.kid);
  });

  it('refuses edit and delete of a settings profile, pointing to the setting', async () => {
    await assert.rejects(run('editProfile', { profileId: 'settings-demo', name: 'x' }), /oauthWorkbench\.profiles/);
    await assert.rejects(run('deleteProfile', { profileId: 'settings-demo' }), /oauthWorkbench\.profiles/);
  });

  it('duplicating it gives an editable stored copy with the key', async () => {
    const copy = await run<{ id: string; source: string; hasSecret: boolean }>('duplicateProfile', { profileId: 'settings-demo' });
    assert.equal(copy.source, 'stored');
    assert.equal(copy.hasSecret, true);
    const r = await run<Record<string, unknown>>('getToken', { profileId: copy.id });
    assert.equal(r.ok, true);
  });
});
