/**
 * The production build of the extension host is split (esbuild.js, DESIGN.md "Load
 * late"): what activation loads — the entry chunk and the chunks it imports statically —
 * holds no HTTP client, no diagnosis catalogue, no command or panel code. One stray
 * value import of the core's index in a module of the activation path would pull them
 * all back; this test names the import chain when it happens. (Sizes only: time is
 * measured by `npm run bench`.)
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../host/paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { hostBuild } = require('../../esbuild.js') as { hostBuild: (o: { production: boolean; outdir: string }) => esbuild.BuildOptions };

/** Loaded only on first use; none of it may be in what activation loads. */
const LATE = [
  'node_modules/undici/',
  'src/core/http/transport.ts',
  // The catalogue and the rules (diagnose/format.ts, a formatter, may load early).
  'src/core/diagnose/findings.ts',
  'src/core/diagnose/preflight/',
  'src/core/diagnose/after-response/',
  'src/core/crypto/jwt.ts',
  // jose's verifier and key import (the early path only decodes, through jose's decode subpaths).
  'node_modules/jose/dist/webapi/jwt/verify.js',
  'node_modules/jose/dist/webapi/key/',
  'src/core/crypto/keys.ts',
  'src/shell/commands/',
  'src/shell/panel/request-panel.ts',
  'src/shell/exchange-runner.ts',
];

const ACTIVATION_BUDGET_BYTES = 400 * 1024;

describe('bundle split: what activation loads', function () {
  this.timeout(60_000);
  let out: string;
  /** The chunk graph (of the ES module stage, whose chunks become the CommonJS files in `out`). */
  let meta: esbuild.Metafile;
  let esmDir: string;
  /** Chunks (keys of meta.outputs) that loading the entry loads. */
  let atActivation: string[];
  /** The shipped file of a chunk. */
  const shipped = (chunk: string): string => path.join(out, path.relative(esmDir, path.resolve(repoRoot, chunk)));

  before(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'oauth-wb-split-'));
    const options = hostBuild({ production: true, outdir: out });
    esmDir = options.outdir!;
    const r = await esbuild.build({ ...options, absWorkingDir: repoRoot, metafile: true, logLevel: 'error' });
    meta = r.metafile;
    const entry = Object.keys(meta.outputs).find((o) => shipped(o) === path.join(out, 'extension.js'));
    assert.ok(entry, `no extension.js among ${Object.keys(meta.outputs).join(', ')}`);
    const seen = new Set<string>([entry]);
    const queue = [entry];
    while (queue.length > 0) {
      for (const i of meta.outputs[queue.shift()!]!.imports) {
        if (i.kind === 'import-statement' && !i.external && !seen.has(i.path)) {
          seen.add(i.path);
          queue.push(i.path);
        }
      }
    }
    atActivation = [...seen];
  });

  after(() => rmSync(out, { recursive: true, force: true }));

  it('ships every chunk as CommonJS, the later ones required on first use', () => {
    for (const chunk of Object.keys(meta.outputs).filter((o) => o.endsWith('.js'))) {
      const code = readFileSync(shipped(chunk), 'utf8');
      assert.doesNotMatch(code, /^\s*(import|export)\b|\bimport\(/m, `${shipped(chunk)} is not CommonJS`);
    }
    const entry = readFileSync(path.join(out, 'extension.js'), 'utf8');
    const late = /Promise\.resolve\(\)\.then\(\(\)\s*=>\s*\w+\(require\("(\.\/chunks\/[^"]+)"\)\)\)/.exec(entry)?.[1];
    assert.ok(late, 'the entry requires a chunk lazily');
    assert.ok(existsSync(path.join(out, late)), `${late} exists`);
  });

  it('holds none of the parts loaded on first use, which the build does contain', () => {
    const inputsOf = (outputs: string[]) => outputs.flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
    const early = inputsOf(atActivation);
    const all = inputsOf(Object.keys(meta.outputs));
    for (const late of LATE) {
      assert.ok(
        all.some((f) => f.startsWith(late)),
        `${late} is not in the build at all: update LATE`,
      );
      const found = early.find((f) => f.startsWith(late));
      assert.equal(found, undefined, `${found} is loaded at activation; import chain: ${importChain(meta, found ?? '')}`);
    }
  });

  it(`weighs at most ${ACTIVATION_BUDGET_BYTES / 1024} KB`, () => {
    const bytes = atActivation.reduce((n, o) => n + statSync(shipped(o)).size, 0);
    assert.ok(bytes <= ACTIVATION_BUDGET_BYTES, `${Math.round(bytes / 1024)} KB at activation: ${atActivation.join(', ')}`);
  });
});

/** The shortest static import chain from src/extension.ts to `target` (for the failure message). */
function importChain(meta: esbuild.Metafile, target: string): string {
  const from = new Map<string, string | null>([['src/extension.ts', null]]);
  const queue = ['src/extension.ts'];
  while (queue.length > 0) {
    const f = queue.shift()!;
    if (f === target) break;
    for (const i of meta.inputs[f]?.imports ?? []) {
      if (i.kind === 'dynamic-import' || i.external || from.has(i.path)) continue;
      from.set(i.path, f);
      queue.push(i.path);
    }
  }
  const chain: string[] = [];
  for (let f: string | null | undefined = target; f; f = from.get(f)) chain.unshift(f);
  return chain.join(' → ');
}
