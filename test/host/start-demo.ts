/**
 * `npm start` (after scripts/start.sh has built and packaged the extension): the local
 * authorization server with its demo clients, a demo folder, and a real VS Code
 * (code-server) with the extension installed and a demo profile pointing at the server.
 * Prints the URL to open; Ctrl-C (or SIGTERM) stops everything.
 *
 *   npx tsx test/host/start-demo.ts [--no-open] [--demo-dir dir] [--port N]
 *
 * State lives in <demo-dir> (default ~/.cache/oauth-workbench/demo): the opened folder
 * `workspace/` with the demo private keys (mode 600), and `vscode/` (user data,
 * extensions, the server description). Ports of the previous run are reused when free,
 * so an open browser tab and the saved profile keep working after a restart.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { startResourceServer } from '../fixtures/resource-server';
import { startAuthServerProcess, type AuthServerDescription } from './auth-server';
import { ensureCodeServer, installExtension, startCodeServer } from './code-server';
import { vsixPath } from './paths';
import { shuttingDown, stopAll, stopServicesOnExit } from './processes';

interface DemoState {
  authPort?: number;
  workbenchPort?: number;
}

/** A profile as `oauthWorkbench.profiles` holds it (no secrets: keys are referenced by file). */
export interface DemoProfile {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  authMethod: string;
  audience?: string;
  scope?: string;
  privateKeyFile?: string;
  /** The kid registered at the server (a PEM key has none of its own). */
  keyId?: string;
  dpop?: string;
  clientCertificateFile?: string;
  clientCertificateKeyFile?: string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function defaultDemoDir(): string {
  const cache =
    process.env.OAUTH_WORKBENCH_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'oauth-workbench');
  return path.join(cache, 'demo');
}

/** True if 127.0.0.1:port can be bound right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function reusePort(previous: number | undefined): Promise<number> {
  return previous && (await portFree(previous)) ? previous : 0;
}

/** Writes a secret file readable by the owner only (also when it already existed). */
function writePrivate(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Merges our keys into an existing settings.json (the user's other settings survive). */
function mergeSettings(file: string, ours: Record<string, unknown>): Record<string, unknown> {
  let existing: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) existing = parsed as Record<string, unknown>;
  } catch {
    // Missing or hand-edited with comments: start from ours.
  }
  return { ...existing, ...ours };
}

/**
 * The demo profiles: the `service` client (private_key_jwt), the DPoP-required client
 * (an Okta "API Services" app with DPoP on) with their key files, and — when the server
 * runs its mTLS front — a tls_client_auth client with its certificate files.
 */
export function demoProfiles(
  description: AuthServerDescription,
  keyFiles: Record<string, string>,
  certFiles?: { cert: string; key: string },
): DemoProfile[] {
  const jwtProfile = (name: 'service' | 'dpop', id: string, label: string): DemoProfile | undefined => {
    const c = description.clients[name];
    if (!c) return undefined;
    const profile: DemoProfile = {
      id,
      name: label,
      issuer: description.issuer,
      clientId: c.clientId,
      authMethod: c.authMethod,
      scope: 'api:read',
    };
    const key = keyFiles[c.clientId];
    if (key) profile.privateKeyFile = key;
    const kid = c.publicJwk?.kid;
    if (typeof kid === 'string') profile.keyId = kid;
    return profile;
  };
  const out: DemoProfile[] = [];
  const service = jwtProfile('service', 'demo-service', 'Demo service');
  if (service) out.push(service);
  const dpop = jwtProfile('dpop', 'demo-dpop', 'Demo DPoP service');
  if (dpop) out.push({ ...dpop, dpop: 'always' });
  if (certFiles) {
    out.push({
      id: 'demo-mtls',
      name: 'Demo mTLS client',
      issuer: description.issuer,
      clientId: 'demo-mtls',
      authMethod: 'tls_client_auth',
      clientCertificateFile: certFiles.cert,
      clientCertificateKeyFile: certFiles.key,
    });
  }
  return out;
}

