/**
 * Shared helpers of the shell's integration tests (bundled into each test file).
 * Tests drive the extension through its commands and the test-only API that
 * activate() returns under the test runner; nothing here talks to a stub.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
// Type-only (erased by esbuild): the runner's description of the fixture server's JSON file.
import type { AuthServerDescription, DemoClientDescription } from '../host/auth-server';

export const EXTENSION_ID = 'oauth-workbench.oauth-workbench';

/** The local oidc-provider the runner started (OAUTH_WB_TEST_SERVER). */
export function testServer(): AuthServerDescription {
  const file = process.env.OAUTH_WB_TEST_SERVER;
  assert.ok(file, 'OAUTH_WB_TEST_SERVER is not set: run the suites with the integration runner (test/host/run-integration.ts)');
  return JSON.parse(readFileSync(file, 'utf8')) as AuthServerDescription;
}

export function demoClient(name: string): DemoClientDescription {
  const c = testServer().clients[name];
  assert.ok(c, `the test server has no demo client "${name}"`);
  return c;
}

/** Activates the extension and returns its test API. */
export async function workbench(): Promise<TestingApi> {
  const ext = vscode.extensions.getExtension<{ testing?: TestingApi }>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  const api = await ext.activate();
  assert.ok(api.testing, 'activate() returned no testing API: is the extension running in test mode?');
  return api.testing;
}

/** Runs a command with an argument object (no UI) and returns its summary. */
export async function run<T = Record<string, unknown>>(command: string, args: Record<string, unknown>): Promise<T> {
  return await vscode.commands.executeCommand(`oauthWorkbench.${command}`, args);
}

/** Deletes every stored profile (with its secrets) and resets the test clock. */
export async function resetWorkbench(api: TestingApi): Promise<void> {
  api.clock.nowMs = () => Date.now();
  for (const p of api.services.store.list()) {
    if (p.source === 'stored') await run('deleteProfile', { profileId: p.id });
  }
  await api.services.store.setActive(undefined);
}

/** Adds a private_key_jwt profile for the fixture's `service` client (its private JWK carries the registered kid). */
export async function addServiceProfile(
  extra: Record<string, unknown> = {},
): Promise<{ id: string; name: string } & Record<string, unknown>> {
  const server = testServer();
  const service = demoClient('service');
  return run('addProfile', {
    name: 'Demo service',
    issuer: server.issuer,
    clientId: service.clientId,
    authMethod: 'private_key_jwt',
    privateKey: JSON.stringify(service.privateJwk),
    ...extra,
  });
}

/** Waits until `check` passes (views update on events), or fails with its last error. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await check();
      return;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw last;
}

/** Asserts that none of `needles` occurs in `haystack` (naming where). */
export function assertNoSecrets(haystack: string, needles: readonly string[], where: string): void {
  for (const n of needles) {
    assert.ok(n.length >= 8, 'canary too short to be meaningful');
    assert.ok(!haystack.includes(n), `a secret (${n.slice(0, 4)}…, ${n.length} chars) was found in ${where}`);
  }
}
