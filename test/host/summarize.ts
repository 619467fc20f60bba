/**
 * The end of `npm test`: reads the steps scripts/test.sh ran and the result files the
 * summary reporter wrote, prints a per-layer table, and ends with ONE line
 * `N passed, N failed` (`, N skipped` when tests are pending). Exit code 1 if anything
 * failed: a failed test, or a step/layer that crashed, timed out or could not run
 * (each counts as one failure, with its reason printed).
 *
 *   npx tsx test/host/summarize.ts <steps.tsv>
 *
 * steps.tsv lines: name \t exit code (or "skip") \t seconds \t result prefix (or "-") \t note
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Result {
  layer: string;
  passes: number;
  failures: number;
  pending: number;
  failed: Array<{ title: string; error: string }>;
  crashed?: string;
}

interface Step {
  name: string;
  exit: number | 'skip';
  seconds: number;
  prefix: string | undefined;
  note: string;
}

/** Totals and the lines that explain them. */
export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  lines: string[];
}

export function parseSteps(text: string): Step[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [name = '?', exit = '1', seconds = '0', prefix = '-', note = ''] = l.split('\t');
      return {
        name,
        exit: exit === 'skip' ? 'skip' : Number(exit),
        seconds: Number(seconds),
        prefix: prefix === '-' ? undefined : prefix,
        note,
      };
    });
}

function readResult(file: string): Result | string {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<Result>;
    if (typeof v.passes !== 'number' || typeof v.failures !== 'number') return `${file} has no counts`;
    return {
      layer: v.layer ?? path.basename(file, '.json'),
      passes: v.passes,
      failures: v.failures,
      pending: v.pending ?? 0,
      failed: v.failed ?? [],
      ...(v.crashed ? { crashed: v.crashed } : {}),
    };
  } catch (e) {
    return `${file} unreadable: ${e instanceof Error ? e.message : String(e)}`;
  }
}

export function summarize(steps: Step[], resultsDir: string): Summary {
  const s: Summary = { passed: 0, failed: 0, skipped: 0, lines: [] };
  const files = existsSync(resultsDir)
    ? readdirSync(resultsDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  for (const step of steps) {
    const time = `${step.seconds}s`;
    if (step.exit === 'skip') {
      s.lines.push(`  ${step.name.padEnd(26)} skipped   ${step.note}`);
      continue;
    }
    const timedOut = step.exit === 124 || step.exit === 137;
    const notStarted = step.note.startsWith('not started');
    const why = notStarted ? 'not run' : timedOut ? `timed out after ${time}` : `exit code ${step.exit}`;
    if (!step.prefix) {
      // A set-up step: only its failure counts.
      if (step.exit === 0) s.lines.push(`  ${step.name.padEnd(26)} ok        ${time}`);
      else {
        s.failed += 1;
        s.lines.push(`  ${step.name.padEnd(26)} FAILED    ${why}${step.note ? ` — ${step.note}` : ''}`);
      }
      continue;
    }
    // `<prefix>.json` first, then its variants (e.g. integration-restricted.json).
    const mine = files
      .filter((f) => f.startsWith(step.prefix as string))
      .sort((a, b) => Number(b === `${step.prefix}.json`) - Number(a === `${step.prefix}.json`) || a.localeCompare(b));
    let explained = false;
    for (const f of mine) {
      const r = readResult(path.join(resultsDir, f));
      if (typeof r === 'string') {
        s.failed += 1;
        explained = true;
        s.lines.push(`  ${step.name.padEnd(26)} CRASHED   ${r}`);
        continue;
      }
      s.passed += r.passes;
      s.failed += r.failures;
      s.skipped += r.pending;
      if (r.failures > 0) explained = true;
      const counts = `${r.passes} passed, ${r.failures} failed${r.pending ? `, ${r.pending} skipped` : ''}`;
      s.lines.push(`  ${r.layer.padEnd(26)} ${counts}   (${time} for the step)`);
      for (const t of r.failed.slice(0, 20)) s.lines.push(`      ✗ ${t.title}: ${t.error}`);
      if (r.failed.length > 20) s.lines.push(`      … ${r.failed.length - 20} more`);
      if (r.crashed) {
        s.failed += 1;
        explained = true;
        s.lines.push(`      CRASHED: ${r.crashed}`);
      }
    }
    if (step.exit !== 0 && !explained) {
      s.failed += 1;
      const detail = mine.length === 0 ? 'no results were written' : 'no failed test explains it';
      s.lines.push(
        `  ${step.name.padEnd(26)} CRASHED   ${why}, ${detail}${step.note ? ` — ${step.note}` : ''}; see test-output/logs/${step.name}.log`,
      );
    } else if (mine.length === 0) {
      s.lines.push(`  ${step.name.padEnd(26)} no tests  ${time}`);
    }
  }
  return s;
}

/** `N passed, N failed[, N skipped]` */
export function closingLine(s: Summary): string {
  return `${s.passed} passed, ${s.failed} failed${s.skipped > 0 ? `, ${s.skipped} skipped` : ''}`;
}

function main(): void {
  const stepsFile = process.argv[2];
  if (!stepsFile) throw new Error('usage: summarize.ts <steps.tsv>');
  const summary = summarize(parseSteps(readFileSync(stepsFile, 'utf8')), path.dirname(stepsFile));
  process.stdout.write(`\n── Summary ${'─'.repeat(60)}\n${summary.lines.join('\n')}\n\n${closingLine(summary)}\n`);
  process.exitCode = summary.failed > 0 ? 1 : 0;
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`[summary] ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(3);
  }
}
