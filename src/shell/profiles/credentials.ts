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
import { ConfigError, dpopCacheId, type ClientAuthMethod, type ClientSecrets } from '../../core/essentials';
import type { ExchangeLog } from '../output/exchange-log';
import type { OriginBinding } from './origin-binding';
import type { WorkbenchProfile } from './profile-store';
import type { CredentialKind, SecretStore } from './secret-store';

export type SecretField = 'clientSecret' | 'privateKey';

/** Which stored secret an auth method signs or authenticates with (none for public clients). */
export function requiredSecret(method: ClientAuthMethod): SecretField | undefined {
  if (method === 'private_key_jwt') return 'privateKey';
  // Public clients have none; for mTLS methods the certificate is the credential (the core names what is missing).
  if (method === 'none' || method === 'tls_client_auth' || method === 'self_signed_tls_client_auth') return undefined;
  return 'clientSecret';
}

export const SECRET_LABEL: Record<SecretField, string> = { clientSecret: 'client secret', privateKey: 'private key' };

const SET_COMMAND: Partial<Record<CredentialKind, string>> = { privateKey: 'Set Private Key', clientSecret: 'Set Client Secret' };

/** Human names of every stored credential. */
export const CREDENTIAL_LABEL: Record<CredentialKind, string> = {
  ...SECRET_LABEL,
  signingCertificate: 'signing certificate',
  dpopKey: 'DPoP key',
  clientCertificate: 'client certificate',
  clientCertificateKey: 'client certificate key',
  clientPkcs12: 'client certificate (PKCS#12)',
  clientCertificatePassphrase: 'client certificate passphrase',
};

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
  async save(profile: WorkbenchProfile, field: CredentialKind, value: string, o: { rebind?: boolean } = {}): Promise<void> {
    this.log.rememberSecret(value);
    await this.secrets.store(profile.id, field, value);
    if (field === 'privateKey') this.keyCache.clear(profile.id);
    if (field === 'dpopKey') this.keyCache.clear(dpopCacheId(profile.id));
    // A key the workbench generated itself was entered for no server: the bindings stay as they are.
    if (o.rebind !== false) await this.origins.rebind(profile.id, [profile.issuer]);
    this.log.info(
      `Stored the ${CREDENTIAL_LABEL[field]} of "${profile.name}" in SecretStorage (bound to ${this.origins.origins(profile.id).join(', ')}).`,
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
        ['clientCertificate', profile.clientCertificateFile],
        ['clientCertificateKey', profile.clientCertificateKeyFile],
      ] as const) {
        if (stored[field] !== undefined || !file) continue;
        const value = await readSecretFile(file, field);
        // Bound to the issuer the settings entry names, not to the endpoints of the moment.
        await this.save(profile, field, value);
        stored[field] = value;
      }
    }
    // Every stored credential is masked by value wherever text leaves (SECURITY.md 19, 21).
    this.log.rememberSecret(...Object.values(stored).filter((v): v is string => typeof v === 'string'));
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

async function readSecretFile(file: string, field: CredentialKind): Promise<string> {
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    if (text === '') throw new Error('empty');
    return text;
  } catch {
    throw new ConfigError(
      'CONFIG_INVALID',
      `The ${CREDENTIAL_LABEL[field]} file "${file}" (setting oauthWorkbench.profiles) cannot be read or is empty. Fix the path, or set the ${CREDENTIAL_LABEL[field]} with "OAuth: ${SET_COMMAND[field] ?? 'Set Client Certificate (mTLS)'}".`,
    );
  }
}
