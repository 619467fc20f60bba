/**
 * In a TRUSTED workspace, profiles from the workspace's settings are used (the
 * counterpart of workspace-settings.restricted.test.ts, which proves they are
 * ignored in Restricted Mode) — in their own id namespace: a workspace profile never
 * inherits the secrets the user stored for a profile of the same id (issue "Trust
 * under attack", item 5).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { demoClient, eventually, resetWorkbench, run, testServer, workbench } from './workbench-helpers';
import { removeWorkspaceSettings, writeWorkspaceSettings } from './workspace-settings.helpers';

describe('workspace settings in a trusted workspace', () => {
  let api: TestingApi;

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
  });
  afterEach(async () => {
    await vscode.workspace.getConfiguration('oauthWorkbench').update('profiles', undefined, vscode.ConfigurationTarget.Global);
    await api.services.secrets.deleteAll('settings-shared');
    await api.services.origins.clear('settings-shared');
    await removeWorkspaceSettings();
    await resetWorkbench(api);
  });

  const workspaceProfile = () => api.services.store.list().find((p) => p.source === 'settings' && p.definedIn === 'workspace');

  it('uses a profile defined in the workspace settings', async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    await writeWorkspaceSettings({
      'oauthWorkbench.profiles': [
        {
          id: 'ws',
          name: 'Workspace profile',
          issuer: testServer().issuer,
          clientId: demoClient('basic').clientId,
          authMethod: 'client_secret_basic',
        },
      ],
    });
    await eventually(() => {
      const p = workspaceProfile();
      assert.ok(p, 'the workspace profile is listed');
      assert.match(p.id, /^ws-[0-9a-f]{10}-ws$/, 'in the namespace of this workspace');
    });
  });

  it('never lets a workspace profile use the secrets stored for a user profile of the same id; the collision is reported', async () => {
    const basic = demoClient('basic');
    const entry = { id: 'shared', issuer: testServer().issuer, clientId: basic.clientId, authMethod: 'client_secret_basic' };
    await vscode.workspace
      .getConfiguration('oauthWorkbench')
      .update('profiles', [{ ...entry, name: 'Mine (user)' }], vscode.ConfigurationTarget.Global);
    await eventually(() => assert.ok(api.services.store.get('settings-shared')));
    await run('setClientSecret', { profileId: 'settings-shared', clientSecret: basic.clientSecret });

    // A cloned repository brings a profile with the same id, aimed at the same server.
    await writeWorkspaceSettings({ 'oauthWorkbench.profiles': [{ ...entry, name: 'Theirs (workspace)' }] });
    await eventually(() => assert.ok(workspaceProfile()));
    const ws = workspaceProfile()!;
    assert.notEqual(ws.id, 'settings-shared');
    assert.equal(api.services.store.get('settings-shared')?.name, 'Mine (user)', 'the user profile is still there, unchanged');
    assert.deepEqual(await api.services.secrets.clientSecrets(ws.id), {}, 'no secret under the workspace profile');
    assert.ok(
      api.services.store.settingsProblems.some((p) => /"shared" is also used in your user settings/.test(p) && p.includes(ws.id)),
      api.services.store.settingsProblems.join('\n'),
    );
    // Asking for a token with the workspace profile does not send the user's secret.
    await assert.rejects(run('getToken', { profileId: ws.id }), (e: unknown) => /CONFIG_MISSING_SECRET|client secret/i.test(String(e)));
  });
});
