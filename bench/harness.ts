/**
 * Interleaved timing: every repeat runs each variant once (in a rotating order), so a
 * load change on a shared machine hits all variants of that repeat alike; ratios are
 * taken within a repeat, then summarised as median and min over the repeats.
 */
import { performance } from 'node:perf_hooks';

/** One way of doing the measured job. `run` performs exactly one operation. */
export interface Variant {
  name: string;
  run: () => unknown;
}

/**
 * How long to measure: `repeats` repeats; each is `rounds` rounds in which every variant
 * runs `ops` operations (order rotating), after `warmup` operations of each variant.
 * Short rounds keep the variants side by side in time, so a noisy neighbour on a shared
 * machine slows all of them alike.
 */
export interface Plan {
  repeats: number;
  ops: number;
  warmup: number;
  rounds?: number;
}

/** Per variant, the time of one operation (ms) in each repeat. */
export type Samples = Map<string, number[]>;

/** Runs the variants interleaved and returns per-repeat per-operation times. */
export async function interleave(variants: Variant[], plan: Plan): Promise<Samples> {
  const samples: Samples = new Map(variants.map((v) => [v.name, []]));
  const rounds = plan.rounds ?? 10;
  for (const v of variants) for (let i = 0; i < plan.warmup; i++) await v.run();
  for (let r = 0; r < plan.repeats; r++) {
    const total = new Map(variants.map((v) => [v.name, 0]));
    for (let k = 0; k < rounds; k++) {
      // Rotate the order so no variant always runs first (cold caches) or last.
      const shift = r * rounds + k;
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(i + shift) % variants.length]!;
        const t0 = performance.now();
        for (let n = 0; n < plan.ops; n++) await v.run();
        total.set(v.name, total.get(v.name)! + performance.now() - t0);
      }
    }
    for (const v of variants) samples.get(v.name)!.push(total.get(v.name)! / (rounds * plan.ops));
  }
  return samples;
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Ratio `of / to` within each repeat: median and min over the repeats. */
export function ratio(samples: Samples, of: string, to: string): { median: number; min: number } {
  const a = samples.get(of);
  const b = samples.get(to);
  if (!a || !b || a.length !== b.length || a.length === 0) throw new Error(`no paired samples for ${of} / ${to}`);
  const rs = a.map((x, i) => x / b[i]!);
  return { median: median(rs), min: Math.min(...rs) };
}

/** Median time per operation of one variant (ms). */
export function perOp(samples: Samples, name: string): number {
  const xs = samples.get(name);
  if (!xs?.length) throw new Error(`no samples for ${name}`);
  return median(xs);
}

/** How many operations of `fn` take about `targetMs` (at least 1), measured after a short warm-up. */
export async function opsFor(fn: () => unknown, targetMs: number): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < Math.min(targetMs, 200)) {
    await fn();
    n++;
  }
  const each = (performance.now() - t0) / n;
  return Math.max(1, Math.round(targetMs / each));
}

/** Interleaves `variants`; without a fixed `plan.ops`, one turn lasts about `batchMs` of the first variant (the floor). */
export async function compare(variants: Variant[], plan: Plan, batchMs: number): Promise<Samples> {
  const ops = plan.ops || (await opsFor(variants[0]!.run, batchMs));
  return interleave(variants, { ...plan, ops });
}
