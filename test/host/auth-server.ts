/**
 * Runs the fixture authorization server (test/fixtures/run-auth-server.ts) as its own
 * process on a free port, for the integration runner, the e2e harness and `npm start`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startService, type Service } from './processes';
import { repoRoot } from './paths';

/** One demo client as described in the JSON file (secrets included: test material). */
export interface DemoClientDescription {
  clientId: string;
  authMethod: string;
  clientSecret?: string;
  privatePem?: string;
  privateJwk?: Record<string, unknown>;
  publicJwk?: Record<string, unknown>;
  alg?: string;
  grantTypes: string[];
  redirectUris: string[];
}

/** The JSON file the fixture CLI writes (`--out`). */
export interface AuthServerDescription {
  issuer: string;
  port: number;
  jwtAccessTokenResource?: string;
  clients: Record<string, DemoClientDescription>;
  /** The HTTPS front for mTLS (RFC 8705): its base URL, test CA and the mTLS clients' certificates (test material). */
  mtls?: {
    base: string;
    caPem: string;
    tlsClient: { certPem: string; keyPem: string; subjectDn: string };
    selfSigned: { certPem: string; keyPem: string };
  };
}

export interface RunningAuthServer {
  issuer: string;
  /** The JSON description file (mode 600); its path goes to `OAUTH_WB_TEST_SERVER`. */
  file: string;
  description: AuthServerDescription;
  service: Service;
  stop(): Promise<void>;
}

export interface AuthServerProcessOptions {
  /** Where to write the description (default: a new temp dir). */
  outFile?: string;
  /** Log file name under test-output/logs. */
  logFile?: string;
  port?: number;
  timeoutMs?: number;
  /** More arguments for the fixture CLI (e.g. `['--client-credentials-ttl', '30']`). */
  args?: string[];
}

/** Starts the fixture server and waits for `AUTH SERVER READY <issuer>`. */
export async function startAuthServerProcess(options: AuthServerProcessOptions = {}): Promise<RunningAuthServer> {
  const file = options.outFile ?? path.join(mkdtempSync(path.join(tmpdir(), 'oauth-wb-as-')), 'auth-server.json');
  const tsxCli = require.resolve('tsx/cli', { paths: [repoRoot] });
  const service = startService(
    'auth-server',
    process.execPath,
    [
      tsxCli,
      path.join(repoRoot, 'test', 'fixtures', 'run-auth-server.ts'),
      '--port',
      String(options.port ?? 0),
      '--out',
      file,
      ...(options.args ?? []),
    ],
    { cwd: repoRoot, logFile: options.logFile ?? 'auth-server.log' },
  );
  try {
    const ready = await service.waitFor(/AUTH SERVER READY (\S+)/, options.timeoutMs ?? 60_000);
    const description = parseDescription(readFileSync(file, 'utf8'), file);
    return { issuer: ready[1] as string, file, description, service, stop: () => service.stop() };
  } catch (e) {
    await service.stop();
    throw e;
  }
}

/** Validates the description file's shape (it crosses a process boundary). */
export function parseDescription(text: string, file: string): AuthServerDescription {
  const value: unknown = JSON.parse(text);
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as { issuer?: unknown }).issuer !== 'string' ||
    typeof (value as { clients?: unknown }).clients !== 'object'
  ) {
    throw new Error(`${file} is not an auth server description (needs "issuer" and "clients")`);
  }
  return value as AuthServerDescription;
}
