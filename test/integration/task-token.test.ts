/**
 * The one command that hands out a raw token — as VS Code's `${input:…}` resolution of a
 * real tasks.json runs it: refused without the workspace's consent, the fresh access token
 * after it (remembered), revocable from the tree; and the optional terminal variable.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { recordMessages } from './observe';
import { workspaceFolder } from './workspace-settings.helpers';
import { addServiceProfile, eventually, resetWorkbench, run, workbench } from './workbench-helpers';

const ALLOW = 'Allow for This Workspace';
const sha = (v: string) => createHash('sha256').update(v).digest('hex');

describe('access token for tasks (command input) and terminals', () => {
  let api: TestingApi;
  let profileId: string;
  let out: string;
  const tasksFile = () => path.join(workspaceFolder(), '.vscode', 'tasks.json');

  /** Runs the tasks.json task whose env holds `${input:token}`; resolves the task process exit code. */
  async function runTask(): Promise<number | undefined> {
    let task: vscode.Task | undefined;
    await eventually(async () => {
      task = (await vscode.tasks.fetchTasks()).find((t) => t.name === 'call api with token');
      assert.ok(task, 'the task from tasks.json is known');
    }, 10_000);
    const ended = new Promise<number | undefined>((resolve) => {
      const l = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name === 'call api with token') {
          l.dispose();
          resolve(e.exitCode);
        }
      });
    });
    try {
      await vscode.tasks.executeTask(task!);
    } catch {
      return undefined; // input resolution failed: the task did not start
    }
    return Promise.race([ended, new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000))]);
  }

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    profileId = (await addServiceProfile({ name: 'Task demo' })).id;
    assert.equal((await run<Record<string, unknown>>('getToken', { profileId })).ok, true);
    out = path.join(workspaceFolder(), 'token-hash.txt');
    mkdirSync(path.dirname(tasksFile()), { recursive: true });
    // What a user writes: the token in the task's environment, never in its command line.
    const script =
      "require('fs').writeFileSync(process.env.OUT, require('crypto').createHash('sha256').update(process.env.TOKEN).digest('hex'))";
    writeFileSync(
      tasksFile(),
      JSON.stringify(
        {
          version: '2.0.0',
          tasks: [
            {
              label: 'call api with token',
              type: 'process',
              command: process.execPath,
              args: ['-e', script],
              options: { env: { TOKEN: '${input:token}', OUT: out, ELECTRON_RUN_AS_NODE: '1' } },
            },
          ],
          inputs: [{ id: 'token', type: 'command', command: 'oauthWorkbench.accessTokenForTask' }],
        },
        null,
        2,
      ),
    );
  });
  after(async () => {
    await api.services.context.workspaceState.update('oauthWorkbench.taskTokenConsent.v1', undefined);
    rmSync(tasksFile(), { force: true });
    rmSync(out, { force: true });
    await resetWorkbench(api);
  });

  it('without consent the command refuses and the task does not run', async () => {
    const shown = recordMessages(() => ''); // the user dismisses the consent prompt
    try {
      // Invoked as an input resolves it (no argument): the refusal rejects, so the task is aborted.
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('oauthWorkbench.accessTokenForTask')), /Not allowed/);
      assert.equal(await runTask(), undefined);
      assert.equal(existsSync(out), false, 'the task never ran');
      assert.ok(shown.messages.some((m) => /Allow tasks and launch configurations of this workspace/.test(m.message)));
    } finally {
      shown.dispose();
    }
  });

  it('after consent the task gets the fresh access token, and the consent is remembered', async () => {
    const shown = recordMessages((m) => (m.items.includes(ALLOW) ? ALLOW : undefined));
    try {
      assert.equal(await runTask(), 0);
      const token = (await api.services.secrets.tokens(profileId))!.access_token;
      assert.equal(readFileSync(out, 'utf8'), sha(token), 'the task saw the access token');
      const asked = shown.messages.length;
      assert.equal(await vscode.commands.executeCommand('oauthWorkbench.accessTokenForTask'), token);
      assert.equal(shown.messages.length, asked, 'no second prompt');
    } finally {
      shown.dispose();
    }
  });

  it('renews the token first when it expires within the threshold (test clock)', async () => {
    const before = (await api.services.secrets.tokens(profileId))!.access_token;
    const exp = api.services.session.token(profileId)!.expiresAt!;
    api.clock.nowMs = () => (exp - 60) * 1000;
    try {
      const given = await vscode.commands.executeCommand<string>('oauthWorkbench.accessTokenForTask');
      assert.notEqual(given, before);
      assert.equal(given, (await api.services.secrets.tokens(profileId))!.access_token);
    } finally {
      api.clock.nowMs = () => Date.now();
    }
  });

  it('puts the token into new terminals only with the setting and the consent, never persisted', async () => {
    const env = api.services.context.environmentVariableCollection;
    assert.equal(env.get('OAUTH_WORKBENCH_ACCESS_TOKEN'), undefined, 'off by default');
    const config = vscode.workspace.getConfiguration('oauthWorkbench.terminal');
    await config.update('exposeAccessToken', true, vscode.ConfigurationTarget.Global);
    try {
      const token = (await api.services.secrets.tokens(profileId))!.access_token;
      await eventually(() => assert.equal(env.get('OAUTH_WORKBENCH_ACCESS_TOKEN')?.value, token));
      assert.equal(env.persistent, false);
    } finally {
      await config.update('exposeAccessToken', undefined, vscode.ConfigurationTarget.Global);
    }
    await eventually(() => assert.equal(env.get('OAUTH_WORKBENCH_ACCESS_TOKEN'), undefined));
  });

  it('the consent shows in the tree and is revoked there; then the command asks again', async () => {
    const profile = (await api.tree.getChildren()).find((n) => n.profileId === profileId);
    const node = profile?.children().find((n) => n.item.contextValue === 'taskConsent');
    assert.ok(node, 'the tree shows that tasks may use the token');
    await run('revokeTaskAccess', { profileId });
    assert.equal(
      (await api.tree.getChildren())
        .find((n) => n.profileId === profileId)
        ?.children()
        .some((n) => n.item.contextValue === 'taskConsent'),
      false,
    );
    const shown = recordMessages(() => '');
    try {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('oauthWorkbench.accessTokenForTask')), /Not allowed/);
      assert.equal(shown.messages.filter((m) => /Allow tasks/.test(m.message)).length, 1, 'asked again');
    } finally {
      shown.dispose();
    }
  });
});
