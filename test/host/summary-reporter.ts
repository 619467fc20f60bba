/**
 * Mocha's Spec output plus a machine-readable result file, so that `npm test` can
 * sum real counts over every layer (unit, integration, e2e).
 *
 * Output path: reporter option `output=<file>` or env `OAUTH_WB_TEST_RESULTS`; a relative
 * path is taken from `OAUTH_WB_TEST_OUTPUT` (default ./test-output).
 * Layer name: reporter option `layer=<name>` (default: the file's base name).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha = require('mocha');

/** What the result file holds. */
interface LayerResult {
  layer: string;
  passes: number;
  failures: number;
  pending: number;
  tests: number;
  durationMs: number;
  /** Titles and first lines of the errors of failed tests and hooks. */
  failed: Array<{ title: string; error: string }>;
  /** Set by a runner when the layer could not run to the end. */
  crashed?: string;
}

const { EVENT_RUN_END, EVENT_TEST_FAIL } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions & { reporterOption?: Record<string, unknown> }) {
    super(runner, options);
    const opts = (options.reporterOption ?? options.reporterOptions ?? {}) as Record<string, unknown>;
    const given = typeof opts.output === 'string' ? opts.output : process.env.OAUTH_WB_TEST_RESULTS;
    if (!given) return;
    // Relative paths are relative to the artifacts folder (test-output/ unless overridden).
    const output = path.resolve(process.env.OAUTH_WB_TEST_OUTPUT ?? 'test-output', given);
    const layer = typeof opts.layer === 'string' ? opts.layer : path.basename(output, '.json');
    const failed: LayerResult['failed'] = [];
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Runnable, err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      const compact = message
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' ');
      failed.push({ title: test.fullTitle(), error: compact.slice(0, 300) });
    });
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? this.stats;
      writeResult(output, {
        layer,
        passes: s.passes,
        failures: s.failures,
        pending: s.pending,
        tests: s.tests,
        durationMs: s.duration ?? 0,
        failed,
      });
    });
  }
}

/** Writes a result file (also used by runners to record a crash). */
function writeResult(file: string, result: LayerResult): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
}

// eslint-disable-next-line @typescript-eslint/no-namespace -- `export =` of a class with static-like members is how mocha loads a reporter
namespace SummaryReporter {
  export type Result = LayerResult;
  export const write = writeResult;
}

export = SummaryReporter;
