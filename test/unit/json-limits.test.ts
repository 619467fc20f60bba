/**
 * jsonShape: the linear depth/size pre-check run before any JSON.parse of untrusted text
 * (SECURITY.md 18). Its short-text fast path (count of opening brackets, length) must
 * give the same answer as the structural pass: checked against a plain reference scanner
 * on random text made of the characters that matter, with small limits so both paths and
 * both refusals are reached.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { jsonShape, MAX_JSON_DEPTH, MAX_JSON_MEMBERS, type JsonShape } from '../../src/core/json-limits';

/** The rule written the obvious way: brackets and commas outside strings, escapes skipped. */
function reference(text: string, maxDepth: number, maxMembers: number): JsonShape {
  let depth = 0;
  let members = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++depth > maxDepth) return 'too deep';
      if (++members > maxMembers) return 'too many members';
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && ++members > maxMembers) return 'too many members';
  }
  return 'ok';
}

const shapeText = fc
  .array(fc.constantFrom('[', ']', '{', '}', ',', '"', '\\', 'a', ':', '1', ' '), { maxLength: 60 })
  .map((cs) => cs.join(''));

/** jsonShape in a worker, so that a scan that never ends fails the test instead of hanging it. */
function shapeInWorker(text: string, ms: number): Promise<JsonShape | 'still scanning'> {
  const worker = new Worker(
    "const { parentPort, workerData } = require('node:worker_threads');" +
      'parentPort.postMessage(require(workerData.module).jsonShape(workerData.text));',
    {
      eval: true,
      execArgv: ['--require', 'tsx/cjs'],
      workerData: { text, module: path.resolve(__dirname, '../../src/core/json-limits.ts') },
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void worker.terminate().then(() => resolve('still scanning')), ms);
    worker.once('message', (shape: JsonShape) => {
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(shape));
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

describe('jsonShape (depth and size before parsing)', () => {
  it('ends on a text whose last string ends in a lone backslash (it scanned forever: `\\"\\`)', async () => {
    // Found by the property below: past the end of the text, the failing sticky search reset to 0.
    // Over 64 opening brackets (depth 1), so the short-text count cannot decide and the structural pass runs.
    const pairs = '[]'.repeat(MAX_JSON_DEPTH + 1);
    for (const text of [`${pairs}\\"\\`, `${pairs}{"a":"\\`, `${pairs}"\\`, `[${pairs},${'"x",'.repeat(1000)}"\\`]) {
      assert.equal(await shapeInWorker(text, 10_000), reference(text, MAX_JSON_DEPTH, MAX_JSON_MEMBERS), JSON.stringify(text.slice(0, 20)));
    }
  });

  it('property: agrees with the reference scanner, on the fast path and off it', () => {
    fc.assert(
      fc.property(shapeText, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 }), (text, maxDepth, maxMembers) => {
        assert.equal(jsonShape(text, { maxDepth, maxMembers }), reference(text, maxDepth, maxMembers), JSON.stringify(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('counts only brackets outside strings, at the exact limits', () => {
    const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    assert.equal(jsonShape(deep(MAX_JSON_DEPTH)), 'ok');
    assert.equal(jsonShape(deep(MAX_JSON_DEPTH + 1)), 'too deep');
    // 65 brackets inside a string: the fast path cannot decide, the structural pass says ok.
    assert.equal(jsonShape(JSON.stringify({ s: deep(MAX_JSON_DEPTH + 1) })), 'ok');
    const many = (n: number): string => `[${Array.from({ length: n }, () => '1').join(',')}]`;
    assert.equal(jsonShape(many(MAX_JSON_MEMBERS)), 'ok'); // the array and n - 1 commas
    assert.equal(jsonShape(many(MAX_JSON_MEMBERS + 2)), 'too many members');
  });
});
