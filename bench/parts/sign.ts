/**
 * Client assertion signing: the product's per-request path (`assertionFor`: key cache
 * lookup, claims, sign) against the floor — the same JWS built by hand with
 * `crypto.sign` and the same KeyObject.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { assertionFor, KeyCache, type CallContext } from '../../src/core';
import { compare, ratio, type Plan } from '../harness';
import { ratioRow, type Row } from '../table';

type Alg = 'RS256' | 'ES256' | 'EdDSA';

const KEYS: Record<Alg, () => KeyObject> = {
  RS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  ES256: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
  EdDSA: () => generateKeyPairSync('ed25519').privateKey,
};

const ISSUER = 'https://as.example';
const TOKEN_ENDPOINT = `${ISSUER}/token`;

/** A private_key_jwt context for `alg`, with its PEM in the secrets and a key cache (as the shell has). */
export function signingContext(alg: Alg, key: KeyObject, tokenEndpoint = TOKEN_ENDPOINT, issuer = ISSUER): CallContext {
  return {
    profile: { id: `bench-${alg}`, name: 'bench', issuer, clientId: 'bench-client', authMethod: 'private_key_jwt', signingAlg: alg },
    secrets: { privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString() },
    metadata: { issuer, token_endpoint: tokenEndpoint },
    keyCache: new KeyCache(),
  };
}

/** The floor: the same assertion (header, claims, fresh jti) serialised by hand and signed with crypto.sign. */
export function handSigner(alg: Alg, key: KeyObject, kid: string, audience = ISSUER): () => string {
  const hash = alg === 'EdDSA' ? null : 'sha256';
  const signingKey = alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  const header = Buffer.from(JSON.stringify({ alg, kid })).toString('base64url');
  return () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: 'bench-client', sub: 'bench-client', aud: audience, jti: randomUUID(), iat: now, nbf: now, exp: now + 60 };
    const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${input}.${sign(hash, Buffer.from(input), signingKey).toString('base64url')}`;
  };
}

export async function signingRows(plan: Plan, batchMs: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
    const key = KEYS[alg]();
    const ctx = signingContext(alg, key);
    const kid = (await assertionFor(ctx, 'token')).decoded.header['kid'] as string;
    const floor = handSigner(alg, key, kid);
    const samples = await compare(
      [
        { name: 'floor', run: floor },
        { name: 'product', run: () => assertionFor(ctx, 'token') },
      ],
      plan,
      batchMs,
    );
    rows.push(
      ratioRow(`sign a client assertion, ${alg} (key cached)`, '`crypto.sign`, same KeyObject', ratio(samples, 'product', 'floor'), 1.15),
    );
  }
  return rows;
}
