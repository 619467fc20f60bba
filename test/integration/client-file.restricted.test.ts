/**
 * Restricted Mode: a cloned repository's shared client file is ignored — its clients are
 * not listed, and the reason says how to use them (trust the workspace).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { workspaceFolder } from './workspace-settings.helpers';
import { eventually, testServer, workbench } from './workbench-helpers';

describe('shared client file in Restricted Mode', () => {
  it('is ignored while the workspace is not trusted', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this pass runs in an untrusted workspace');
    const api = await workbench();
    const file = path.join(workspaceFolder(), '.vscode', 'oauth-clients.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ clients: [{ name: 'Repo client', issuer: testServer().issuer, clientId: 'evil' }] }));
    try {
      await api.services.store.files.reload();
      await eventually(() => assert.match(api.services.store.files.problems.join('\n'), /ignored in Restricted Mode/));
      assert.equal(api.services.store.list().filter((p) => p.source === 'file').length, 0);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
