/**
 * Runs the integration suites (out/integration, built by `npm run build`) inside the
 * extension host of a real VS Code: code-server + headless Chromium (TEST-HOST.md §4).
 *
 *   npx tsx test/host/run-integration.ts [--pass default|restricted|all] [--files a,b]
 *        [--grep text] [--timeout-ms 600000] [--extension-path dir] [--keep]
 *
 * Each pass gets a fresh temp workspace, user-data and extensions folder, its own
 * local authorization server (description file in `OAUTH_WB_TEST_SERVER`), and ends
 * with everything it started stopped — also on failure, timeout or a signal.
 * Pass `default`: workspace trust disabled (trusted). Pass `restricted`: trust on and
 * the folder untrusted (Restricted Mode); only `*.restricted.test.ts` files run there.
 * Results: test-output/results/integration[-restricted].json; logs and screenshots in
 * test-output/logs and test-output/screenshots. Exit code 0 only if every pass passed.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { startAuthServerProcess, type RunningAuthServer } from './auth-server';
import { launchChromium, newWorkbenchContext } from './browser';
import { ensureCodeServer, startCodeServer, type CodeServer } from './code-server';
import { logsDir, outputPath, repoRoot, screenshotsDir } from './paths';
import { delay, stopServicesOnExit } from './processes';
import SummaryReporter = require('./summary-reporter');

type Pass = 'default' | 'restricted';

interface RunOptions {
  passes: Pass[];
  timeoutMs: number;
  files?: string;
  grep?: string;
  extensionPath: string;
  testsDir: string;
  keep: boolean;
}

function parseArgs(argv: string[]): RunOptions {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const pass = value('pass') ?? 'all';
  if (!['default', 'restricted', 'all'].includes(pass)) throw new Error(`--pass must be default, restricted or all (got ${pass})`);
  const timeoutMs = Number(value('timeout-ms') ?? process.env.OAUTH_WB_INTEGRATION_TIMEOUT_MS ?? 600_000);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error('--timeout-ms must be a positive number');
  const options: RunOptions = {
    passes: pass === 'all' ? ['default', 'restricted'] : [pass as Pass],
    timeoutMs,
    extensionPath: path.resolve(value('extension-path') ?? repoRoot),
    testsDir: path.join(repoRoot, 'out', 'integration'),
    keep: argv.includes('--keep'),
  };
  const files = value('files') ?? process.env.OAUTH_WB_TEST_FILES;
  const grep = value('grep') ?? process.env.OAUTH_WB_TEST_GREP;
  if (files) options.files = files;
  if (grep) options.grep = grep;
  return options;
}

function resultFile(pass: Pass): string {
  return path.join(outputPath('results'), pass === 'default' ? 'integration.json' : 'integration-restricted.json');
}

function compiledTests(dir: string, pass: Pass): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => f.endsWith('.restricted.test.js') === (pass === 'restricted'));
}

/** Records a pass that could not report its own counts: it counts as one failure. */
function recordCrash(pass: Pass, reason: string): void {
  const file = resultFile(pass);
  let previous: SummaryReporter.Result | undefined;
  try {
    previous = JSON.parse(readFileSync(file, 'utf8')) as SummaryReporter.Result;
  } catch {
    // No counts were written.
  }
  SummaryReporter.write(file, {
    layer: pass === 'default' ? 'integration' : 'integration (restricted)',
    passes: previous?.passes ?? 0,
    failures: previous?.failures ?? 0,
    pending: previous?.pending ?? 0,
    tests: previous?.tests ?? 0,
    durationMs: previous?.durationMs ?? 0,
    failed: previous?.failed ?? [],
    crashed: reason,
  });
}

