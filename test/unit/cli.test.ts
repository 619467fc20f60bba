/**
 * The CLI, built by esbuild.js to dist/cli.js and run as a process against the real
 * oidc-provider: the same client file as the extension, secrets only from the environment
 * or files, redacted output unless asked, --json for scripts, exit codes by failure class,
 * and the extension's findings text.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateDpopKey } from '../../src/core';
import { startResourceServer } from '../fixtures/resource-server';
import { useAuthServer } from './server-context';

const root = path.join(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('CLI (dist/cli.js as a process, against oidc-provider)', function () {
  this.timeout(60_000);
  const server = useAuthServer();
  let dir: string;
  let keyFile: string;
  let api: Server;
  let apiUrl: string;

  /** Runs the built CLI in the client file's folder with only the given environment. */
  const run = (args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> =>
    new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [cli, ...args],
        { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
      child.stdin?.end(stdin ?? '');
    });
  const key = () => ({ OAUTH_WORKBENCH_PRIVATE_KEY_FILE: keyFile });
  const basicSecret = () => ({ OAUTH_WORKBENCH_CLIENT_SECRET: server.as.clients.basic.clientSecret! });
  const writeClients = (extra: Record<string, unknown> = {}) =>
    writeFileSync(
      path.join(dir, '.vscode', 'oauth-clients.json'),
      JSON.stringify({
        clients: [
          {
            id: 'service',
            name: 'Service',
            issuer: server.as.issuer,
            clientId: server.as.clients.service.clientId,
            authMethod: 'private_key_jwt',
            keyId: server.as.clients.service.publicJwk?.kid,
            ...extra,
          },
          {
            id: 'basic',
            name: 'Basic',
            issuer: server.as.issuer,
            clientId: server.as.clients.basic.clientId,
            authMethod: 'client_secret_basic',
          },
        ],
      }),
    );

  before(async () => {
    execFileSync(process.execPath, [path.join(root, 'esbuild.js'), '--only=cli'], { cwd: root });
    dir = mkdtempSync(path.join(tmpdir(), 'oauth-wb-cli-'));
    mkdirSync(path.join(dir, '.vscode'));
    keyFile = path.join(dir, 'service.pem');
    writeFileSync(keyFile, server.as.clients.service.privatePem!, { mode: 0o600 });
    writeClients();
    // A resource server that accepts a bearer token the authorization server calls active.
    const basic = server.as.clients.basic;
    api = createServer((req, res) => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      void fetch(`${server.as.issuer}/token/introspection`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${basic.clientId}:${basic.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ token }).toString(),
      })
        .then((r) => r.json() as Promise<{ active: boolean }>)
        .then((j) =>
          res
            .writeHead(j.active ? 200 : 401, { 'content-type': 'application/json' })
            .end(JSON.stringify({ hello: j.active ? 'world' : 'nobody' })),
        );
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/hello`;
  });
  after(() => {
    api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('token: redacted by default, --json for scripts, --print-token only when asked', async () => {
    const text = await run(['token', '--client', 'service'], key());
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Token for "Service": Bearer \S{6}…, expires in 3600 s/);
    const json = await run(['token', '--client', 'service', '--json'], key());
    const summary = JSON.parse(json.stdout) as { ok: boolean; accessToken: string; expiresIn: number };
    assert.equal(summary.ok, true);
    assert.match(summary.accessToken, /^\S{6}…$/);
    const raw = await run(['token', '--client', 'service', '--print-token'], key());
    const token = raw.stdout.trim();
    assert.ok(token.length > 20 && !token.includes('…'));
    assert.ok(
      !text.stdout.includes(token.slice(6)) && !json.stdout.includes(token.slice(6)),
      'the token itself is never in redacted output',
    );
  });

  it('introspect and revoke take the token from the environment or a file; exit 7 for an inactive token', async () => {
    const token = (await run(['token', '--client', 'service', '--print-token'], key())).stdout.trim();
    const active = await run(['introspect', '--client', 'basic', '--token-env', 'SUBJECT', '--json'], { ...basicSecret(), SUBJECT: token });
    assert.equal(active.code, 0, active.stdout + active.stderr);
    assert.equal((JSON.parse(active.stdout) as { active: boolean }).active, true);
    const tokenFile = path.join(dir, 'token.txt');
    writeFileSync(tokenFile, token, { mode: 0o600 });
    const revoked = await run(['revoke', '--client', 'service', '--token-file', tokenFile], key());
    assert.equal(revoked.code, 0, revoked.stdout + revoked.stderr);
    const inactive = await run(['introspect', '--client', 'service', '--token-file', tokenFile], key());
    assert.equal(inactive.code, 7);
    assert.match(inactive.stdout, /is NOT active/);
  });

  it('call: an API gets a fresh Bearer token of the client', async () => {
    const r = await run(['call', apiUrl, '--client', 'service', '--json'], key());
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { status: number; body: unknown }).body, { hello: 'world' });
  });

  it("call: a DPoP client's API call carries a DPoP-bound token and its proof (the core's callApi), nonce retry included", async () => {
    const dpop = server.as.clients.dpop;
    const resource = await startResourceServer({
      issuer: server.as.issuer,
      introspectionClient: { clientId: server.as.clients.basic.clientId, clientSecret: server.as.clients.basic.clientSecret! },
    });
    const dpopKeyFile = path.join(dir, 'dpop.pem');
    const clientKeyFile = path.join(dir, 'dpop-client.pem');
    writeFileSync(dpopKeyFile, (await generateDpopKey()).privateKeyPem, { mode: 0o600 });
    writeFileSync(clientKeyFile, dpop.privatePem!, { mode: 0o600 });
    const file = path.join(dir, 'dpop-clients.json');
    writeFileSync(
      file,
      JSON.stringify({
        clients: [
          {
            id: 'dpop',
            name: 'DPoP service',
            issuer: server.as.issuer,
            clientId: dpop.clientId,
            authMethod: 'private_key_jwt',
            keyId: dpop.publicJwk?.kid,
            dpop: 'always',
          },
        ],
      }),
    );
    try {
      const env = { OAUTH_WORKBENCH_PRIVATE_KEY_FILE: clientKeyFile, OAUTH_WORKBENCH_DPOP_KEY_FILE: dpopKeyFile };
      const r = await run(['call', `${resource.url}/api/items`, '--file', file, '--client', 'dpop', '--json'], env);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal((JSON.parse(r.stdout) as { status: number }).status, 200);
      assert.deepEqual(
        resource.log.filter((l) => l.path === '/api/items').map((l) => `${l.scheme ?? ''} ${l.status} ${l.problem ?? ''}`.trim()),
        ['DPoP 401 use_dpop_nonce', 'DPoP 200'],
        'a DPoP proof, retried once with the API\u2019s nonce',
      );
      const missing = await run(['call', `${resource.url}/api/items`, '--file', file, '--client', 'dpop'], {
        OAUTH_WORKBENCH_PRIVATE_KEY_FILE: clientKeyFile,
      });
      assert.equal(missing.code, 2, missing.stdout + missing.stderr);
      assert.match(missing.stderr, /uses DPoP: set OAUTH_WORKBENCH_DPOP_KEY or OAUTH_WORKBENCH_DPOP_KEY_FILE/);
    } finally {
      await resource.close();
    }
  });

  it('call: a refused API call exits 4 with the status, the server\u2019s error and the findings', async () => {
    const resource = await startResourceServer({
      issuer: server.as.issuer,
      introspectionClient: { clientId: server.as.clients.basic.clientId, clientSecret: server.as.clients.basic.clientSecret! },
    });
    try {
      const r = await run(['call', `${resource.url}/api/step-up`, '--client', 'service', '--json'], key());
      assert.equal(r.code, 4, r.stdout + r.stderr);
      const out = JSON.parse(r.stdout) as { ok: boolean; status: number; error: { message: string }; findings: Array<{ code: string }> };
      assert.equal(out.ok, false);
      assert.equal(out.status, 401);
      assert.match(out.error.message, /insufficient_user_authentication/);
      assert.ok(out.findings.length > 0, 'the extension\u2019s diagnosis of the refusal');
    } finally {
      await resource.close();
    }
  });

  it('never reads a secret from an argument, and says where secrets go instead (exit 2)', async () => {
    for (const args of [
      ['token', '--client', 'basic', '--client-secret', 'x'],
      ['introspect', '--client', 'basic', '--token', 'x'],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /never read from arguments.*OAUTH_WORKBENCH_CLIENT_SECRET/);
    }
    const missing = await run(['token', '--client', 'basic']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /set OAUTH_WORKBENCH_CLIENT_SECRET or OAUTH_WORKBENCH_CLIENT_SECRET_FILE/);
    const unknown = await run(['token', '--client', 'nope'], basicSecret());
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No client "nope" .* it lists service, basic/);
  });

  it('a refused client authentication exits 4 with the extension\u2019s findings text', async () => {
    const r = await run(['token', '--client', 'basic'], { OAUTH_WORKBENCH_CLIENT_SECRET: 'wrong-secret-value' });
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout, /invalid_client/);
    assert.match(r.stdout, /^ {2}error [A-Z_]+: .+ Fix: .+$/m, 'findingLines format: severity, code, title, fix');
    assert.ok(!r.stdout.includes('wrong-secret-value'));
  });

  it('explain: the origin story (introspection with only client_id) with the client file\u2019s client', async () => {
    const curl = `curl -X POST '${server.as.issuer}/token/introspection' -d client_id=${server.as.clients.service.clientId} -d token=abc`;
    const r = await run(['explain', '--client', 'service', '--json'], {}, curl);
    assert.equal(r.code, 7, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout) as { findings: Array<{ severity: string; code: string }> };
    assert.ok(
      out.findings.some((f) => f.severity === 'error'),
      JSON.stringify(out.findings),
    );
  });

  it('the documented httpYac recipe (docs/TOKENS.md) gets a token the server calls active', async () => {
    const doc = readFileSync(path.join(root, 'docs', 'TOKENS.md'), 'utf8');
    const block = /```http\n\{\{\n([\s\S]*?)\n\}\}/.exec(doc)?.[1];
    assert.ok(block, 'docs/TOKENS.md has the httpYac script block');
    // As httpYac runs it (node, CommonJS `exports`), with `npx oauth-workbench` being this build.
    const script = block.replace(
      "execFileSync('npx', ['oauth-workbench',",
      `execFileSync(${JSON.stringify(process.execPath)}, [${JSON.stringify(cli)},`,
    );
    assert.notEqual(script, block, 'the recipe calls the CLI');
    // Run in its own node process, as httpYac does (execFileSync would block this test's server).
    const wrapper = `const exports = {}; ${script.replace("'billing'", "'service'")}\nprocess.stdout.write(exports.token);`;
    const r = await new Promise<Run>((resolve) =>
      execFile(process.execPath, ['-e', wrapper], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...key() } }, (err, stdout, stderr) =>
        resolve({ code: err ? 1 : 0, stdout, stderr }),
      ),
    );
    assert.equal(r.code, 0, r.stderr);
    const exported = { token: r.stdout.trim() };
    assert.ok(exported.token);
    const active = await run(['introspect', '--client', 'basic', '--token-env', 'T', '--json'], { ...basicSecret(), T: exported.token });
    assert.equal((JSON.parse(active.stdout) as { active: boolean }).active, true);
  });

  it('discover: the endpoints, and drift when the file pins one that discovery moved (exit 7)', async () => {
    const ok = await run(['discover', '--client', 'service', '--json'], {});
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { endpoints: { token: string } }).endpoints.token, `${server.as.issuer}/token`);
    writeClients({ endpoints: { introspection: `${server.as.issuer}/old/introspect` } });
    try {
      const drift = await run(['discover', '--client', 'service'], {});
      assert.equal(drift.code, 7);
      assert.match(drift.stdout, /drift: "Service": the file pins the introspection endpoint/);
    } finally {
      writeClients();
    }
  });
});
