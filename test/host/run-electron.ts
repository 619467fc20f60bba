/**
 * The second runner, for machines with internet access: the same integration suites
 * (out/integration/index.js) inside desktop VS Code, downloaded by @vscode/test-electron.
 * `npm test` does not use it (these machines cannot download VS Code; it uses the
 * code-server host instead).
 *
 *   npm run build && npx tsx test/host/run-electron.ts [--version stable|1.100.3] [--pass default|restricted|all]
 *   (on Linux without a display: xvfb-run -a npx tsx test/host/run-electron.ts)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startAuthServerProcess } from './auth-server';
import { writeUserSettings } from './code-server';
import { outputPath, repoRoot } from './paths';
import { stopAll, stopServicesOnExit } from './processes';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function runPass(pass: 'default' | 'restricted', version: string): Promise<boolean> {
  const tmp = mkdtempSync(path.join(tmpdir(), `oauth-wb-electron-${pass}-`));
  const workspace = path.join(tmp, 'workspace');
  const userDataDir = path.join(tmp, 'user-data');
  mkdirSync(workspace, { recursive: true });
  writeUserSettings(userDataDir, {});
  const auth = await startAuthServerProcess({ outFile: path.join(tmp, 'auth-server.json'), logFile: `electron-${pass}-auth-server.log` });
  try {
    await runTests({
      version,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'integration', 'index.js'),
      launchArgs: [
        workspace,
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        path.join(tmp, 'extensions'),
        '--disable-extensions',
        ...(pass === 'default' ? ['--disable-workspace-trust'] : []),
      ],
      extensionTestsEnv: {
        OAUTH_WB_TEST_SERVER: auth.file,
        OAUTH_WB_TEST_PASS: pass,
        OAUTH_WB_TEST_WORKSPACE: workspace,
        OAUTH_WB_TEST_RESULTS: path.join(outputPath('results'), pass === 'default' ? 'electron.json' : 'electron-restricted.json'),
      },
    });
    return true;
  } catch (e) {
    process.stderr.write(`[electron] ${pass} pass failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return false;
  } finally {
    await auth.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  stopServicesOnExit();
  const version = arg('version') ?? process.env.VSCODE_TEST_VERSION ?? 'stable';
  const pass = arg('pass') ?? 'all';
  const passes = pass === 'all' ? (['default', 'restricted'] as const) : ([pass as 'default' | 'restricted'] as const);
  let ok = true;
  for (const p of passes) if (!(await runPass(p, version))) ok = false;
  await stopAll();
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`[electron] ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
