/**
 * The shared client file `.vscode/oauth-clients.json` in a real VS Code: its clients are
 * listed read-only, each user's secret goes to SecretStorage bound to the issuer's
 * origin, secret fields in the file are ignored and reported, the drift check compares
 * the file with discovery, and editing the file reloads the clients.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { workspaceFolder } from './workspace-settings.helpers';
import { assertNoSecrets, demoClient, eventually, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

describe('shared client file (.vscode/oauth-clients.json)', () => {
  let api: TestingApi;
  let file: string;
  const content = (clients: unknown[]) => JSON.stringify({ format: 'oauth-workbench.clients', version: 1, clients }, null, 2);
  /** As `git pull` writes it: straight to disk (the file watcher reports it). */
  const write = (clients: unknown[]): void => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content(clients));
  };
  /** As the editor saves it: through VS Code's file service. */
  const save = (clients: unknown[]) => vscode.workspace.fs.writeFile(vscode.Uri.file(file), new TextEncoder().encode(content(clients)));
  const fileClients = () => api.services.store.list().filter((p) => p.source === 'file');

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    file = path.join(workspaceFolder(), '.vscode', 'oauth-clients.json');
  });
  after(async () => {
    for (const p of fileClients()) {
      await api.services.secrets.deleteAll(p.id);
      await api.services.origins.clear(p.id);
    }
    rmSync(file, { force: true });
    await eventually(() => assert.equal(fileClients().length, 0));
    await resetWorkbench(api);
  });

  it('lists the file clients read-only, ignores secret fields and says so without their values', async () => {
    await save([
      {
        id: 'service',
        name: 'Team service',
        issuer: testServer().issuer,
        clientId: demoClient('service').clientId,
        authMethod: 'private_key_jwt',
        keyId: demoClient('service').publicJwk?.kid,
        privateKey: 'SMUGGLED-PRIVATE-KEY-VALUE',
      },
      { name: 'Broken', issuer: 'nope', clientId: 'x' },
    ]);
    await eventually(() => assert.equal(fileClients().length, 1), 10_000);
    const p = fileClients()[0]!;
    assert.equal(p.name, 'Team service');
    assert.match(p.id, /^file-service-/);
    const problems = api.services.store.files.problems.join('\n');
    assert.match(problems, /client 2: "issuer" must be an absolute http\(s\) URL/);
    assert.match(problems, /secret fields are never read from a shared file .*client 1: privateKey/);
    assertNoSecrets(problems, ['SMUGGLED-PRIVATE-KEY-VALUE'], 'the reported problems');
    assert.equal(await api.services.secrets.get(p.id, 'privateKey'), undefined, 'the smuggled key was not stored');
    await assert.rejects(run('editProfile', { profileId: p.id, name: 'x' }), /shared client file/);
    await assert.rejects(run('deleteProfile', { profileId: p.id }), /shared client file/);
    const node = (await api.tree.getChildren()).find((n) => n.profileId === p.id);
    assert.match(String(node?.item.contextValue), /\.settings$/, 'the tree offers the read-only menus');
  });

  it("keeps each user's secret in SecretStorage, bound to the issuer's origin, and gets a token", async () => {
    const p = fileClients()[0]!;
    await run('setPrivateKey', { profileId: p.id, privateKey: JSON.stringify(demoClient('service').privateJwk) });
    assert.deepEqual(api.services.origins.origins(p.id), [new URL(testServer().issuer).origin]);
    const r = await run<Record<string, unknown>>('getToken', { profileId: p.id });
    assert.equal(r.ok, true, JSON.stringify(r.error));
  });

  it('checks the file against discovery and reports a pinned endpoint that moved', async () => {
    const ok = await run<{ checked: number; drifted: number }>('checkClientFile', {});
    assert.deepEqual([ok.checked, ok.drifted], [1, 0]);
    const p = fileClients()[0]!;
    write([
      {
        id: 'service',
        name: 'Team service',
        issuer: testServer().issuer,
        clientId: demoClient('service').clientId,
        authMethod: 'private_key_jwt',
        endpoints: { introspection: `${testServer().issuer}/old/introspect` },
      },
    ]);
    await eventually(() => assert.ok(fileClients()[0]?.endpoints?.introspection), 10_000);
    assert.equal(fileClients()[0]!.id, p.id, 'same file id, issuer and client: same secrets');
    const r = await run<{ drifted: number; clients: Array<{ drift: Array<{ field: string; discovered?: string }> }> }>(
      'checkClientFile',
      {},
    );
    assert.equal(r.drifted, 1);
    assert.deepEqual(
      r.clients[0]!.drift.map((d) => [d.field, d.discovered]),
      [['introspection', `${testServer().issuer}/token/introspection`]],
    );
  });
});
