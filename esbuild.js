// Bundles the extension host code (node, cjs) and the webview code (browser, iife).
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const production = process.argv.includes('--production');
/** `--only=cli`: build just the CLI (its tests run it as a process). */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const watch = process.argv.includes('--watch');

/**
 * The extension host code (node, CommonJS), split so that activation loads only what it
 * needs (DESIGN.md "Load late"): every `await import()` in the source starts a chunk
 * loaded on first use — undici and the transport, jose's verifier and key import, the
 * diagnosis catalogue, the commands and the request panel. esbuild splits only ES
 * modules, so this build writes ESM chunks to a temp folder and `toCommonJs` turns each
 * into a CommonJS file in `outdir` (dist/extension.js, dist/chunks/*.js; source maps
 * chained): VS Code loads `main` with require(), and resolves `vscode` for require().
 * The benchmark and the bundle test build it into their own folder with the production
 * settings, so they measure what users install.
 * @param {{ production: boolean, outdir?: string }} o
 * @returns {import('esbuild').BuildOptions}
 */
function hostBuild(o) {
  const outdir = o.outdir ?? 'dist';
  const esmDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oauth-wb-esm-'));
  process.on('exit', () => fs.rmSync(esmDir, { recursive: true, force: true }));
  return {
    entryPoints: ['src/extension.ts'],
    outdir: esmDir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['vscode'],
    plugins: [coreWithoutSideEffects, toCommonJs(outdir, o.production)],
    sourcemap: !o.production,
    logLevel: 'warning',
  };
}

/**
 * The core is pure (DESIGN.md): importing one name from its index must not pull every
 * module the index re-exports (undici, the diagnosis catalogue) into the chunk that
 * activation loads.
 */
const coreWithoutSideEffects = {
  name: 'core-without-side-effects',
  setup(build) {
    const core = path.join(__dirname, 'src', 'core') + path.sep;
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const base = path.resolve(args.resolveDir, args.path);
      if (!(base + path.sep).startsWith(core)) return undefined;
      const file = [base + '.ts', path.join(base, 'index.ts'), base].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
      return file ? { path: file, sideEffects: false } : undefined;
    });
  },
};

/**
 * After each ESM build: every chunk becomes a CommonJS file of the same name in `outdir`
 * (`import()` becomes a lazy require()); the previous build's chunks are removed first.
 * @param {string} outdir
 * @param {boolean} production
 */
function toCommonJs(outdir, production) {
  return {
    name: 'to-commonjs',
    setup(build) {
      build.onEnd(async (result) => {
        if (result.errors.length > 0) return;
        const esmDir = build.initialOptions.outdir;
        const chunks = fs
          .readdirSync(esmDir, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.js'))
          .map((f) => path.join(esmDir, f));
        fs.rmSync(path.join(outdir, 'chunks'), { recursive: true, force: true });
        await esbuild.build({
          entryPoints: chunks,
          outdir,
          outbase: esmDir,
          bundle: false,
          platform: 'node',
          format: 'cjs',
          target: 'node20',
          supported: { 'dynamic-import': false },
          sourcemap: !production,
          minify: production,
          logLevel: 'warning',
        });
      });
    },
  };
}

/** @returns {import('esbuild').BuildOptions[]} */
const builds = () => [
  hostBuild({ production }),
  {
    // The CLI (package.json "bin"): its own file, never part of the extension bundle.
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  },
  {
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  },
];

/**
 * Integration tests (development builds only): test/integration/index.ts and every
 * *.test.ts under it, one bundle each in out/integration/, loaded by mocha inside the
 * extension host. `vscode` comes from the host; `mocha` from node_modules.
 */
function integrationTestBuild() {
  const dir = path.join('test', 'integration');
  if (production || !fs.existsSync(path.join(dir, 'index.ts'))) return undefined;
  const tests = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f));
  // Deleted or renamed tests must not linger as stale bundles.
  fs.rmSync(path.join('out', 'integration'), { recursive: true, force: true });
  return {
    entryPoints: [path.join(dir, 'index.ts'), ...tests],
    outdir: path.join('out', 'integration'),
    outbase: dir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: true,
    logLevel: 'warning',
  };
}

/** Codicons ship as a CSS + font pair; the webview loads them from dist/. */
function copyCodicons() {
  const src = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  const dest = path.join(__dirname, 'dist', 'codicons');
  fs.mkdirSync(dest, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(src, f), path.join(dest, f));
}

async function main() {
  if (only === 'cli') {
    await esbuild.build(builds().find((b) => b.outfile === 'dist/cli.js'));
    return;
  }
  const present = builds().filter((b) => b.entryPoints.every((e) => fs.existsSync(e)));
  const tests = integrationTestBuild();
  if (tests) present.push(tests);
  if (watch) {
    for (const b of present) await (await esbuild.context(b)).watch();
    copyCodicons();
    return;
  }
  await Promise.all(present.map((b) => esbuild.build(b)));
  copyCodicons();
}

module.exports = { hostBuild };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