async function main(): Promise<void> {
  stopServicesOnExit();
  const demoDir = path.resolve(arg('demo-dir') ?? process.env.OAUTH_WB_DEMO_DIR ?? defaultDemoDir());
  const workspace = path.join(demoDir, 'workspace');
  const vscodeDir = path.join(demoDir, 'vscode');
  const stateFile = path.join(vscodeDir, 'ports.json');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(vscodeDir, { recursive: true });
  let state: DemoState = {};
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as DemoState;
  } catch {
    // First run.
  }

  const vsix = process.env.OAUTH_WB_VSIX ?? vsixPath;
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` (npm start does it for you)`);
  const installDir = ensureCodeServer();

  const auth = await startAuthServerProcess({
    outFile: path.join(vscodeDir, 'auth-server.json'),
    port: await reusePort(state.authPort),
    logFile: 'demo-auth-server.log',
  });
  const { description } = auth;

  // Private keys of the demo JWT clients, as PEM files the profiles can point at.
  const keyFiles: Record<string, string> = {};
  for (const client of Object.values(description.clients)) {
    if (!client.privatePem) continue;
    const file = path.join(workspace, 'keys', `${client.clientId}.pem`);
    writePrivate(file, client.privatePem);
    keyFiles[client.clientId] = file;
  }
  // mTLS: the client certificate of demo-mtls and the test CA the extension must trust.
  let certFiles: { cert: string; key: string; ca: string } | undefined;
  if (description.mtls) {
    certFiles = {
      cert: path.join(workspace, 'keys', 'demo-mtls.crt.pem'),
      key: path.join(workspace, 'keys', 'demo-mtls.key.pem'),
      ca: path.join(workspace, 'keys', 'demo-test-ca.pem'),
    };
    writeFileSync(certFiles.cert, description.mtls.tlsClient.certPem);
    writePrivate(certFiles.key, description.mtls.tlsClient.keyPem);
    writeFileSync(certFiles.ca, description.mtls.caPem);
  }
  // An API to call with the tokens (validates Bearer and DPoP tokens by introspection).
  const basic = description.clients.basic;
  const api = basic?.clientSecret
    ? await startResourceServer({
        issuer: description.issuer,
        introspectionClient: { clientId: basic.clientId, clientSecret: basic.clientSecret },
      })
    : undefined;
  writeFileSync(path.join(workspace, 'README.md'), demoReadme(description, keyFiles, api?.url));

  const userDataDir = path.join(vscodeDir, 'user-data');
  const extensionsDir = path.join(vscodeDir, 'extensions');
  installExtension(vsix, extensionsDir, installDir);
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const settings = mergeSettings(settingsFile, {
    'oauthWorkbench.profiles': demoProfiles(description, keyFiles, certFiles),
    ...(certFiles ? { 'oauthWorkbench.http.extraCaCertificates': [certFiles.ca] } : {}),
  });

  const requestedPort = arg('port');
  const server = await startCodeServer({
    workspace,
    userDataDir,
    extensionsDir,
    settings,
    installDir,
    port: requestedPort ? Number(requestedPort) : await reusePort(state.workbenchPort),
    logFile: 'demo-code-server.log',
  });
  writeFileSync(stateFile, JSON.stringify({ authPort: description.port, workbenchPort: server.port } satisfies DemoState));

  const url = server.folderUrl();
  process.stdout.write(banner(url, description, keyFiles, settingsFile, api?.url));
  process.stdout.write(`WORKBENCH READY ${url}\n`);
  if (!process.argv.includes('--no-open') && !process.env.CI && process.env.DISPLAY) openBrowser(url);

  // Runs until a signal (handled by stopServicesOnExit) or until a server dies.
  const which = await Promise.race([
    auth.service.exited.then(() => 'the authorization server'),
    server.service.exited.then(() => 'code-server'),
  ]);
  if (shuttingDown()) return;
  process.stderr.write(`\n${which} stopped unexpectedly; see test-output/logs/. Stopping.\n`);
  await stopAll();
  process.exit(1);
}

function openBrowser(url: string): void {
  try {
    const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No xdg-open: the printed URL is enough.
  }
}

function clientLines(description: AuthServerDescription, keyFiles: Record<string, string>): string[] {
  return Object.values(description.clients).map((c) => {
    const credential = c.clientSecret
      ? `secret ${c.clientSecret}`
      : keyFiles[c.clientId]
        ? `key ${keyFiles[c.clientId]}${c.alg ? ` (${c.alg})` : ''}`
        : 'public client';
    return `    ${c.clientId.padEnd(18)} ${c.authMethod.padEnd(20)} ${credential}`;
  });
}

function banner(url: string, d: AuthServerDescription, keyFiles: Record<string, string>, settingsFile: string, apiUrl?: string): string {
  return [
    '',
    '  OAuth Workbench is running.',
    '',
    `  Open VS Code in your browser:  ${url}`,
    `  Authorization server (issuer): ${d.issuer}`,
    `  Demo profiles "Demo service", "Demo DPoP service" and "Demo mTLS client" are set in ${settingsFile}`,
    ...(apiUrl ? [`  Demo API (OAuth: Call API with Current Token): ${apiUrl}/api/items`] : []),
    '',
    '  Demo clients of the local server (test material, valid only while it runs):',
    ...clientLines(d, keyFiles),
    '',
    '  Stop: Ctrl-C here (or kill ' + process.pid + ').',
    '',
    '',
  ].join('\n');
}

function demoReadme(d: AuthServerDescription, keyFiles: Record<string, string>, apiUrl?: string): string {
  return [
    '# OAuth Workbench demo',
    '',
    `A local authorization server (oidc-provider) runs at ${d.issuer} while \`npm start\` runs.`,
    'The profiles "Demo service", "Demo DPoP service" (DPoP required, as an Okta service app) and',
    '"Demo mTLS client" (tls_client_auth, certificate-bound tokens) are already configured: open the',
    'OAuth view in the activity bar and get a token.',
    ...(apiUrl ? ['', `A demo API runs at ${apiUrl}/api/items: run "OAuth: Call API with Current Token" with that URL.`] : []),
    '',
    'Demo clients (their secrets are printed in the terminal that runs `npm start`; the',
    'private keys of the JWT clients are in keys/):',
    '',
    ...Object.values(d.clients).map(
      (c) =>
        `- \`${c.clientId}\` — ${c.authMethod}${keyFiles[c.clientId] ? ` — keys/${path.basename(keyFiles[c.clientId] as string)}` : ''}`,
    ),
    '',
  ].join('\n');
}

main().catch(async (e: unknown) => {
  process.stderr.write(`npm start failed: ${e instanceof Error ? e.message : String(e)}\n`);
  await stopAll();
  process.exit(1);
});
