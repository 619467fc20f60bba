import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINDINGS, sortFindings, type Finding } from '../../src/core';
import { findingsMarkdown } from '../../src/core/diagnose/findings-doc';

describe('diagnose: finding catalogue and docs/FINDINGS.md', () => {
  it('docs/FINDINGS.md is exactly the table generated from the catalogue', () => {
    const doc = readFileSync(join(__dirname, '../../docs/FINDINGS.md'), 'utf8');
    assert.equal(doc, findingsMarkdown(), 'regenerate docs/FINDINGS.md (command in src/core/diagnose/findings-doc.ts)');
  });

  it('lists every code once, each with a meaning, a fix and a phase', () => {
    const doc = findingsMarkdown();
    for (const [code, e] of Object.entries(FINDINGS)) {
      assert.match(code, /^[A-Z][A-Z0-9_]+$/);
      assert.equal(doc.split(`| \`${code}\` |`).length, 2, `${code} appears once in the table`);
      assert.ok(e.meaning.length > 20 && e.fix.length > 10, code);
      assert.ok(['preflight', 'after-response', 'provider'].includes(e.phase), code);
    }
  });

  it('sorts by severity first, then rank (unranked last), stable otherwise', () => {
    const f = (code: keyof typeof FINDINGS, severity: Finding['severity'], rank?: number): Finding => ({
      code,
      severity,
      title: code,
      evidence: [],
      fix: '',
      ...(rank !== undefined ? { rank } : {}),
    });
    const sorted = sortFindings([
      f('PROVIDER_OKTA_ASSERTION_AUD', 'info'),
      f('CLIENT_ID_IN_QUERY', 'warning', 40),
      f('ENDPOINT_UNKNOWN', 'error'),
      f('AUTH_METHOD_MISMATCH', 'error', 4),
      f('INVALID_CLIENT', 'error', 0),
      f('ASSERTION_MISSING_KID', 'warning', 20),
    ]);
    assert.deepEqual(
      sorted.map((x) => x.code),
      [
        'INVALID_CLIENT',
        'AUTH_METHOD_MISMATCH',
        'ENDPOINT_UNKNOWN',
        'ASSERTION_MISSING_KID',
        'CLIENT_ID_IN_QUERY',
        'PROVIDER_OKTA_ASSERTION_AUD',
      ],
    );
  });
});
