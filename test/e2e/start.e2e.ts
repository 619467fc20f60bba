/**
 * `npm start` after its build steps (test/host/start-demo.ts): the authorization server
 * and the workbench come up with the demo profile and key, and SIGTERM stops both.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, newWorkbenchContext } from '../host/browser';
import { repoRoot, screenshotsDir } from '../host/paths';
import { startService, type Service } from '../host/processes';
import { ensureVsix, waitForWorkbench } from './harness';

interface Manifest {
  contributes?: { viewsContainers?: { activitybar?: Array<{ id: string; title: string }> } };
}

describe('npm start (e2e)', function () {
  this.timeout(180_000);
  let demoDir = '';
  let demo: Service | undefined;
  let browser: Browser | undefined;
  let url = '';
  let issuer = '';

  before(async () => {
    demoDir = mkdtempSync(path.join(tmpdir(), 'oauth-wb-demo-'));
    demo = startService(
      'npm-start',
      process.execPath,
      [
        require.resolve('tsx/cli', { paths: [repoRoot] }),
        path.join(repoRoot, 'test', 'host', 'start-demo.ts'),
        '--no-open',
        '--demo-dir',
        demoDir,
      ],
      { cwd: repoRoot, env: { ...process.env, OAUTH_WB_VSIX: ensureVsix() }, logFile: 'e2e-npm-start.log' },
    );
    url = (await demo.waitFor(/WORKBENCH READY (\S+)/, 120_000))[1] as string;
    issuer = (demo.output().match(/Authorization server \(issuer\): (\S+)/) ?? [])[1] ?? '';
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await demo?.stop();
    rmSync(demoDir, { recursive: true, force: true });
  });

  it('prints the issuer of a running authorization server', async () => {
    assert.match(issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
  });

  it('pre-points the demo profile at it, with the service key in a file only its owner can read', () => {
    const settings = JSON.parse(readFileSync(path.join(demoDir, 'vscode', 'user-data', 'User', 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const profiles = settings['oauthWorkbench.profiles'] as Array<Record<string, unknown>>;
    assert.deepEqual(
      profiles.map((p) => `${String(p.clientId)} ${String(p.authMethod)}${typeof p.dpop === 'string' ? ` dpop=${p.dpop}` : ''}`),
      ['demo-service private_key_jwt', 'demo-dpop private_key_jwt dpop=always', 'demo-mtls tls_client_auth'],
      'the demo shows a plain, a DPoP-required and an mTLS client',
    );
    const mtls = profiles[2]!;
    assert.equal(statSync(mtls.clientCertificateKeyFile as string).mode & 0o777, 0o600);
    assert.deepEqual(settings['oauthWorkbench.http.extraCaCertificates'], [
      path.join(path.dirname(mtls.clientCertificateFile as string), 'demo-test-ca.pem'),
    ]);
    const [profile] = profiles;
    assert.equal(profile?.issuer, issuer);
    assert.equal(profile?.clientId, 'demo-service');
    assert.equal(profile?.authMethod, 'private_key_jwt');
    const keyFile = profile?.privateKeyFile as string;
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.match(readFileSync(keyFile, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    assert.ok(!JSON.stringify(settings).includes('PRIVATE KEY'), 'a private key was written into settings.json');
  });

  it("opens the workbench with the extension's activity-bar icon", async () => {
    browser = await launchChromium();
    const page = await (await newWorkbenchContext(browser, new URL(url).origin)).newPage();
    await page.goto(url);
    await waitForWorkbench(page);
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
    const container = manifest.contributes?.viewsContainers?.activitybar?.[0];
    assert.ok(container, 'package.json contributes no activity-bar view container');
    const icon = page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${container.title}"]`).first();
    await icon.waitFor({ state: 'visible', timeout: 30_000 });
    await icon.click();
    // The "OAuth Clients" view is open and lists the demo client from the settings.
    const settings = JSON.parse(readFileSync(path.join(demoDir, 'vscode', 'user-data', 'User', 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const demoName = String((settings['oauthWorkbench.profiles'] as Array<Record<string, unknown>>)[0]?.name);
    const view = page.locator('.part.sidebar .pane', { hasText: 'OAuth Clients' }).first();
    await view.waitFor({ state: 'visible', timeout: 30_000 });
    const row = view.locator('.monaco-list-row', { hasText: demoName }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await row.innerText(), new RegExp(demoName));
    assert.equal(await page.locator('.part.sidebar .pane', { hasText: 'No OAuth clients yet' }).count(), 0, 'not the empty welcome view');
    await page.screenshot({ path: path.join(screenshotsDir(), 'npm-start.png') });
  });

  it('stops the workbench and the authorization server on SIGTERM', async () => {
    assert.ok(demo);
    await browser?.close();
    browser = undefined;
    process.kill(demo.pid, 'SIGTERM');
    const ended = await Promise.race([demo.exited, new Promise((r) => setTimeout(() => r('still running'), 20_000))]);
    assert.notEqual(ended, 'still running');
    await assert.rejects(fetch(`${issuer}/.well-known/openid-configuration`));
    await assert.rejects(fetch(url));
  });
});
