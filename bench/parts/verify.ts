/**
 * JWT verification with a `jwks_uri`: the product's `verifyJwt` against jose's
 * `jwtVerify` with a cached remote key set (`createRemoteJWKSet`, made once). A local
 * server serves the JWKS and counts the fetches.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, exportJWK, jwtVerify, SignJWT } from 'jose';
import { verifyJwt } from '../../src/core';
import { compare, ratio, type Plan } from '../harness';
import { ratioRow, type Row } from '../table';

async function jwksServer(jwks: unknown): Promise<{ url: string; fetches: () => number; close: () => Promise<void> }> {
  let fetches = 0;
  const body = JSON.stringify(jwks);
  const server: Server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/jwk-set+json', 'cache-control': 'max-age=300' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks`,
    fetches: () => fetches,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function verifyRows(plan: Plan, batchMs: number): Promise<Row[]> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const server = await jwksServer({ keys: [jwk] });
  try {
    const issuer = 'https://as.example';
    const token = await new SignJWT({ scope: 'read' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience('api')
      .setSubject('user')
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);
    const remote = createRemoteJWKSet(new URL(server.url));
    const floor = (): Promise<unknown> => jwtVerify(token, remote, { issuer, audience: 'api' });
    const product = async (): Promise<void> => {
      const r = await verifyJwt(token, { issuer, audience: 'api', jwksUri: server.url });
      if (!r.verified) throw new Error(`verifyJwt failed: ${r.error?.message}`);
    };
    const before = server.fetches();
    let verifies = 0;
    const samples = await compare(
      [
        { name: 'floor', run: floor },
        {
          name: 'product',
          run: () => {
            verifies++;
            return product();
          },
        },
      ],
      plan,
      batchMs,
    );
    // The floor fetches once (its first call); every other fetch is the product's.
    const productFetches = server.fetches() - before - 1;
    return [
      ratioRow(
        '`verifyJwt` with a `jwks_uri` (RS256)',
        'jose `jwtVerify` + `createRemoteJWKSet`',
        ratio(samples, 'product', 'floor'),
        1.15,
      ),
      {
        what: `JWKS fetches for ${verifies} verifies`,
        against: 'server count, `max-age=300`',
        median: String(productFetches),
        min: String(productFetches),
        target: '≤ 1 per TTL',
        met: productFetches <= 1,
      },
    ];
  } finally {
    await server.close();
  }
}
