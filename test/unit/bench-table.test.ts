/** The bench's completeness check (bench/table.ts): the smoke run in `npm test` relies on it to fail. */
import assert from 'node:assert/strict';
import { markdownTable, rowProblems, type Row } from '../../bench/table';

const row = (over: Partial<Row> = {}): Row => ({
  what: 'sign',
  against: 'floor',
  median: '1.02×',
  min: '0.98×',
  target: '≤ 1.15×',
  met: true,
  ...over,
});

describe('bench table: every row, each with a number', () => {
  it('accepts a part with all its rows', () => {
    assert.deepEqual(rowProblems('sign', [row(), row(), row()], 3), []);
  });

  it('names a part that printed fewer or more rows than it promises', () => {
    assert.match(rowProblems('scale', [row()], 3).join('\n'), /scale: 1 row\(s\), expected 3/);
    assert.match(rowProblems('flow', [row(), row(), row()], 2).join('\n'), /flow: 3 row\(s\), expected 2/);
  });

  it('names a row whose cell is empty or holds no number', () => {
    assert.match(rowProblems('verify', [row({ median: '' }), row()], 2).join('\n'), /empty cell/);
    assert.match(rowProblems('verify', [row({ median: 'NaN×' }), row()], 2).join('\n'), /no number/);
    assert.match(rowProblems('verify', [row({ min: '+Infinity ms' }), row()], 2).join('\n'), /no number/);
    assert.match(rowProblems('activation', [row({ what: 'code loaded (undefined)' }), row()], 2).join('\n'), /no number/);
  });

  it('renders one Markdown line per row under the header', () => {
    const lines = markdownTable([row(), row({ met: false })]).split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[3]!, /\| \*\*no\*\* \|$/);
  });
});
