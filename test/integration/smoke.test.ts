/** The extension loads in a real VS Code and registers its commands. */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'oauth-workbench.oauth-workbench';

describe('extension smoke', () => {
  it('is present and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers every oauthWorkbench command its manifest contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    const manifest = ext.packageJSON as { contributes?: { commands?: Array<{ command: string }> } };
    const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.includes('oauthWorkbench.getToken'), 'the manifest contributes no oauthWorkbench.getToken command');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('contributes a Getting Started walkthrough whose steps link to registered commands and existing media', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    type Step = { id: string; description: string; media: { markdown?: string }; completionEvents?: string[] };
    const walkthroughs =
      (ext.packageJSON as { contributes?: { walkthroughs?: Array<{ id: string; steps: Step[] }> } }).contributes?.walkthroughs ?? [];
    assert.equal(walkthroughs.length, 1);
    const registered = new Set(await vscode.commands.getCommands(true));
    const steps = walkthroughs[0]!.steps;
    assert.ok(steps.length >= 4, 'add client, get token, introspect, panel at least');
    for (const step of steps) {
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.ok(linked.length > 0, `${step.id} links to a command`);
      for (const c of linked) assert.ok(registered.has(c), `${step.id} links to unregistered ${c}`);
      assert.ok(
        step.media.markdown && existsSync(path.join(ext.extensionPath, step.media.markdown)),
        `${step.id} media ${step.media.markdown} exists`,
      );
      assert.ok((step.completionEvents ?? []).length > 0, `${step.id} can complete`);
    }
  });

  it('sees the local authorization server the runner started', async () => {
    // The runner sets this on the server process; the extension host must inherit it.
    const file = process.env.OAUTH_WB_TEST_SERVER;
    assert.ok(file, 'OAUTH_WB_TEST_SERVER is not set in the extension host');
    const { issuer } = JSON.parse(readFileSync(file, 'utf8')) as { issuer: string };
    const res = await fetch(`${issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { issuer?: string }).issuer, issuer);
  });
});
