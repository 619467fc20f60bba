/**
 * E2E harness: the real VS Code workbench (code-server 4.100.3) with the packaged
 * extension installed, driven by Playwright through Debian's Chromium.
 *
 *   const wb = await startWorkbench({ settings: { 'workbench.colorTheme': 'Default Light Modern' } });
 *   await wb.runCommand('OAuth: Get Token');
 *   await wb.screenshot('token-light');
 *   await wb.stop();
 *
 * Every workbench gets its own local authorization server (`wb.authServer`, the JSON
 * the fixture CLI writes; its path is also in `OAUTH_WB_TEST_SERVER` of the extension
 * host), temp workspace, user-data and extensions folders. Screenshots go to
 * test-output/screenshots/, process logs to test-output/logs/.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startAuthServerProcess, type AuthServerDescription, type RunningAuthServer } from '../host/auth-server';
import { launchChromium, newWorkbenchContext } from '../host/browser';
import { ensureCodeServer, installExtension, startCodeServer, type CodeServer } from '../host/code-server';
import { logsDir, repoRoot, screenshotsDir, vsixPath } from '../host/paths';
import { stopServicesOnExit } from '../host/processes';

export interface WorkbenchOptions {
  /**
   * User settings merged over the harness defaults (e.g. `workbench.colorTheme`); or a function
   * of the started authorization server and a private temp folder (for profiles pointing at it).
   */
  settings?: Record<string, unknown> | ((server: AuthServerDescription, tmp: string) => Record<string, unknown>);
  /** More arguments for the fixture authorization server (e.g. `['--client-credentials-ttl', '30']`). */
  authServerArgs?: string[];
  /** More .vsix files installed next to the extension (e.g. the consumer test extension). */
  extraExtensions?: string[];
  /** true (default): workspace trusted; false: trust on, folder untrusted (Restricted Mode). */
  trust?: boolean;
  /** Files to create in the workspace before it opens (relative path → content). */
  files?: Record<string, string>;
  /** Prefix of this workbench's log files (default `e2e-<n>`). */
  name?: string;
  /** Start the workbench without its own authorization server. */
  noAuthServer?: boolean;
}

export interface Workbench {
  page: Page;
  /** The workbench URL the page opened. */
  url: string;
  /** The local authorization server's description (issuer, demo clients with their secrets). */
  authServer: AuthServerDescription;
  /** The description file's path (= `OAUTH_WB_TEST_SERVER` in the extension host). */
  authServerFile: string;
  /** The opened folder. */
  workspace: string;
  codeServer: CodeServer;
  /** Saves test-output/screenshots/<name>.png (of `target`, or the whole window) and returns its path. */
  screenshot(name: string, target?: { screenshot(o: { path: string }): Promise<unknown> }): Promise<string>;
  /** Runs a command by its palette title (e.g. `OAuth: Get Token`) through F1. */
  runCommand(title: string): Promise<void>;
  /** Opens a workspace file in an editor through Quick Open (Ctrl+P) and waits for its tab. */
  openFile(relativePath: string): Promise<void>;
  /** Closes the browser and stops code-server and the authorization server; idempotent. */
  stop(): Promise<void>;
}

let counter = 0;
let exitHandlers = false;

/**
 * The packaged extension: `OAUTH_WB_VSIX`, else dist/oauth-workbench.vsix — rebuilt with
 * `npm run package` when missing or older than the sources (one builder at a time).
 */
export function ensureVsix(): string {
  if (process.env.OAUTH_WB_VSIX) return process.env.OAUTH_WB_VSIX;
  if (existsSync(vsixPath) && statSync(vsixPath).mtimeMs >= newestSourceMtime()) return vsixPath;
  execFileSync('flock', [path.join(tmpdir(), 'oauth-wb-package.lock'), 'npm', 'run', '--silent', 'package'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 300_000,
  });
  if (!existsSync(vsixPath)) throw new Error(`npm run package did not produce ${vsixPath}`);
  return vsixPath;
}

function newestSourceMtime(): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of ['src', 'media', 'package.json', 'README.md']) visit(path.join(repoRoot, p));
  return newest;
}

