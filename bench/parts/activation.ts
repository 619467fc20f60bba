/**
 * Activation in the real VS Code (code-server 4.100.3, as test/host uses): the
 * production bundle against an empty extension with the same manifest (activation
 * events and contributions) whose `activate()` does nothing. Sessions alternate
 * empty/real, each in a fresh code-server and browser page.
 *
 * How the time is read: VS Code's extension host times each activation itself
 * (`ExtensionActivationTimes`: code loading, the `activate()` call, its promise) and
 * reports it to the workbench, which shows code loading + activate call as
 * "Activation: N ms" in `Developer: Show Running Extensions`. The bench opens that
 * editor and reads the row of the extension.
 *
 * Code loaded at activation: a separate, untimed session starts code-server with
 * `NODE_OPTIONS=--require <probe>`; the probe (in the extension host) records every
 * file under the extension's folder that node compiles, and its size.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../test/host/browser';
import { ensureCodeServer } from '../../test/host/code-server';
import { screenshotsDir } from '../../test/host/paths';
import { median } from '../harness';
import { kb, ms, plusMs, type Row } from '../table';
import { prepareExtensions, withWorkbench, type Extensions } from '../vscode';

const PROBE_JS = `
const Module = require('node:module');
const fs = require('node:fs');
const dir = process.env.BENCH_PROBE_DIR, out = process.env.BENCH_PROBE_OUT;
if (dir && out) {
  const js = Module._extensions['.js'];
  Module._extensions['.js'] = function (module, filename) {
    if (!filename.startsWith(dir)) return js.call(this, module, filename);
    const t0 = performance.now();
    try {
      return js.call(this, module, filename);
    } finally {
      const ms = performance.now() - t0;
      fs.appendFileSync(out, JSON.stringify({ file: filename, bytes: fs.statSync(filename).size, ms }) + '\\n');
      const activate = module.exports && module.exports.activate;
      if (typeof activate === 'function') {
        // esbuild's exports are getters; VS Code reads module.exports after the load, so replace it.
        module.exports = Object.assign({}, module.exports, { activate: function (...args) {
          const a0 = performance.now();
          try {
            return activate.apply(this, args);
          } finally {
            fs.appendFileSync(out + '.activate', String(performance.now() - a0));
          }
        } });
      }
    }
  };
}
`;

/** Opens the extension's view (its onView activation event) and returns the "Activation: N ms" VS Code shows. */
async function activationMs(page: Page, id: string, viewTitle: string): Promise<number> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 90_000 });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 90_000 });
  await page.waitForTimeout(1500);
  await page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${viewTitle}"]`).first().click({ timeout: 30_000 });
  await page.locator('.part.sidebar .composite.title', { hasText: viewTitle }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const row = page.locator('.runtime-extensions-editor .monaco-list-row').filter({ hasText: id }).first();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('>Developer: Show Running Extensions');
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'Developer: Show Running Extensions' })
      .first()
      .click({ timeout: 10_000 });
    try {
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      const text = await row.innerText({ timeout: 5_000 });
      const m = /Activation: (\d+)\s*ms/.exec(text);
      if (m) return Number(m[1]);
    } catch {
      // Not activated yet (or the editor not rendered): ask again.
    }
    await page.waitForTimeout(1000);
  }
  const shot = path.join(screenshotsDir(), 'bench-activation.png');
  await page.screenshot({ path: shot }).catch(() => undefined);
  throw new Error(`no activation time for ${id} in "Show Running Extensions" (screenshot: ${shot})`);
}

/** One workbench with the extension at `extensionPath` as the development extension; its activation time. */
function session(
  browser: Browser,
  installDir: string,
  root: string,
  extensionPath: string,
  ext: Extensions,
  env: NodeJS.ProcessEnv = {},
): Promise<number> {
  const title = ext.manifest.contributes?.viewsContainers?.activitybar?.[0]?.title ?? 'OAuth Clients';
  return withWorkbench(browser, installDir, root, {
    payload: (server) => [
      ['extensionDevelopmentPath', server.remoteUri(extensionPath)],
      ['skipWelcome', 'true'],
    ],
    use: (page) => activationMs(page, ext.id, title),
    env,
  });
}

export async function activationRows(pairs: number): Promise<Row[]> {
  const installDir = ensureCodeServer();
  const root = mkdtempSync(path.join(tmpdir(), 'oauth-wb-bench-act-'));
  let browser: Browser | undefined;
  try {
    const ext = await prepareExtensions(root);
    const { real, empty } = ext;
    browser = await launchChromium();
    const realMs: number[] = [];
    const emptyMs: number[] = [];
    for (let i = 0; i < pairs; i++) {
      // Alternate which variant opens the pair, so neither always runs on a cold disk cache.
      const order = i % 2 === 0 ? (['empty', 'real'] as const) : (['real', 'empty'] as const);
      for (const which of order) {
        const t = await session(browser, installDir, root, which === 'real' ? real : empty, ext);
        (which === 'real' ? realMs : emptyMs).push(t);
        process.stderr.write(`[bench] activation ${which}: ${t} ms\n`);
      }
    }
    const probeFile = path.join(root, 'probe.js');
    const probeOut = path.join(root, 'probe.jsonl');
    writeFileSync(probeFile, PROBE_JS);
    await session(browser, installDir, root, real, ext, {
      NODE_OPTIONS: `--require ${probeFile}`,
      BENCH_PROBE_DIR: real + path.sep,
      BENCH_PROBE_OUT: probeOut,
    });
    if (!existsSync(probeOut))
      throw new Error('the probe saw no file of the extension load (NODE_OPTIONS not inherited by the extension host?)');
    const loaded = readFileSync(probeOut, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; bytes: number; ms: number });
    const activateMs = existsSync(probeOut + '.activate') ? Number(readFileSync(probeOut + '.activate', 'utf8')) : NaN;
    process.stderr.write(`[bench] activate() call in the probe session: ${Math.round(activateMs)} ms\n`);
    for (const f of loaded)
      process.stderr.write(
        `[bench] loaded at activation: ${path.relative(real, f.file)} ${f.bytes} bytes, evaluated in ${Math.round(f.ms)} ms\n`,
      );
    const bytes = loaded.reduce((n, f) => n + f.bytes, 0);
    const diffs = realMs.map((r, i) => r - emptyMs[i]!);
    return [
      {
        what: 'activation in VS Code 1.100.3 (code loading + `activate()`)',
        against: `empty extension, same activation events (median ${ms(median(emptyMs))})`,
        median: plusMs(median(diffs)),
        min: plusMs(Math.min(...diffs)),
        target: '≤ +20 ms',
        met: median(diffs) <= 20,
      },
      {
        what: `code loaded at activation (${loaded.map((f) => path.relative(real, f.file)).join(', ')})`,
        against: '—',
        median: kb(bytes),
        min: kb(bytes),
        target: '≤ 400 KB',
        met: bytes <= 400 * 1024,
      },
    ];
  } finally {
    await browser?.close().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}
