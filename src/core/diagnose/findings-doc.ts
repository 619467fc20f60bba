/**
 * docs/FINDINGS.md is generated from the catalogue (a test keeps them identical):
 * `npx tsx -e "process.stdout.write(require('./src/core/diagnose/findings-doc').findingsMarkdown())" > docs/FINDINGS.md`
 */
import { FINDINGS } from './findings';
import { FUTURE_TOLERANCE_S, MAX_LIFETIME_S, STALE_AFTER_S } from './preflight/assertion';
import { CLOCK_SKEW_THRESHOLD_S } from './after-response/clock';

const PHASES = { preflight: 'Before sending (preflight)', 'after-response': 'After the response', provider: 'Provider hints' } as const;

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The Markdown table of every finding code, grouped by phase. */
export function findingsMarkdown(): string {
  const out = `# Diagnosis findings

Every finding \`diagnose()\` can return, by its stable \`code\` (codes are never renamed).
Severity is the default; some rules raise or lower it (stated in the finding itself).
Preflight findings check a request before it is sent (a pasted curl or a prepared
request); after-response findings explain what the server answered. For
\`invalid_client\` the likely causes are ranked: the **Rank** column is the order in
which causes are listed (lower = more likely); unranked findings are not causes of
\`invalid_client\`.

Thresholds: an assertion \`iat\`/\`nbf\` more than **${FUTURE_TOLERANCE_S} s** in the future, a lifetime
above **${MAX_LIFETIME_S} s**, an \`iat\` more than **${STALE_AFTER_S} s** before the request, and a server \`Date\`
header more than **${CLOCK_SKEW_THRESHOLD_S} s** away from the local clock produce findings.

Evidence quotes the request parts and metadata fields involved, never a secret value
(secrets appear as \`<client_assertion: 812 chars>\`, or as their decoded claims).

This file is generated from \`src/core/diagnose/findings.ts\`; edit the catalogue, not this file.
`;
  return out + findingsTables();
}

/** Just the tables, one per phase (also embedded in README.md between `findings` markers). */
export function findingsTables(): string {
  let out = '';
  for (const [phase, heading] of Object.entries(PHASES)) {
    out += `\n## ${heading}\n\n| Code | Severity | Rank | Meaning | Fix |\n|---|---|---|---|---|\n`;
    for (const [code, e] of Object.entries(FINDINGS)) {
      if (e.phase !== phase) continue;
      const rank = 'causeRank' in e ? String(e.causeRank) : '';
      const docs = 'docs' in e ? ` ([docs](${e.docs}))` : '';
      out += `| \`${code}\` | ${e.severity} | ${rank} | ${cell(e.meaning)} | ${cell(e.fix)}${docs} |\n`;
    }
  }
  return out;
}