async function runPass(pass: Pass, options: RunOptions, installDir: string): Promise<boolean> {
  const tag = `integration-${pass}`;
  const results = resultFile(pass);
  rmSync(results, { force: true });
  const tmp = mkdtempSync(path.join(tmpdir(), `oauth-wb-${tag}-`));
  const workspace = path.join(tmp, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const hostLog = path.join(logsDir(), `${tag}-extension-host.log`);
  const browserLog = path.join(logsDir(), `${tag}-browser.log`);
  writeFileSync(hostLog, '');
  writeFileSync(browserLog, '');
  let authServer: RunningAuthServer | undefined;
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  const started = Date.now();
  log(`${tag}: starting (timeout ${Math.round(options.timeoutMs / 1000)} s)`);
  try {
    authServer = await startAuthServerProcess({ outFile: path.join(tmp, 'auth-server.json'), logFile: `${tag}-auth-server.log` });
    log(`${tag}: authorization server ${authServer.issuer}`);
    const env: NodeJS.ProcessEnv = {
      OAUTH_WB_TEST_SERVER: authServer.file,
      OAUTH_WB_TEST_PASS: pass,
      OAUTH_WB_TEST_RESULTS: results,
      OAUTH_WB_TEST_OUTPUT: path.dirname(path.dirname(results)),
      OAUTH_WB_TEST_WORKSPACE: workspace,
      OAUTH_WB_TEST_FILES: options.files ?? '',
      OAUTH_WB_TEST_GREP: options.grep ?? '',
    };
    // A second extension that uses ours through the authentication provider (test fixture),
    // installed next to it (code-server loads only one extensionDevelopmentPath).
    installConsumerExtension(path.join(tmp, 'extensions'));
    codeServer = await startCodeServer({
      workspace,
      userDataDir: path.join(tmp, 'user-data'),
      extensionsDir: path.join(tmp, 'extensions'),
      trust: pass !== 'restricted',
      env,
      installDir,
      logFile: `${tag}-code-server.log`,
    });
    log(`${tag}: code-server ${codeServer.origin}`);
    browser = await launchChromium();
    const context = await newWorkbenchContext(browser, codeServer.origin);
    const page = await context.newPage();
    page.on('console', (m) => appendFileSync(browserLog, `[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => appendFileSync(browserLog, `[pageerror] ${e.message}\n`));

    let reportExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => {
      reportExit = resolve;
    });
    // The workbench's and the extension host's console (Spec reporter output included).
    // All of it goes to the log file; the terminal gets it from the test index's first
    // line on, minus the known offline noise.
    let testsStarted = false;
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      const text = formatConsoleArgs(args);
      appendFileSync(hostLog, `${text}\n`);
      if (text.startsWith('[integration]')) testsStarted = true;
      if (!testsStarted || NOISE.test(text)) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown, logs: unknown) => {
      if (Array.isArray(logs)) saveHostLogs(tag, logs);
      reportExit(typeof code === 'number' ? code : 1);
    });

    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', codeServer.remoteUri(options.extensionPath)],
      ['extensionTestsPath', codeServer.remoteUri(path.join(options.testsDir, 'index.js'))],
      ['skipWelcome', 'true'],
    ];
    await page.goto(codeServer.folderUrl(payload));
    const remaining = options.timeoutMs - (Date.now() - started);
    const code = await Promise.race([exitCode, delay(remaining).then(() => 'timeout' as const)]);
    await page.screenshot({ path: path.join(screenshotsDir(), `${tag}.png`) }).catch(() => undefined);
    const seconds = Math.round((Date.now() - started) / 1000);
    if (code === 'timeout') {
      recordCrash(pass, `timed out after ${seconds} s without an exit code from the extension host; see ${shown(hostLog)}`);
      log(`${tag}: TIMED OUT after ${seconds} s`);
      return false;
    }
    if (code !== 0 && !hasFailures(results)) {
      recordCrash(
        pass,
        `the extension host reported exit code ${code} but no failed test (the test index or extension crashed?); see ${shown(hostLog)}`,
      );
    } else if (!existsSync(results)) {
      recordCrash(pass, `the extension host wrote no results to ${results} (OAUTH_WB_TEST_RESULTS not inherited?)`);
      log(`${tag}: no results file`);
      return false;
    }
    log(`${tag}: exit code ${code} after ${seconds} s`);
    return code === 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    recordCrash(pass, `could not run: ${message.split('\n')[0]}`);
    log(`${tag}: CRASHED: ${message}`);
    return false;
  } finally {
    await browser?.close().catch(() => undefined);
    await codeServer?.stop();
    await authServer?.stop();
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
    else log(`${tag}: kept ${tmp}`);
  }
}

/** Copies test/fixtures/consumer-extension into the extensions folder as an installed extension. */
function installConsumerExtension(extensionsDir: string): void {
  const source = path.join(repoRoot, 'test', 'fixtures', 'consumer-extension');
  const manifest = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  cpSync(source, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
}

/** Offline noise (gallery look-ups of open-vsx.org) and VS Code's / mocha's own stack frames. */
const NOISE = /ENOTFOUND|open-vsx\.org|^\s+at .*(\/static\/out\/vs\/|extensionHostProcess\.js|node_modules\/mocha\/)/;

/** console.log arguments as Node would print them (`%s`/`%d` substitutions included). */
function formatConsoleArgs(args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  return format(...list.map((a) => (typeof a === 'string' || typeof a === 'number' ? a : JSON.stringify(a))));
}

/** A path as the reader finds it: relative inside the repository, absolute elsewhere. */
function shown(p: string): string {
  const rel = path.relative(repoRoot, p);
  return rel.startsWith('..') ? p : rel;
}

function hasFailures(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as SummaryReporter.Result).failures > 0;
  } catch {
    return false;
  }
}

/** Log files the workbench hands over with the exit code (extension host, renderer). */
function saveHostLogs(tag: string, logs: unknown[]): void {
  const dir = outputPath('logs', tag);
  for (const entry of logs) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { relativePath, contents } = entry as { relativePath?: unknown; contents?: unknown };
    if (typeof relativePath !== 'string' || typeof contents !== 'string') continue;
    const target = path.join(dir, relativePath.replace(/\.\.(\/|\\)/g, ''));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, contents);
  }
}

function log(message: string): void {
  process.stdout.write(`[test-host] ${message}\n`);
}

async function main(): Promise<number> {
  stopServicesOnExit();
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(options.testsDir, 'index.js'))) {
    for (const pass of options.passes) recordCrash(pass, 'out/integration/index.js is missing: run `npm run build` first');
    log('out/integration/index.js is missing: run `npm run build` first');
    return 1;
  }
  const installDir = ensureCodeServer();
  let ok = true;
  for (const pass of options.passes) {
    if (compiledTests(options.testsDir, pass).length === 0) {
      rmSync(resultFile(pass), { force: true });
      log(`integration-${pass}: no ${pass === 'restricted' ? '*.restricted.test.ts' : '*.test.ts'} files, pass skipped`);
      continue;
    }
    if (!(await runPass(pass, options, installDir))) ok = false;
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`[test-host] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
