/** Where the test host finds the repository and puts its artifacts. */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root (this file lives in test/host/). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Artifacts folder: results JSON, logs, screenshots. `OAUTH_WB_TEST_OUTPUT` overrides it. */
export const outputDir = path.resolve(process.env.OAUTH_WB_TEST_OUTPUT ?? path.join(repoRoot, 'test-output'));

/** Creates (if needed) and returns a folder under the artifacts folder. */
export function outputPath(...parts: string[]): string {
  const dir = path.join(outputDir, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** test-output/logs: one log file per started process. */
export function logsDir(): string {
  return outputPath('logs');
}

/** test-output/screenshots. */
export function screenshotsDir(): string {
  return outputPath('screenshots');
}

/** The .vsix that `npm run package` writes. */
export const vsixPath = path.join(repoRoot, 'dist', 'oauth-workbench.vsix');

/** The Debian chromium the harness drives (TEST-HOST.md §4); `CHROMIUM_PATH` overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
