/** The benchmark's one Markdown table (what the README shows). */

/** One row: a measured ratio (or difference) against a floor or a peer, and its target. */
export interface Row {
  what: string;
  against: string;
  /** Median over the repeats, already formatted (e.g. `1.07×`, `+12 ms`, `1 fetch`). */
  median: string;
  /** Best repeat (the least noisy one), formatted likewise. */
  min: string;
  target: string;
  /** undefined: informational row without a target. */
  met?: boolean;
}

export const times = (x: number): string => `${x.toFixed(2)}×`;
export const ms = (x: number): string => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
export const plusMs = (x: number): string => `${x >= 0 ? '+' : '−'}${ms(Math.abs(x))}`;
export const kb = (bytes: number): string => `${Math.round(bytes / 1024)} KB`;

/** A row for a ratio that must stay at or below `limit` (`below`: strictly below). */
export function ratioRow(what: string, against: string, r: { median: number; min: number }, limit: number, below = false): Row {
  return {
    what,
    against,
    median: times(r.median),
    min: times(r.min),
    target: `${below ? '<' : '≤'} ${limit}×`,
    met: below ? r.median < limit : r.median <= limit,
  };
}

/** Renders the rows as a GitHub Markdown table. */
export function markdownTable(rows: Row[]): string {
  const head = ['what', 'against', 'median', 'min', 'target', 'met'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((h) => (h === 'what' || h === 'against' ? '---' : '---:')).join('|')}|`];
  for (const r of rows) {
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    lines.push(`| ${[r.what, r.against, r.median, r.min, r.target, met].join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * What is wrong with a part's rows (empty list: nothing): fewer or more rows than the
 * part promises, an empty cell, or a number that is not one (NaN, Infinity, undefined).
 * Every run checks it, the smoke run of `npm test` included; no timing is judged here.
 */
export function rowProblems(part: string, rows: Row[], expected: number): string[] {
  const problems = rows.length === expected ? [] : [`${part}: ${rows.length} row(s), expected ${expected}`];
  for (const r of rows) {
    const cells = [r.what, r.against, r.median, r.min, r.target];
    if (cells.some((c) => typeof c !== 'string' || c.trim() === ''))
      problems.push(`${part}: a row has an empty cell: ${JSON.stringify(r)}`);
    if (cells.some((c) => /NaN|Infinity|undefined/.test(String(c)))) problems.push(`${part}: a row has no number: ${JSON.stringify(r)}`);
  }
  return problems;
}
