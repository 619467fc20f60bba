/**
 * Loading and saving a profile's credentials. Reads SecretStorage; for settings
 * profiles, reads `privateKeyFile` / `clientSecretFile` once and moves the value into
 * SecretStorage. Saving a secret binds it to the profile's issuer origin only
 * (SECURITY.md 6): endpoints on other origins — from discovery metadata, an edit, an
 * import or a setting — need consent before the secret goes there. Saving also evicts
 * the imported key from the key cache.
 */
import * as fs from 'node:fs/promises';
import type { KeyCache } from '../../core';
import { ConfigError, type ClientAuthMethod, type ClientSecrets } from '../../core/essentials';
import type { ExchangeLog } from '../output/exchange-log';
import type { OriginBinding } from './origin-binding';
import type { WorkbenchProfile } from './profile-store';
import type { SecretStore } from './secret-store';

export type SecretField = 'clientSecret' | 'privateKey';

/** Which stored secret an auth method signs or authenticates with (none for public clients). */
export function requiredSecret(method: ClientAuthMethod): SecretField | undefined {
  if (method === 'private_key_jwt') return 'privateKey';
  if (method === 'none') return undefined;
  return 'clientSecret';
}

export const SECRET_LABEL: Record<SecretField, string> = { clientSecret: 'client secret', privateKey: 'private key' };

export class Credentials {
  constructor(
    private readonly secrets: SecretStore,
    private readonly origins: OriginBinding,
    private readonly keyCache: KeyCache,
    private readonly log: ExchangeLog,
  ) {}

  /**
   * Saves a secret for a profile and binds it to the profile's issuer origin (the
   * server the secret was entered or configured for). Not to whatever endpoints are
   * current: those may come from metadata, an import or a setting, and a move to
   * another origin must be confirmed (ExchangeRunner.ensureOrigin).
   * @throws WorkbenchError SECRET_STORAGE_FAILED
   */
  async save(profile: WorkbenchProfile, field: SecretField, value: string): Promise<void> {
    this.log.rememberSecret(value);
    await this.secrets.store(profile.id, field, value);
    if (field === 'privateKey') this.keyCache.clear(profile.id);
    await this.origins.rebind(profile.id, [profile.issuer]);
    this.log.info(
      `Stored the ${SECRET_LABEL[field]} of "${profile.name}" in SecretStorage (bound to ${this.origins.origins(profile.id).join(', ')}).`,
    );
  }

  /**
   * The profile's secrets, from SecretStorage or (settings profiles, first use) from the
   * configured file. Missing secrets are simply absent: the caller prompts or refuses.
   * @throws WorkbenchError SECRET_STORAGE_FAILED | ConfigError CONFIG_INVALID (unreadable file)
   */
  async load(profile: WorkbenchProfile): Promise<ClientSecrets> {
    const stored = await this.secrets.clientSecrets(profile.id);
    if (profile.source === 'settings') {
      for (const [field, file] of [
        ['privateKey', profile.privateKeyFile],
        ['clientSecret', profile.clientSecretFile],
      ] as const) {
        if (stored[field] !== undefined || !file) continue;
        const value = await readSecretFile(file, field);
        // Bound to the issuer the settings entry names, not to the endpoints of the moment.
        await this.save(profile, field, value);
        stored[field] = value;
      }
    }
    this.log.rememberSecret(stored.clientSecret, stored.privateKey);
    return stored;
  }

  /**
   * The secrets, refusing when the one the auth method needs is missing.
   * @throws ConfigError CONFIG_MISSING_SECRET naming the command that sets it.
   */
  async require(profile: WorkbenchProfile): Promise<ClientSecrets> {
    const secrets = await this.load(profile);
    const field = requiredSecret(profile.authMethod);
    if (field && !secrets[field]) throw missingSecret(profile, field);
    return secrets;
  }
}

export function missingSecret(profile: WorkbenchProfile, field: SecretField): ConfigError {
  const command = field === 'privateKey' ? 'OAuth: Set Private Key' : 'OAuth: Set Client Secret';
  return new ConfigError(
    'CONFIG_MISSING_SECRET',
    `"${profile.name}" uses ${profile.authMethod} but has no ${SECRET_LABEL[field]} in SecretStorage. Run "${command}" (or pass "${field}" when adding the profile).`,
  );
}

async function readSecretFile(file: string, field: SecretField): Promise<string> {
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    if (text === '') throw new Error('empty');
    return text;
  } catch {
    throw new ConfigError(
      'CONFIG_INVALID',
      `The ${SECRET_LABEL[field]} file "${file}" (setting oauthWorkbench.profiles) cannot be read or is empty. Fix the path, or set the ${SECRET_LABEL[field]} with "OAuth: Set ${field === 'privateKey' ? 'Private Key' : 'Client Secret'}".`,
    );
  }
}
