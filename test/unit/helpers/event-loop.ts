/**
 * Event-loop budget checks (SECURITY.md 18): the longest time the loop was blocked
 * while some work ran. A `setImmediate` chain ticks as often as the loop turns; the
 * largest gap between two ticks (or between the start and the first tick) is the
 * longest synchronous step. This is not a timing test of speed: the budget (50 ms)
 * is far above what linear code needs at the caps, and far below what a quadratic
 * scan takes there (seconds).
 *
 * A step's length is its CPU time (the process's, read at every turn) when that is
 * shorter than the wall-clock gap: on a machine shared by a dozen busy processes the
 * wall clock also counts the time the scheduler gave to others (measured here: a
 * 1 MiB char loop of 1 ms took 12-24 ms of wall time at load average 12 on 2 cores),
 * while a quadratic step burns seconds of CPU either way.
 */
import { performance } from 'node:perf_hooks';

/** The budget of SECURITY.md 18 for any synchronous step, in milliseconds. */
export const SYNC_BUDGET_MS = 50;

export interface BlockReport<T> {
  result: T;
  /** Longest synchronous step while `work` ran, ms: per gap between two turns, the smaller of wall and CPU time. */
  maxBlockMs: number;
  /** Longest wall-clock gap between two turns, ms (includes time the process was not scheduled). */
  maxWallMs: number;
  /** Times the loop turned while `work` ran. */
  turns: number;
}

/**
 * Runs `work` (sync or async) and measures the longest event-loop block while it ran.
 * For synchronous work the whole call is one block, so this is its duration.
 */
export async function measureBlocking<T>(work: () => T | Promise<T>): Promise<BlockReport<T>> {
  const cpuMs = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let last = performance.now();
  let lastCpu = cpuMs();
  let max = 0;
  let maxWall = 0;
  let turns = 0;
  let running = true;
  const tick = (): void => {
    const now = performance.now();
    const cpu = cpuMs();
    maxWall = Math.max(maxWall, now - last);
    max = Math.max(max, Math.min(now - last, cpu - lastCpu));
    last = now;
    lastCpu = cpu;
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const result = await work();
    // One more turn so that a block at the very end is counted too.
    await new Promise<void>((resolve) => setImmediate(resolve));
    tick();
    return { result, maxBlockMs: max, maxWallMs: maxWall, turns };
  } finally {
    running = false;
  }
}

/**
 * Asserts that `work` never blocked the event loop for more than `budgetMs`
 * (default {@link SYNC_BUDGET_MS}) and returns its result and the measured block.
 * The message names `what` and the measured figure, so a failure says where.
 * `attempts` (default 1) re-runs pure `work` when a run went over and keeps the best:
 * on a loaded machine the process can be descheduled for tens of ms in any run, while
 * a quadratic step at the caps takes seconds in every run.
 */
export async function assertWithinBudget<T>(
  what: string,
  work: () => T | Promise<T>,
  budgetMs = SYNC_BUDGET_MS,
  attempts = 1,
): Promise<BlockReport<T>> {
  let best: BlockReport<T> | undefined;
  for (let i = 0; i < attempts && (best === undefined || best.maxBlockMs > budgetMs); i++) {
    const report = await measureBlocking(work);
    if (best === undefined || report.maxBlockMs < best.maxBlockMs) best = report;
  }
  if (best === undefined) throw new Error(`${what}: attempts must be at least 1`);
  if (best.maxBlockMs > budgetMs) {
    throw new Error(
      `${what}: the event loop was blocked for ${best.maxBlockMs.toFixed(1)} ms of CPU time (${best.maxWallMs.toFixed(1)} ms wall; budget ${budgetMs} ms${attempts > 1 ? `, best of ${attempts} runs` : ''})`,
    );
  }
  return best;
}
