/**
 * The only place secrets are kept: VS Code SecretStorage, keyed
 * `oauthWorkbench.secret.<profileId>.<kind>`. SECURITY.md 16: when SecretStorage fails
 * or does not keep a value, this reports it (SECRET_STORAGE_FAILED) and never falls
 * back to any other storage.
 */
import * as vscode from 'vscode';
import { WorkbenchError, type ClientSecrets, type TokenSet } from '../../core/essentials';
import { Disposable } from '../lifecycle/disposable';
import { isProfileId, isRecord } from './profile-schema';

/** The credentials a profile may hold (every member of the core's ClientSecrets), each its own SecretStorage entry. */
export type CredentialKind = keyof ClientSecrets;
export const CREDENTIAL_KINDS: readonly CredentialKind[] = [
  'clientSecret',
  'privateKey',
  'signingCertificate',
  'dpopKey',
  'clientCertificate',
  'clientCertificateKey',
  'clientPkcs12',
  'clientCertificatePassphrase',
];
export type SecretKind = CredentialKind | 'tokens';
export const SECRET_KINDS: readonly SecretKind[] = [...CREDENTIAL_KINDS, 'tokens'];

const PREFIX = 'oauthWorkbench.secret.';

/** The SecretStorage key of one secret of one profile. */
export function secretKey(profileId: string, kind: SecretKind): string {
  if (!isProfileId(profileId)) throw new WorkbenchError('CONFIG_INVALID', `Invalid profile id "${profileId}".`);
  return `${PREFIX}${profileId}.${kind}`;
}

/** Parses a SecretStorage key back into profile id and kind (for change events). */
export function parseSecretKey(key: string): { profileId: string; kind: SecretKind } | undefined {
  if (!key.startsWith(PREFIX)) return undefined;
  const rest = key.slice(PREFIX.length);
  const dot = rest.lastIndexOf('.');
  const profileId = rest.slice(0, dot);
  const kind = rest.slice(dot + 1) as SecretKind;
  return dot > 0 && SECRET_KINDS.includes(kind) ? { profileId, kind } : undefined;
}

function storageFailed(action: string, cause: unknown, consequence = 'nothing was saved'): WorkbenchError {
  return new WorkbenchError(
    'SECRET_STORAGE_FAILED',
    `VS Code's secret storage could not ${action}. OAuth Workbench keeps secrets nowhere else, so ${consequence}. ` +
      'Check that the system keychain (e.g. GNOME Keyring / libsecret, macOS Keychain) is unlocked, then try again.',
    { cause },
  );
}

/** Parses stored tokens; a damaged entry reads as "no token" rather than crashing a view. */
export function parseTokenSet(text: string | undefined): TokenSet | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value) || typeof value.access_token !== 'string' || value.access_token === '') return undefined;
    return value as unknown as TokenSet;
  } catch {
    return undefined;
  }
}

export class SecretStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<{ profileId: string; kind: SecretKind }>());
  /** Fires for changes made here and in other windows (SecretStorage.onDidChange). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly storage: vscode.SecretStorage) {
    super();
    this._register(
      storage.onDidChange((e) => {
        const parsed = parseSecretKey(e.key);
        if (parsed) this.changed.fire(parsed);
      }),
    );
  }

  /** @throws WorkbenchError SECRET_STORAGE_FAILED */
  async get(profileId: string, kind: SecretKind): Promise<string | undefined> {
    const key = secretKey(profileId, kind);
    try {
      const value = await this.storage.get(key);
      return value === '' ? undefined : value;
    } catch (e) {
      throw storageFailed('read a secret', e, 'nothing was sent');
    }
  }

  /**
   * Stores a secret and reads it back: a keychain that silently drops values is reported
   * instead of leaving the user with a profile that "has" a secret it cannot use.
   * @throws WorkbenchError SECRET_STORAGE_FAILED
   */
  async store(profileId: string, kind: SecretKind, value: string): Promise<void> {
    const key = secretKey(profileId, kind);
    try {
      await this.storage.store(key, value);
    } catch (e) {
      throw storageFailed('save the secret', e);
    }
    let readBack: string | undefined;
    try {
      readBack = await this.storage.get(key);
    } catch (e) {
      throw storageFailed('read back the secret it just saved', e);
    }
    if (readBack !== value) throw storageFailed('keep the secret (reading it back returned nothing)', undefined);
  }

  async delete(profileId: string, kind: SecretKind): Promise<void> {
    try {
      await this.storage.delete(secretKey(profileId, kind));
    } catch (e) {
      throw storageFailed('delete a secret', e);
    }
  }

  /** Deletes every secret of a profile (profile deletion). */
  async deleteAll(profileId: string): Promise<void> {
    for (const kind of SECRET_KINDS) await this.delete(profileId, kind);
  }

  async clientSecrets(profileId: string): Promise<ClientSecrets> {
    const out: ClientSecrets = {};
    for (const kind of CREDENTIAL_KINDS) {
      const value = await this.get(profileId, kind);
      if (value !== undefined) out[kind] = value;
    }
    return out;
  }

  async tokens(profileId: string): Promise<TokenSet | undefined> {
    return parseTokenSet(await this.get(profileId, 'tokens'));
  }

  async setTokens(profileId: string, tokens: TokenSet | undefined): Promise<void> {
    if (tokens === undefined) await this.delete(profileId, 'tokens');
    else await this.store(profileId, 'tokens', JSON.stringify(tokens));
  }
}
