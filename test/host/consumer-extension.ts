/**
 * The consumer test extension (test/fixtures/consumer-extension), packaged as a .vsix with
 * vsce so the e2e harness installs it the way a user installs any extension.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './paths';

export const consumerExtensionDir = path.join(repoRoot, 'test', 'fixtures', 'consumer-extension');

/** Packages the consumer extension into a new temp folder and returns the .vsix path. */
export function packageConsumerExtension(): string {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'oauth-wb-consumer-')), 'consumer.vsix');
  execFileSync(
    process.execPath,
    [
      require.resolve('@vscode/vsce/vsce', { paths: [repoRoot] }),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--skip-license',
      '-o',
      out,
    ],
    { cwd: consumerExtensionDir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
  );
  return out;
}
