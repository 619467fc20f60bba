/**
 * Activation in the real VS Code (code-server 4.100.3, as test/host uses): the
 * production bundle against an empty extension with the same manifest (activation
 * events and contributions) whose `activate()` does nothing. Sessions alternate
 * empty/real, each in a fresh code-server and browser page.
 *
 * How the time is read: VS Code's extension host times each activation itself
 * (`ExtensionActivationTimes`: loading the main module, the `activate()` call, and the
 * promise it returns) and reports it to the workbench. `Developer: Startup Performance`
 * lists the three for every activated extension ("Extension Activation Stats"); the
 * bench runs that command, copies the editor's text through the clipboard and reads the
 * extension's row. (`Developer: Show Running Extensions` shows only load + call, so an
 * activate() that defers its work into the promise would look free there.)
 *
 * Code loaded at activation: a separate, untimed session starts code-server with
 * `NODE_OPTIONS=--require <probe>`; the probe (in the extension host) records every
 * file under the extension's folder that node compiles until the promise of `activate()`
 * settles (later loads are listed, not counted), with its size, and how long
 * `activate()` and the promise it returns take.
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
let settled = false;
if (dir && out) {
  const js = Module._extensions['.js'];
  Module._extensions['.js'] = function (module, filename) {
    if (!filename.startsWith(dir)) return js.call(this, module, filename);
    const t0 = performance.now();
    try {
      return js.call(this, module, filename);
    } finally {
      const ms = performance.now() - t0;
      fs.appendFileSync(out, JSON.stringify({ file: filename, bytes: fs.statSync(filename).size, ms, late: settled }) + '\\n');
      const activate = module.exports && module.exports.activate;
      if (typeof activate === 'function') {
        // esbuild's exports are getters; VS Code reads module.exports after the load, so replace it.
        module.exports = Object.assign({}, module.exports, { activate: function (...args) {
          const a0 = performance.now();
          const result = activate.apply(this, args);
          const call = performance.now() - a0;
          Promise.resolve(result).finally(() => {
            settled = true;
            fs.appendFileSync(out + '.activate', JSON.stringify({ call, settled: performance.now() - a0 }));
          });
          return result;
        } });
      }
    }
  };
}
`;

/** VS Code's own record of an activation (ms): module loading, the `activate()` call, and its returned promise. */
export interface ActivationTimes {
  loadCode: number;
  callActivate: number;
  finishActivate: number;
}

/** The row of `id` in the "Extension Activation Stats" table of Developer: Startup Performance. */
export function activationRow(perfText: string, id: string): ActivationTimes | undefined {
  const row = perfText.split('\n').find((l) => l.startsWith(`| ${id} `));
  const cells = row?.split('|').map((c) => c.trim());
  // | Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By |
  const [loadCode, callActivate, finishActivate] = [cells?.[3], cells?.[4], cells?.[5]].map(Number);
  if (loadCode === undefined || callActivate === undefined || finishActivate === undefined) return undefined;
  if (![loadCode, callActivate, finishActivate].every(Number.isFinite)) return undefined;
  return { loadCode, callActivate, finishActivate };
}

/**
 * Opens the extension's view (its onView activation event; with onStartupFinished it is
 * active already), then reads its activation times from Developer: Startup Performance,
 * copied out of that editor through the clipboard.
 */
async function activationTimes(page: Page, id: string, viewTitle: string): Promise<ActivationTimes> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 90_000 });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 90_000 });
  await page.waitForTimeout(1500);
  await page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${viewTitle}"]`).first().click({ timeout: 30_000 });
  await page.locator('.part.sidebar .composite.title', { hasText: viewTitle }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('>Developer: Startup Performance');
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'Developer: Startup Performance' })
      .first()
      .click({ timeout: 10_000 });
    try {
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ timeout: 10_000 });
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Control+C');
      const times = activationRow(await page.evaluate(() => navigator.clipboard.readText()), id);
      if (times) return times;
    } catch {
      // The view was not there yet: ask again.
    }
    await page.waitForTimeout(1000);
  }
  const shot = path.join(screenshotsDir(), 'bench-activation.png');
  await page.screenshot({ path: shot }).catch(() => undefined);
  throw new Error(`no activation times for ${id} in Developer: Startup Performance (screenshot: ${shot})`);
}

const total = (t: ActivationTimes): number => t.loadCode + t.callActivate + t.finishActivate;

/** One workbench with the extension at `extensionPath` as the development extension; its activation time. */
function session(
  browser: Browser,
  installDir: string,
  root: string,
  extensionPath: string,
  ext: Extensions,
  env: NodeJS.ProcessEnv = {},
): Promise<ActivationTimes> {
  const title = ext.manifest.contributes?.viewsContainers?.activitybar?.[0]?.title ?? 'OAuth Clients';
  return withWorkbench(browser, installDir, root, {
    payload: (server) => [
      ['extensionDevelopmentPath', server.remoteUri(extensionPath)],
      ['skipWelcome', 'true'],
    ],
    use: (page) => activationTimes(page, ext.id, title),
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
    const realLoad: number[] = [];
    for (let i = 0; i < pairs; i++) {
      // Alternate which variant opens the pair, so neither always runs on a cold disk cache.
      const order = i % 2 === 0 ? (['empty', 'real'] as const) : (['real', 'empty'] as const);
      for (const which of order) {
        const t = await session(browser, installDir, root, which === 'real' ? real : empty, ext);
        (which === 'real' ? realMs : emptyMs).push(total(t));
        if (which === 'real') realLoad.push(t.loadCode);
        process.stderr.write(`[bench] activation ${which}: load ${t.loadCode} + call ${t.callActivate} + finish ${t.finishActivate} ms\n`);
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
      .map((l) => JSON.parse(l) as { file: string; bytes: number; ms: number; late: boolean });
    const probed = existsSync(probeOut + '.activate')
      ? (JSON.parse(readFileSync(probeOut + '.activate', 'utf8')) as { call: number; settled: number })
      : undefined;
    process.stderr.write(
      `[bench] probe session: activate() call ${Math.round(probed?.call ?? NaN)} ms, its promise settled after ${Math.round(probed?.settled ?? NaN)} ms\n`,
    );
    for (const f of loaded)
      process.stderr.write(
        `[bench] loaded ${f.late ? 'after' : 'at'} activation: ${path.relative(real, f.file)} ${f.bytes} bytes, evaluated in ${Math.round(f.ms)} ms\n`,
      );
    // What loads later in the session (a first command, an Accounts menu query) is not activation.
    const early = loaded.filter((f) => !f.late);
    const bytes = early.reduce((n, f) => n + f.bytes, 0);
    const diffs = realMs.map((r, i) => r - emptyMs[i]!);
    return [
      {
        what: `activation in VS Code 1.100.3: load code + \`activate()\` + its promise (load code alone: ${ms(median(realLoad))})`,
        against: `empty extension, same activation events (median ${ms(median(emptyMs))})`,
        median: plusMs(median(diffs)),
        min: plusMs(Math.min(...diffs)),
        target: '≤ +20 ms',
        met: median(diffs) <= 20,
      },
      {
        what: `code loaded at activation (${early.map((f) => path.relative(real, f.file)).join(', ')})`,
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
