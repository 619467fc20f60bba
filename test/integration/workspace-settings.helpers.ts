/** Writes the test workspace's .vscode/settings.json (as a cloned repository would bring it). */
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventually } from './workbench-helpers';

export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.env.OAUTH_WB_TEST_WORKSPACE;
  assert.ok(folder, 'the test window has no workspace folder');
  return folder;
}

/** Writes the settings and waits until VS Code has read them (a marker setting shows up). */
export async function writeWorkspaceSettings(settings: Record<string, unknown>): Promise<void> {
  const dir = path.join(workspaceFolder(), '.vscode');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify({ ...settings, 'oauthWorkbench.statusBar.warningThresholdMinutes': 7 }, null, 2),
  );
  await eventually(() => {
    const v = vscode.workspace.getConfiguration('oauthWorkbench.statusBar').inspect('warningThresholdMinutes')?.workspaceValue;
    assert.equal(v, 7, 'the workspace settings file was read');
  }, 10_000);
}

export async function removeWorkspaceSettings(): Promise<void> {
  rmSync(path.join(workspaceFolder(), '.vscode'), { recursive: true, force: true });
  await eventually(
    () =>
      assert.equal(
        vscode.workspace.getConfiguration('oauthWorkbench.statusBar').inspect('warningThresholdMinutes')?.workspaceValue,
        undefined,
      ),
    10_000,
  );
}
