/**
 * A client_credentials request with private_key_jwt (ES256): the product's
 * `clientCredentials` against the floor — raw undici `request` with a prebuilt body,
 * signing the assertion per request with `crypto.sign` — and against the peer
 * oauth4webapi 3 (`PrivateKeyJwt` + `clientCredentialsGrantRequest` +
 * `processClientCredentialsResponse`). The token server is a minimal node server in a
 * child process that reads the body and answers a fixed token response, so the
 * client's own costs dominate.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as oauth from 'oauth4webapi';
import { Agent, request } from 'undici';
import { clientCredentials, type CallContext } from '../../src/core';
import { compare, ratio, type Plan } from '../harness';
import { ratioRow, type Row } from '../table';
import { handSigner, signingContext } from './sign';

const SERVER_JS = `
const http = require('node:http');
const body = JSON.stringify({ access_token: 'x'.repeat(43), token_type: 'Bearer', expires_in: 3600, scope: 'read' });
const server = http.createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
process.on('disconnect', () => process.exit(0));
`;

async function startTokenServer(): Promise<{ origin: string; stop: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oauth-wb-bench-'));
  const file = path.join(dir, 'token-server.js');
  writeFileSync(file, SERVER_JS);
  const child: ChildProcess = fork(file, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number(m)));
    child.once('exit', (code) => reject(new Error(`token server exited (${code})`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function assertToken(json: unknown): void {
  if (typeof (json as { access_token?: unknown }).access_token !== 'string') throw new Error('no access_token');
}

export async function flowRows(plan: Plan, batchMs: number): Promise<Row[]> {
  const server = await startTokenServer();
  const agent = new Agent();
  try {
    const tokenEndpoint = `${server.origin}/token`;
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const ctx: CallContext = signingContext('ES256', key, tokenEndpoint, server.origin);
    const product = async (): Promise<void> => {
      const x = await clientCredentials(ctx, { scope: 'read' });
      if (x.error) throw new Error(`clientCredentials failed: ${x.error.message}`);
    };
    await product();
    const kid = ctx.keyCache ? (await ctx.keyCache.get(ctx.profile.id, ctx.secrets.privateKey!)).kid : '';

    // Floor: what any client must do — sign, send the form, read and parse the JSON.
    const signFloor = handSigner('ES256', key, kid, server.origin);
    const prefix = `grant_type=client_credentials&scope=read&client_id=bench-client&client_assertion_type=${encodeURIComponent('urn:ietf:params:oauth:client-assertion-type:jwt-bearer')}&client_assertion=`;
    const floor = async (): Promise<void> => {
      const res = await request(tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: prefix + signFloor(),
        dispatcher: agent,
      });
      assertToken(await res.body.json());
    };

    // Peer: oauth4webapi with the same key as a WebCrypto CryptoKey.
    const cryptoKey = await webcrypto.subtle.importKey(
      'pkcs8',
      key.export({ type: 'pkcs8', format: 'der' }),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    const as: oauth.AuthorizationServer = { issuer: server.origin, token_endpoint: tokenEndpoint };
    const client: oauth.Client = { client_id: 'bench-client' };
    const auth = oauth.PrivateKeyJwt({ key: cryptoKey, kid });
    const peer = async (): Promise<void> => {
      const res = await oauth.clientCredentialsGrantRequest(as, client, auth, new URLSearchParams({ scope: 'read' }), {
        [oauth.allowInsecureRequests]: true,
      });
      assertToken(await oauth.processClientCredentialsResponse(as, client, res));
    };

    const samples = await compare(
      [
        { name: 'floor', run: floor },
        { name: 'product', run: product },
        { name: 'peer', run: peer },
      ],
      plan,
      batchMs,
    );
    const what = 'client_credentials, private_key_jwt ES256';
    return [
      ratioRow(what, 'raw undici, prebuilt body, `crypto.sign` per request', ratio(samples, 'product', 'floor'), 1.15),
      ratioRow(what, 'oauth4webapi 3 (peer)', ratio(samples, 'product', 'peer'), 1, true),
    ];
  } finally {
    await agent.close();
    server.stop();
  }
}
