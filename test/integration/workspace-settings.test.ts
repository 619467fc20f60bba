/**
 * In a TRUSTED workspace, profiles from the workspace's settings are used (the
 * counterpart of workspace-settings.restricted.test.ts, which proves they are
 * ignored in Restricted Mode).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { demoClient, eventually, resetWorkbench, testServer, workbench } from './workbench-helpers';
import { removeWorkspaceSettings, writeWorkspaceSettings } from './workspace-settings.helpers';

describe('workspace settings in a trusted workspace', () => {
  let api: TestingApi;

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
  });
  after(async () => {
    await removeWorkspaceSettings();
    await resetWorkbench(api);
  });

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
      const p = api.services.store.get('settings-ws');
      assert.equal(p?.source === 'settings' ? p.definedIn : undefined, 'workspace');
    });
  });
});
