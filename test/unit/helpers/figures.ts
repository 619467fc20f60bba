/**
 * The figures of the README's "Security and reliability" section (issue "Trust under
 * attack", How it is measured): tests record what they ran and saw, and
 * `npm run security:figures` prints them as a table. The numbers come from the run.
 *
 * Layout of test-output/results/security-figures.json:
 *   fuzz:        { <parser>: cases run }
 *   worstBlockMs:{ <function>: worst event-loop block over the adversarial inputs at its cap }
 *   canary:      { locations: places searched, hits: canary secrets found there }
 *   hostileEcho: { cases: echoes tried, leaks: secrets that reached any output }
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SecurityFigures {
  fuzz: Record<string, number>;
  worstBlockMs: Record<string, number>;
  canary: { locations: number; hits: number };
  hostileEcho: { cases: number; leaks: number };
}

const EMPTY: SecurityFigures = { fuzz: {}, worstBlockMs: {}, canary: { locations: 0, hits: 0 }, hostileEcho: { cases: 0, leaks: 0 } };

/** The repository root: the nearest folder above this file with the project's package.json (also from a bundle in out/). */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'test', 'unit'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/** Where the figures go: $OAUTH_WB_TEST_OUTPUT/results (default test-output/results in the repository). */
export function figuresFile(root = process.env.OAUTH_WB_TEST_OUTPUT ?? path.join(repoRoot(), 'test-output')): string {
  return path.join(root, 'results', 'security-figures.json');
}

function read(file: string): SecurityFigures {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SecurityFigures>;
    return {
      fuzz: { ...parsed.fuzz },
      worstBlockMs: { ...parsed.worstBlockMs },
      canary: { ...EMPTY.canary, ...parsed.canary },
      hostileEcho: { ...EMPTY.hostileEcho, ...parsed.hostileEcho },
    };
  } catch {
    return structuredClone(EMPTY);
  }
}

/** Read-modify-write of the figures file (tests of one layer run in one process, one after another). */
export function recordFigures(update: (f: SecurityFigures) => void, file = figuresFile()): void {
  const f = read(file);
  update(f);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(f, null, 2)}\n`);
}

/** Adds `cases` fuzz cases for `parser`. */
export function recordFuzz(parser: string, cases: number): void {
  recordFigures((f) => {
    f.fuzz[parser] = (f.fuzz[parser] ?? 0) + cases;
  });
}

/** Keeps the worst event-loop block (ms) seen for `what` over the adversarial inputs. */
export function recordBlock(what: string, ms: number): void {
  recordFigures((f) => {
    f.worstBlockMs[what] = Math.max(f.worstBlockMs[what] ?? 0, Math.round(ms * 10) / 10);
  });
}

/** Adds canary locations searched and the canary secrets found there. */
export function recordCanary(locations: number, hits: number): void {
  recordFigures((f) => {
    f.canary.locations += locations;
    f.canary.hits += hits;
  });
}

/** Adds hostile-echo cases and the number of secrets that reached an output. */
export function recordHostileEcho(cases: number, leaks: number): void {
  recordFigures((f) => {
    f.hostileEcho.cases += cases;
    f.hostileEcho.leaks += leaks;
  });
}