/** Starts an authorization server, code-server with the extension installed, and Chromium on the folder. */
export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  if (!exitHandlers) {
    exitHandlers = true;
    stopServicesOnExit();
  }
  const name = options.name ?? `e2e-${++counter}`;
  const vsix = ensureVsix();
  const installDir = ensureCodeServer();
  const tmp = mkdtempSync(path.join(tmpdir(), `oauth-wb-${name}-`));
  const workspace = path.join(tmp, 'workspace');
  const extensionsDir = path.join(tmp, 'extensions');
  mkdirSync(workspace, { recursive: true });
  for (const [rel, content] of Object.entries(options.files ?? {})) {
    const target = path.join(workspace, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  installExtension(vsix, extensionsDir, installDir);
  for (const extra of options.extraExtensions ?? []) installExtension(extra, extensionsDir, installDir);

  let authServer: RunningAuthServer | undefined;
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await browser?.close().catch(() => undefined);
      await codeServer?.stop();
      await authServer?.stop();
      // VS Code's own logs (extension host, each extension's output channel) outlive the run.
      const vscodeLogs = path.join(tmp, 'user-data', 'logs');
      if (existsSync(vscodeLogs)) cpSync(vscodeLogs, path.join(logsDir(), `${name}-vscode`), { recursive: true, force: true });
      rmSync(tmp, { recursive: true, force: true });
    })());

  try {
    const authFile = path.join(tmp, 'auth-server.json');
    if (!options.noAuthServer) {
      authServer = await startAuthServerProcess({
        outFile: authFile,
        logFile: `${name}-auth-server.log`,
        ...(options.authServerArgs ? { args: options.authServerArgs } : {}),
      });
    }
    const settings =
      typeof options.settings === 'function'
        ? options.settings(authServer?.description ?? { issuer: '', port: 0, clients: {} }, tmp)
        : options.settings;
    codeServer = await startCodeServer({
      workspace,
      userDataDir: path.join(tmp, 'user-data'),
      extensionsDir,
      trust: options.trust !== false,
      settings: { 'workbench.colorTheme': 'Default Dark Modern', ...settings },
      env: authServer
        ? { OAUTH_WB_TEST_SERVER: authServer.file, OAUTH_WB_TEST_WORKSPACE: workspace }
        : { OAUTH_WB_TEST_WORKSPACE: workspace },
      installDir,
      logFile: `${name}-code-server.log`,
    });
    browser = await launchChromium();
    const context = await newWorkbenchContext(browser, codeServer.origin);
    const page = await context.newPage();
    const browserLog = path.join(logsDir(), `${name}-browser.log`);
    writeFileSync(browserLog, '');
    page.on('console', (m) => appendFileSync(browserLog, `[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => appendFileSync(browserLog, `[pageerror] ${e.message}\n`));
    const url = codeServer.folderUrl();
    await page.goto(url);
    await waitForWorkbench(page);
    const cs = codeServer;
    return {
      page,
      url,
      authServer: authServer?.description ?? { issuer: '', port: 0, clients: {} },
      authServerFile: authServer ? authServer.file : '',
      workspace,
      codeServer: cs,
      screenshot: (shot, target) => saveScreenshot(target ?? page, shot),
      runCommand: (title) => runCommand(page, title),
      openFile: (rel) => openFile(page, rel),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Waits until the workbench shows its activity bar and status bar and the extension host is up. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  // The palette answers once the workbench has restored; a short settle lets
  // contributions from the installed extensions (activity bar icons) appear.
  await page.waitForTimeout(1500);
}

async function saveScreenshot(target: { screenshot(o: { path: string }): Promise<unknown> }, name: string): Promise<string> {
  const file = path.join(screenshotsDir(), `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await target.screenshot({ path: file });
  return file;
}

/**
 * Opens the command palette with F1, filters by `title`, and runs the entry whose label is exactly `title`.
 * The palette lists the commands known when it opens; on a busy machine an extension's contributions
 * can register a few seconds after the workbench shows, so a palette without the entry is closed and
 * opened again until `timeoutMs`.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input.input');
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(title) }) })
    .first();
  const deadline = Date.now() + timeoutMs;
  let shown: string[] = [];
  while (Date.now() < deadline) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    try {
      // F1 pressed while a previous quick pick is still closing can be lost: a palette that does not
      // show within 5 s is opened again (seen once in a clean-clone run: 'element is not visible' for 30 s).
      await input.waitFor({ state: 'visible', timeout: Math.min(5000, Math.max(1000, deadline - Date.now())) });
      await input.fill(`>${title}`, { timeout: 5000 });
      await row.waitFor({ state: 'visible', timeout: Math.min(5000, Math.max(1000, deadline - Date.now())) });
      // The command may open its own quick pick in the same widget, so don't wait for it to close.
      await row.click();
      return;
    } catch {
      shown = await widget
        .locator('.monaco-list-row .label-name')
        .allInnerTexts()
        .catch(() => []);
    }
  }
  await page.keyboard.press('Escape');
  throw new Error(`command "${title}" is not in the command palette (shown: ${shown.slice(0, 10).join(' | ') || 'nothing'})`);
}

/** Opens `relativePath` from the workspace through Quick Open and waits for its editor tab. */
export async function openFile(page: Page, relativePath: string, timeoutMs = 15_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input.input');
  const name = path.basename(relativePath);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(relativePath);
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(name) }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
  await page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
