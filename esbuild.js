// Bundles the extension host code (node, cjs) and the webview code (browser, iife).
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * The extension host bundle (node, cjs). The benchmark builds it into its own folder
 * with the production settings, so it measures what users install.
 * @param {{ production: boolean, outdir?: string }} o
 * @returns {import('esbuild').BuildOptions}
 */
function hostBuild(o) {
  return {
    entryPoints: ['src/extension.ts'],
    outfile: path.join(o.outdir ?? 'dist', 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: !o.production,
    minify: o.production,
    logLevel: 'warning',
  };
}

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  hostBuild({ production }),
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

module.exports = { hostBuild };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
