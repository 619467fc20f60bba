/**
 * `npm run bench`: the product against real floors and a peer, as ONE Markdown table
 * (what the README shows). Variants run interleaved (harness.ts), each ratio is taken
 * within a repeat, and the table gives the median and the best (min) over the repeats.
 *
 *   npm run bench [-- --smoke] [-- --only sign,verify,flow,activation,scale] [-- --repeats N]
 *
 * `--smoke` runs every part with tiny counts (npm test runs it so the bench cannot rot).
 * Every run, the smoke run included, fails unless the table has every row of every part
 * it ran, each with a number in it; no run ever fails on a timing. Env BENCH_REPEATS and
 * BENCH_BATCH_MS (the length of one variant's turn in a round) tune a full run (defaults 15 and 15).
 */
import { cpus } from 'node:os';
import { signingRows } from './parts/sign';
import { verifyRows } from './parts/verify';
import { flowRows } from './parts/flow';
import { activationRows } from './parts/activation';
import { scaleRows } from './parts/scale';
import type { Plan } from './harness';
import { markdownTable, rowProblems, type Row } from './table';

const PARTS = ['sign', 'verify', 'flow', 'activation', 'scale'] as const;
type Part = (typeof PARTS)[number];

/** The rows each part prints (see its file). */
const ROWS: Record<Part, number> = { sign: 3, verify: 2, flow: 2, activation: 2, scale: 5 };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const smoke = process.argv.includes('--smoke');
  const only = arg('only')?.split(',') as Part[] | undefined;
  const repeats = Number(arg('repeats') ?? process.env.BENCH_REPEATS ?? (smoke ? 1 : 15));
  const batchMs = Number(process.env.BENCH_BATCH_MS ?? 15);
  const plan: Plan = smoke ? { repeats, ops: 2, warmup: 1, rounds: 1 } : { repeats, ops: 0, warmup: 20, rounds: 10 };
  const runners: Record<Part, () => Promise<Row[]>> = {
    sign: () => signingRows(plan, batchMs),
    verify: () => verifyRows(plan, batchMs),
    flow: () => flowRows(plan, batchMs),
    activation: () => activationRows(smoke ? 1 : Number(process.env.BENCH_ACTIVATION_PAIRS ?? 5)),
    scale: () => scaleRows(smoke),
  };
  const rows: Row[] = [];
  const problems: string[] = [];
  for (const part of PARTS) {
    if (only && !only.includes(part)) continue;
    process.stderr.write(`[bench] ${part}…\n`);
    const partRows = await runners[part]();
    problems.push(...rowProblems(part, partRows, ROWS[part]));
    rows.push(...partRows);
  }
  console.log(
    `node ${process.version}, ${cpus().length} CPUs; ${plan.repeats} interleaved repeats${smoke ? ' (smoke run: numbers mean nothing)' : ''}\n`,
  );
  console.log(markdownTable(rows));
  if (rows.length === 0) problems.push('no part ran: check --only');
  if (problems.length > 0) throw new Error(`the table is incomplete:\n${problems.join('\n')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
