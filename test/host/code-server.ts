/**
 * code-server 4.100.3 (VS Code 1.100.3) as the offline VS Code test host
 * (see shared TEST-HOST.md): install check, launch on a free port, user settings,
 * extension install from a .vsix.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startService, type Service } from './processes';
import { repoRoot } from './paths';

/** Runs scripts/ensure-code-server.sh (installs once, seconds when warm) and returns the install folder. */
export function ensureCodeServer(): string {
  const out = execFileSync('bash', [path.join(repoRoot, 'scripts', 'ensure-code-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dir = out.trim().split('\n').pop() ?? '';
  if (!dir) throw new Error('scripts/ensure-code-server.sh printed no install folder');
  return dir;
}

/** The code-server entry point inside the install folder. */
export function codeServerEntry(installDir = ensureCodeServer()): string {
  return path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Settings every test workbench gets: no welcome page, no prompts, no network lookups. */
export const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.startupPrompt': 'never',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'window.restoreWindows': 'none',
};

export interface CodeServerOptions {
  /** The folder the workbench opens. */
  workspace: string;
  userDataDir?: string;
  extensionsDir?: string;
  /** User settings (merged over `quietSettings`). */
  settings?: Record<string, unknown>;
  /** true (default): `--disable-workspace-trust`; false: trust is on and the folder is untrusted (Restricted Mode). */
  trust?: boolean;
  /** Extra environment for the server; the extension host inherits it. */
  env?: NodeJS.ProcessEnv;
  /** Log file name under test-output/logs. */
  logFile?: string;
  /** Default 0 (a free port). */
  port?: number;
  installDir?: string;
  timeoutMs?: number;
}

export interface CodeServer {
  /** `127.0.0.1:<port>` */
  host: string;
  port: number;
  origin: string;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  service: Service;
  /** The workbench URL for the folder, with an optional extension-test payload (TEST-HOST.md §4). */
  folderUrl(payload?: Array<[string, string]>): string;
  /** A `vscode-remote://` URI for a path on this machine, as the payload needs it. */
  remoteUri(absPath: string): string;
  stop(): Promise<void>;
}

/** Writes `<userDataDir>/User/settings.json`. */
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const dir = path.join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2));
}

/** Starts code-server and waits until it listens. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const installDir = options.installDir ?? ensureCodeServer();
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'oauth-wb-ud-'));
  const extensionsDir = options.extensionsDir ?? mkdtempSync(path.join(tmpdir(), 'oauth-wb-ext-'));
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, options.settings ?? {});
  const args = [
    codeServerEntry(installDir),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${options.port ?? 0}`,
    // Its own config file, so ~/.config/code-server is never read or written.
    '--config',
    path.join(userDataDir, 'code-server.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (options.trust !== false) args.push('--disable-workspace-trust');
  args.push(options.workspace);
  const service = startService('code-server', process.execPath, args, {
    cwd: options.workspace,
    env: serverEnv(options.env),
    logFile: options.logFile ?? 'code-server.log',
  });
  try {
    const m = await service.waitFor(/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/, options.timeoutMs ?? 60_000);
    const port = Number(m[1]);
    const host = `127.0.0.1:${port}`;
    const remoteUri = (p: string): string => `vscode-remote://${host}${p}`;
    return {
      host,
      port,
      origin: `http://${host}`,
      workspace: options.workspace,
      userDataDir,
      extensionsDir,
      service,
      remoteUri,
      folderUrl(payload) {
        let url = `http://${host}/?folder=${encodeURIComponent(options.workspace)}`;
        if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
        return url;
      },
      stop: () => service.stop(),
    };
  } catch (e) {
    await service.stop();
    throw e;
  }
}

/**
 * The server's environment: ours plus `extra`, minus what would redirect it — `PORT`
 * overrides `--bind-addr`, and `VSCODE_IPC_HOOK_CLI` (set in a VS Code terminal) makes
 * code-server open the folder in that other instance instead of starting.
 */
function serverEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('VSCODE_') || ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'ELECTRON_RUN_AS_NODE'].includes(k))
      delete env[k];
  }
  return { ...env, ...extra };
}

/** Installs a .vsix into an extensions folder with code-server's own CLI (the real install path). */
export function installExtension(vsix: string, extensionsDir: string, installDir = ensureCodeServer()): void {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'oauth-wb-install-'));
  execFileSync(
    process.execPath,
    [
      codeServerEntry(installDir),
      '--config',
      path.join(userDataDir, 'code-server.yaml'),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      vsix,
      '--force',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, encoding: 'utf8', env: serverEnv() },
  );
}
