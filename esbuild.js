// Bundles the extension host code (node, cjs) and the webview code (browser, iife).
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
/** `--only=cli`: build just the CLI (its tests run it as a process). */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  },
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
    await esbuild.build(builds.find((b) => b.outfile === 'dist/cli.js'));
    return;
  }
  const present = builds.filter((b) => b.entryPoints.every((e) => fs.existsSync(e)));
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

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
