/**
 * The client a CLI command acts on: from the same shared client file the extension reads
 * (`.vscode/oauth-clients.json`, or --file), its secret from the environment or a file
 * (never from an argument), its server metadata from discovery.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  dpopActive,
  CLIENT_FILE_PATH,
  ConfigError,
  discover,
  parseClientFile,
  type CallContext,
  type ClientProfile,
  type ClientSecrets,
  type Exchange,
  type ServerMetadata,
} from '../core';
import { opt, type ParsedArgs } from './args';

export const SECRET_ENV = 'OAUTH_WORKBENCH_CLIENT_SECRET';
export const KEY_ENV = 'OAUTH_WORKBENCH_PRIVATE_KEY';
export const DPOP_KEY_ENV = 'OAUTH_WORKBENCH_DPOP_KEY';

/** The client named by --client (file id, name or client_id) in the client file. */
export async function loadClient(args: ParsedArgs, cwd: string): Promise<{ profile: ClientProfile; fileId: string }> {
  const file = path.resolve(cwd, opt(args, 'file') ?? CLIENT_FILE_PATH);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ConfigError(
      'CONFIG_INVALID',
      `No client file at ${file}. Commit one as ${CLIENT_FILE_PATH} (OAuth: Open Shared Clients File) or pass --file.`,
    );
  }
  const parsed = await parseClientFile(text, file);
  const name = opt(args, 'client');
  const clients = parsed.clients;
  if (!name) {
    if (clients.length === 1) return { profile: clients[0]!.profile, fileId: clients[0]!.fileId };
    throw new ConfigError(
      'CONFIG_INVALID',
      `Pass --client: ${file} lists ${clients.map((c) => c.fileId).join(', ') || 'no valid client'}.`,
    );
  }
  const found = clients.find((c) => c.fileId === name) ?? clients.find((c) => c.profile.name === name || c.profile.clientId === name);
  if (!found) {
    const skipped = parsed.problems.length ? ` (${parsed.problems.length} entries were skipped: ${parsed.problems[0]})` : '';
    throw new ConfigError(
      'PROFILE_NOT_FOUND',
      `No client "${name}" in ${file}; it lists ${clients.map((c) => c.fileId).join(', ')}${skipped}.`,
    );
  }
  return { profile: found.profile, fileId: found.fileId };
}

async function fromEnvOrFile(env: NodeJS.ProcessEnv, name: string): Promise<string | undefined> {
  const direct = env[name];
  if (direct) return direct;
  const file = env[`${name}_FILE`];
  if (!file) return undefined;
  try {
    const v = (await readFile(file, 'utf8')).trim();
    return v === '' ? undefined : v;
  } catch {
    throw new ConfigError('CONFIG_INVALID', `${name}_FILE names a file that cannot be read (${file}).`);
  }
}

/** The secrets the client's auth method needs, from the environment (or *_FILE). */
export async function loadSecrets(profile: ClientProfile, env: NodeJS.ProcessEnv): Promise<ClientSecrets> {
  const out: ClientSecrets = {};
  if (profile.authMethod === 'private_key_jwt') {
    const key = await fromEnvOrFile(env, KEY_ENV);
    if (!key)
      throw new ConfigError(
        'CONFIG_MISSING_SECRET',
        `"${profile.name}" uses private_key_jwt: set ${KEY_ENV} or ${KEY_ENV}_FILE (PEM or JWK).`,
      );
    out.privateKey = key;
  } else if (profile.authMethod !== 'none') {
    const secret = await fromEnvOrFile(env, SECRET_ENV);
    if (!secret)
      throw new ConfigError(
        'CONFIG_MISSING_SECRET',
        `"${profile.name}" uses ${profile.authMethod}: set ${SECRET_ENV} or ${SECRET_ENV}_FILE.`,
      );
    out.clientSecret = secret;
  }
  return out;
}

/** Discovery metadata (when the client pins its token endpoint, a failed discovery is tolerated). */
export async function loadMetadata(profile: ClientProfile, exchanges: Exchange[]): Promise<ServerMetadata | undefined> {
  try {
    const { metadata, exchange } = await discover(profile.issuer, {
      ...(profile.discoveryWithClientId ? { clientId: profile.clientId } : {}),
      ...(profile.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
    });
    exchanges.push(exchange);
    return metadata;
  } catch (e) {
    if (profile.endpoints?.token) return undefined;
    throw e;
  }
}

/** Everything a core call needs for the client. */
export async function callContext(args: ParsedArgs, env: NodeJS.ProcessEnv, cwd: string, exchanges: Exchange[]): Promise<CallContext> {
  const { profile } = await loadClient(args, cwd);
  const secrets = await loadSecrets(profile, env);
  const metadata = await loadMetadata(profile, exchanges);
  // A DPoP client proves possession with its own key, given like the other secrets.
  const dpopKey = await fromEnvOrFile(env, DPOP_KEY_ENV);
  if (dpopKey) secrets.dpopKey = dpopKey;
  else if (dpopActive(profile, metadata))
    throw new ConfigError(
      'CONFIG_MISSING_SECRET',
      `"${profile.name}" uses DPoP: set ${DPOP_KEY_ENV} or ${DPOP_KEY_ENV}_FILE (PEM or JWK).`,
    );
  return { profile, secrets, ...(metadata ? { metadata } : {}) };
}

/** A token given to introspect/revoke: --token-env NAME or --token-file PATH (never the value itself). */
export async function tokenArg(args: ParsedArgs, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const envName = opt(args, 'token-env');
  if (envName) {
    const v = env[envName];
    if (!v) throw new ConfigError('CONFIG_INVALID', `--token-env ${envName}: that environment variable is empty.`);
    return v.trim();
  }
  const file = opt(args, 'token-file');
  if (!file) return undefined;
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new ConfigError('CONFIG_INVALID', `--token-file ${file} cannot be read.`);
  }
}
