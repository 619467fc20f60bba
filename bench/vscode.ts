/**
 * The real VS Code for the benchmark: code-server 4.100.3 (as test/host uses) with a
 * production build of the extension in a temp folder, one fresh server and browser
 * page per session.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { newWorkbenchContext } from '../test/host/browser';
import { startCodeServer, type CodeServer } from '../test/host/code-server';
import { repoRoot } from '../test/host/paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { hostBuild } = require('../esbuild.js') as { hostBuild: (o: { production: boolean; outdir: string }) => esbuild.BuildOptions };

export interface Manifest {
  publisher: string;
  name: string;
  activationEvents?: string[];
  contributes?: { viewsContainers?: { activitybar?: Array<{ title: string }> } };
}

export interface Extensions {
  /** The extension as users install it: manifest, media and the production bundle(s). */
  real: string;
  /** The same manifest (activation events, contributions) with an `activate()` that does nothing. */
  empty: string;
  manifest: Manifest;
  /** `publisher.name` */
  id: string;
}

export async function prepareExtensions(root: string): Promise<Extensions> {
  const manifestText = readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as Manifest;
  const real = path.join(root, 'real');
  const empty = path.join(root, 'empty');
  for (const dir of [real, empty]) {
    mkdirSync(path.join(dir, 'dist'), { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), manifestText);
    symlinkSync(path.join(repoRoot, 'media'), path.join(dir, 'media'));
  }
  await esbuild.build({ ...hostBuild({ production: true, outdir: path.join(real, 'dist') }), absWorkingDir: repoRoot, logLevel: 'error' });
  writeFileSync(
    path.join(empty, 'dist', 'extension.js'),
    '"use strict";\nexports.activate = function () {};\nexports.deactivate = function () {};\n',
  );
  return { real, empty, manifest, id: `${manifest.publisher}.${manifest.name}` };
}

/** What a session opens and does. */
export interface Session<T> {
  payload: (server: CodeServer) => Array<[string, string]>;
  /** Before the workbench loads (e.g. `page.exposeFunction` for the automation hooks). */
  before?: (page: Page) => Promise<void>;
  use: (page: Page, server: CodeServer) => Promise<T>;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts code-server (its own temp workspace and profile under `root`), opens the
 * workbench with the session's payload in a new browser context, runs it, and stops it all.
 */
export async function withWorkbench<T>(browser: Browser, installDir: string, root: string, session: Session<T>): Promise<T> {
  const tmp = mkdtempSync(path.join(root, 'session-'));
  const workspace = path.join(tmp, 'workspace');
  mkdirSync(workspace);
  const server = await startCodeServer({
    workspace,
    userDataDir: path.join(tmp, 'user-data'),
    extensionsDir: path.join(tmp, 'extensions'),
    env: session.env ?? {},
    installDir,
    logFile: 'bench-code-server.log',
  });
  const context = await newWorkbenchContext(browser, server.origin);
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1440, height: 2000 });
    await session.before?.(page);
    await page.goto(server.folderUrl(session.payload(server)));
    return await session.use(page, server);
  } finally {
    await context.close().catch(() => undefined);
    await server.stop();
  }
}
