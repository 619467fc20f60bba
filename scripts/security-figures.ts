/**
 * Prints the figures the tests recorded in test-output/results/security-figures.json
 * (issue "Trust under attack", How it is measured) as the Markdown table of the
 * README's "Security and reliability" section. Numbers come from the last run:
 *   npm run security:figures            (after npm test, or the unit and integration layers)
 *   npm run security:figures -- <file>  (another run's figures)
 *   npm run security:figures -- --readme  (also writes the table between the README's markers)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { figuresFile, type SecurityFigures } from '../test/unit/helpers/figures';

function table(f: SecurityFigures): string {
  const rows: Array<[string, string]> = [];
  const fuzz = Object.entries(f.fuzz).sort(([a], [b]) => a.localeCompare(b));
  for (const [parser, n] of fuzz) rows.push([`Fuzz cases: ${parser}`, n.toLocaleString('en-US')]);
  const blocks = Object.entries(f.worstBlockMs).sort(([, a], [, b]) => b - a);
  const worst = blocks[0];
  if (worst) rows.push(['Worst event-loop block over the adversarial inputs at the caps (ms)', `${worst[1]} (${worst[0]})`]);
  for (const [what, ms] of blocks) rows.push([`— ${what} (ms)`, String(ms)]);
  rows.push(['Canary locations searched / canary secrets found', `${f.canary.locations} / ${f.canary.hits}`]);
  rows.push(['Hostile-echo cases / secrets that reached any output', `${f.hostileEcho.cases} / ${f.hostileEcho.leaks}`]);
  return ['| Measure | Value |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

const args = process.argv.slice(2);
const toReadme = args.includes('--readme');
const file = args.find((a) => a !== '--readme') ?? figuresFile();
let figures: SecurityFigures;
try {
  figures = JSON.parse(readFileSync(file, 'utf8')) as SecurityFigures;
} catch {
  process.stderr.write(`No figures at ${file}: run the unit and integration tests first (npm test).\n`);
  process.exit(1);
}
const text = table(figures);
process.stdout.write(`${text}\n`);
if (toReadme) {
  const readme = path.join(__dirname, '..', 'README.md');
  const md = readFileSync(readme, 'utf8');
  const block = /<!-- security-figures:start -->\n[\s\S]*?<!-- security-figures:end -->/;
  writeFileSync(readme, md.replace(block, `<!-- security-figures:start -->\n${text}\n<!-- security-figures:end -->`));
}
