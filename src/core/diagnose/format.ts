/**
 * Findings as plain text, the one formatter every text front end uses (the extension's
 * log, the CLI): per finding its severity, code, title and fix (and docs link), then its
 * evidence lines. Evidence quotes no secret by design.
 */
import type { Finding } from './findings';

/** The lines of one finding: `  error CODE: Title Fix: …`, then `    evidence: …` per evidence. */
export function findingLines(f: Finding): { headline: string; evidence: string[] } {
  return {
    headline: `  ${f.severity} ${f.code}: ${f.title} Fix: ${f.fix}${f.docs ? ` (see ${f.docs})` : ''}`,
    evidence: f.evidence.map((e) => `    evidence: ${e}`),
  };
}

/** All findings as text, one headline and its evidence after another. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings
    .flatMap((f) => {
      const { headline, evidence } = findingLines(f);
      return [headline, ...evidence];
    })
    .join('\n');
}
