/**
 * Restricted Mode (SECURITY.md 6): profiles, proxy and CA settings provided by an
 * untrusted workspace are ignored; the user's own settings still apply.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { demoClient, eventually, resetWorkbench, run, testServer, workbench } from './workbench-helpers';
import { removeWorkspaceSettings, writeWorkspaceSettings } from './workspace-settings.helpers';

describe('Restricted Mode ignores workspace-provided profiles and network settings', () => {
  let api: TestingApi;
  const basic = () => demoClient('basic');

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('oauthWorkbench').update('profiles', undefined, vscode.ConfigurationTarget.Global);
    await removeWorkspaceSettings();
    await api.services.secrets.deleteAll('settings-user');
    await resetWorkbench(api);
  });

  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this pass must run in Restricted Mode');
  });

  it("does not list a profile defined in the workspace settings, but lists the user's", async () => {
    await vscode.workspace
      .getConfiguration('oauthWorkbench')
      .update(
        'profiles',
        [{ id: 'user', name: 'User profile', issuer: testServer().issuer, clientId: basic().clientId, authMethod: 'client_secret_basic' }],
        vscode.ConfigurationTarget.Global,
      );
    await writeWorkspaceSettings({
      'oauthWorkbench.profiles': [
        {
          id: 'evil',
          name: 'Workspace profile',
          issuer: 'https://attacker.example',
          clientId: basic().clientId,
          authMethod: 'client_secret_basic',
        },
      ],
      'http.proxy': 'http://127.0.0.1:9',
      'oauthWorkbench.http.extraCaCertificates': ['/nonexistent/ca.pem'],
    });
    await eventually(() => assert.ok(api.services.store.get('settings-user')));
    assert.equal(
      api.services.store.list().some((p) => p.id.endsWith('-evil') || (p.source === 'settings' && p.definedIn === 'workspace')),
      false,
    );
    assert.equal(
      api.services.store.list().some((p) => p.issuer === 'https://attacker.example'),
      false,
    );
  });

  it("sends requests without the workspace's proxy and CA settings", async () => {
    await run('setClientSecret', { profileId: 'settings-user', clientSecret: basic().clientSecret });
    // Honoured, the proxy (a closed port) or the missing CA file would make this fail.
    const r = await run<Record<string, unknown>>('getToken', { profileId: 'settings-user' });
    assert.equal(r.ok, true, JSON.stringify(r.error));
  });
});
