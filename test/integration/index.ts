/**
 * The mocha entry that VS Code's extension host calls (`extensionTestsPath`), for
 * both runners: the code-server host (npm test) and @vscode/test-electron.
 *
 * esbuild.js bundles this file and every `*.test.ts` next to it into out/integration/
 * (one file each; `vscode` and `mocha` stay external: the extension host provides
 * `vscode`, and `mocha` resolves from the repository's node_modules).
 *
 * Environment (set by the runner on the server; the extension host inherits it):
 * - `OAUTH_WB_TEST_PASS`: `restricted` runs only `*.restricted.test.ts` (workspace trust
 *   on, folder untrusted); anything else runs all the other test files.
 * - `OAUTH_WB_TEST_FILES`: comma-separated substrings; only matching files run.
 * - `OAUTH_WB_TEST_GREP`: mocha `--grep`.
 * - `OAUTH_WB_TEST_RESULTS`: where the summary reporter writes the counts.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha = require('mocha');
import SummaryReporter = require('../host/summary-reporter');

/** The compiled test files of this pass, sorted. */
export function testFiles(dir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const restricted = env.OAUTH_WB_TEST_PASS === 'restricted';
  const only = (env.OAUTH_WB_TEST_FILES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => f.endsWith('.restricted.test.js') === restricted)
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort()
    .map((f) => path.join(dir, f));
}

export function run(): Promise<void> {
  // Stack traces point into the .ts sources (the bundles carry source maps).
  process.setSourceMapsEnabled(true);
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.OAUTH_WB_TEST_TIMEOUT ?? 30_000),
    reporter: SummaryReporter,
    reporterOptions: { layer: process.env.OAUTH_WB_TEST_PASS === 'restricted' ? 'integration (restricted)' : 'integration' },
    ...(process.env.OAUTH_WB_TEST_GREP ? { grep: process.env.OAUTH_WB_TEST_GREP } : {}),
  });
  const files = testFiles(__dirname);
  for (const f of files) mocha.addFile(f);
  console.log(`[integration] ${files.length} test file(s): ${files.map((f) => path.relative(__dirname, f)).join(', ')}`);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
