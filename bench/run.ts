/**
 * Benchmark: prints ratios against a baseline measured in the same run (never absolute
 * targets, so it means the same on any machine). Run: `npm run bench`.
 *
 * 1. Client assertion signing with the per-profile KeyCache vs re-importing the PEM
 *    for every request (the baseline the cache exists to beat).
 * 2. Exchange redaction + JSON serialisation of a large history vs serialising it raw,
 *    and the heap it keeps.
 */
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createClientAssertion, importPrivateKey, KeyCache, redactExchange, type Exchange } from '../src/core';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);

async function timeIt(label: string, n: number, fn: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const perOp = (performance.now() - t0) / n;
  console.log(`  ${label.padEnd(44)} ${perOp.toFixed(3)} ms/op`);
  return perOp;
}

async function signingBench(): Promise<void> {
  console.log(`\n[1] client assertion signing, ${ROUNDS} rounds per key type`);
  for (const [name, pair] of [
    ['RSA-2048 PKCS#1', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()],
    ['EC P-256 SEC1', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString()],
  ] as const) {
    const alg = name.startsWith('RSA') ? 'RS256' : 'ES256';
    const common = { clientId: 'bench', audience: 'https://as.example', alg, method: 'private_key_jwt' } as const;
    console.log(` ${name}`);
    const baseline = await timeIt('baseline: import PEM + sign, every request', ROUNDS, async () =>
      createClientAssertion({ ...common, privateKey: await importPrivateKey(pair) }),
    );
    const cache = new KeyCache();
    const cached = await timeIt('KeyCache.get + sign', ROUNDS, async () =>
      createClientAssertion({ ...common, privateKey: await cache.get('p1', pair) }),
    );
    console.log(`  ratio cached/baseline: ${(cached / baseline).toFixed(3)} (lower is better)`);
  }
}

function fakeExchange(i: number): Exchange {
  const token = 'eyJ' + 'a'.repeat(900) + i;
  return {
    id: String(i),
    operation: 'client_credentials',
    request: {
      method: 'POST',
      url: 'https://as.example/token',
      headers: [{ name: 'content-type', value: 'application/x-www-form-urlencoded' }],
      form: [
        { name: 'grant_type', value: 'client_credentials' },
        { name: 'client_assertion', value: token, secret: true },
      ],
    },
    response: {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: token, expires_in: 3600 }),
      json: { access_token: token, expires_in: 3600 },
    },
    timings: { startedAt: new Date(0).toISOString(), totalMs: 12 },
    attempts: 1,
  };
}

async function historyBench(): Promise<void> {
  const N = 2000;
  console.log(`\n[2] history of ${N} exchanges`);
  const raw = Array.from({ length: N }, (_, i) => fakeExchange(i));
  const baseline = await timeIt('baseline: JSON.stringify raw exchange', N, (i) => JSON.stringify(raw[i]));
  const redacted = await timeIt('redactExchange + JSON.stringify', N, (i) => JSON.stringify(redactExchange(raw[i]!)));
  console.log(`  ratio redacted/baseline: ${(redacted / baseline).toFixed(3)}`);
  const rawBytes = Buffer.byteLength(JSON.stringify(raw));
  const redBytes = Buffer.byteLength(JSON.stringify(raw.map((e) => redactExchange(e))));
  console.log(`  stored size redacted/raw: ${(redBytes / rawBytes).toFixed(3)} (${redBytes} / ${rawBytes} bytes)`);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}; ratios compare with a baseline measured in this same run`);
  await signingBench();
  await historyBench();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
