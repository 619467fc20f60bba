/**
 * Runs INSIDE the real VS Code's extension host (as `extensionTestsPath`, so the
 * extension is in test mode and hands out its TestingApi): imports clients through
 * the import command, and renders the root of the "OAuth Clients" tree with many
 * stored clients. Writes its measurements as JSON to `BENCH_SCALE_OUT`.
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';

/** Where ProfileStore keeps the stored clients (globalState). */
const PROFILES_KEY = 'oauthWorkbench.profiles.v1';

export interface ScaleResults {
  importCount: number;
  /** Per repeat: ms for the import command, and for one globalState write of the same list (the floor). */
  importMs: number[];
  oneWriteMs: number[];
  treeCount: number;
  /** Per repeat: root children + their tree items, first read after the stored list changed. */
  treeRootMs: number[];
  /** Same, read again without a change. */
  treeRootAgainMs: number[];
  /** Per repeat: root children + tree items, first read after ONE client of the list changed. */
  treeRootOneChangedMs: number[];
  /** Per repeat: the longest event-loop block (ms) during the import, and during the root read after EVERY client changed. */
  importBlockMs: number[];
  treeRootBlockMs: number[];
  /** Tree refresh events from the first root render until every client's token state was read. */
  refreshes: number;
  /** ms until every client's token state was read. */
  tokensLoadedMs: number;
}

function settings(): { importCount: number; treeCount: number; repeats: number } {
  const n = (name: string, d: number): number => Number(process.env[name] ?? d);
  return { importCount: n('BENCH_IMPORT_COUNT', 1000), treeCount: n('BENCH_TREE_COUNT', 10_000), repeats: n('BENCH_SCALE_REPEATS', 5) };
}

function fields(i: number): Record<string, unknown> {
  return {
    name: `Client ${i}`,
    issuer: `https://idp${i % 7}.example.com`,
    clientId: `client-${i}`,
    authMethod: i % 2 ? 'private_key_jwt' : 'client_secret_basic',
    scope: 'read write',
  };
}

async function time(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** ms for `fn`, and the longest the event loop was blocked meanwhile (a 1 ms timer's worst delay). */
async function timeAndBlock(fn: () => unknown): Promise<{ ms: number; blockMs: number }> {
  const delays = monitorEventLoopDelay({ resolution: 1 });
  delays.enable();
  // Let the histogram's timer start before the work: a block is seen as a late tick.
  await new Promise((r) => setTimeout(r, 5));
  const ms = await time(fn);
  // One more tick, so that a block at the very end is seen.
  await new Promise((r) => setTimeout(r, 5));
  delays.disable();
  return { ms, blockMs: delays.max / 1e6 };
}

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the tree to read every token state');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.all.find((e) => (e.packageJSON as { name?: string } | undefined)?.name === 'oauth-workbench');
  if (!ext) throw new Error('the extension under test is not loaded');
  const { testing } = (await ext.activate()) as { testing?: TestingApi };
  if (!testing) throw new Error('the extension did not hand out its testing API (not in test mode?)');
  const state = testing.services.context.globalState;
  const cfg = settings();
  const results: ScaleResults = {
    importCount: cfg.importCount,
    importMs: [],
    importBlockMs: [],
    treeRootBlockMs: [],
    oneWriteMs: [],
    treeCount: cfg.treeCount,
    treeRootMs: [],
    treeRootAgainMs: [],
    treeRootOneChangedMs: [],
    refreshes: 0,
    tokensLoadedMs: 0,
  };

  const doc = JSON.stringify({ profiles: Array.from({ length: cfg.importCount }, (_, i) => fields(i)) });
  for (let r = 0; r < cfg.repeats; r++) {
    await state.update(PROFILES_KEY, []);
    const imported = await timeAndBlock(() => vscode.commands.executeCommand('oauthWorkbench.importProfiles', { json: doc }));
    results.importMs.push(imported.ms);
    results.importBlockMs.push(imported.blockMs);
    const written: unknown = state.get(PROFILES_KEY);
    if (!Array.isArray(written) || written.length !== cfg.importCount) {
      throw new Error(`the import stored ${Array.isArray(written) ? written.length : 'no'} clients, not ${cfg.importCount}`);
    }
    const copy = JSON.parse(JSON.stringify(written)) as unknown[];
    await state.update(PROFILES_KEY, []);
    results.oneWriteMs.push(await time(() => state.update(PROFILES_KEY, copy)));
  }

  const stored = Array.from({ length: cfg.treeCount }, (_, i) => ({ id: `bench-${i}`, ...fields(i) }));
  const renderRoot = async (): Promise<void> => {
    for (const node of await testing.tree.getChildren()) testing.tree.getTreeItem(node);
  };
  for (let r = 0; r < cfg.repeats; r++) {
    // A new list in which every client changed (another window rewrote them all): the store must parse all of it.
    const list = stored.map((p, i) => ({ ...p, name: `Client ${i} (${r})` }));
    await state.update(PROFILES_KEY, list);
    let refreshes = 0;
    const sub = testing.tree.onDidChangeTreeData(() => refreshes++);
    const t0 = performance.now();
    const root = await timeAndBlock(renderRoot);
    results.treeRootMs.push(root.ms);
    results.treeRootBlockMs.push(root.blockMs);
    results.treeRootAgainMs.push(await time(renderRoot));
    if (r === 0) {
      await until(() => stored.every((p) => testing.services.session.tokenLoaded(p.id)), 300_000);
      results.tokensLoadedMs = performance.now() - t0;
      await new Promise((resolve) => setTimeout(resolve, 500));
      results.refreshes = refreshes;
    }
    sub.dispose();
    // The common change: one client edited (here written as a new list, as another window would).
    const one = list.map((p) => ({ ...p }));
    one[r] = { ...one[r]!, name: `Edited ${r}` };
    await state.update(PROFILES_KEY, one);
    results.treeRootOneChangedMs.push(await time(renderRoot));
  }
  await state.update(PROFILES_KEY, []);
  const out = process.env.BENCH_SCALE_OUT;
  if (!out) throw new Error('BENCH_SCALE_OUT is not set');
  writeFileSync(out, JSON.stringify(results));
}
