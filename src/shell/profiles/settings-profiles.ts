/**
 * Profiles defined in the `oauthWorkbench.profiles` setting: non-secret fields plus
 * optional `privateKeyFile` / `clientSecretFile` paths, read once on first use and then
 * kept in SecretStorage. In Restricted Mode, workspace-provided values are ignored
 * (SECURITY.md 6): only the user's own settings count.
 *
 * Secrets are stored per profile id, so an id decides whose secrets a profile uses.
 * User entries get `settings-<id>`; workspace entries get `ws-<workspace>-<id>`, where
 * `<workspace>` is a hash of the workspace they come from: a cloned repository's
 * settings can never name a profile whose secrets the user stored for their own
 * profile (or for another workspace's). A workspace entry reusing a user entry's id
 * is reported, and kept apart.
 */
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClientProfile } from '../../core/essentials';
import { parseSettingsEntry, slugId } from './profile-schema';

export const PROFILES_SETTING = 'oauthWorkbench.profiles';

/** A profile from settings: id `settings-<id>` (user) or `ws-<workspace>-<id>` (workspace), never a stored profile's. */
export interface SettingsProfile extends ClientProfile {
  /** Where it was defined. */
  definedIn: 'user' | 'workspace';
  /** Absolute paths of files to read the secret from on first use. */
  privateKeyFile?: string;
  clientSecretFile?: string;
  /** mTLS client certificate (PEM chain) and its key (PEM), read once like the private key. */
  clientCertificateFile?: string;
  clientCertificateKeyFile?: string;
}

export interface SettingsProfilesResult {
  profiles: SettingsProfile[];
  /** One message per entry that was skipped (invalid), without any values. */
  problems: string[];
}

/** Resolves `~`, `${workspaceFolder}`, `${userHome}` and relative paths (to the first folder, else home). */
export function resolveSettingsPath(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let out = p.trim().replace(/\$\{userHome\}/g, os.homedir());
  if (folder) out = out.replace(/\$\{workspaceFolder\}/g, folder);
  if (out === '~' || out.startsWith('~/')) out = path.join(os.homedir(), out.slice(1));
  return path.isAbsolute(out) ? out : path.resolve(folder ?? os.homedir(), out);
}

/** The id namespace of the current workspace's entries: `ws-` and 10 hex digits of its identity. */
export function workspaceIdPrefix(): string {
  const source =
    vscode.workspace.workspaceFile?.toString() ?? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()).join('\n');
  return `ws-${createHash('sha256').update(source).digest('hex').slice(0, 10)}-`;
}

interface Scope {
  definedIn: 'user' | 'workspace';
  /** Prefix of the profile ids of this scope's entries. */
  prefix: string;
}

function entries(value: unknown, scope: Scope, result: SettingsProfilesResult, ids: Map<string, Scope['definedIn']>): void {
  if (value === undefined) return;
  const { definedIn } = scope;
  if (!Array.isArray(value)) {
    result.problems.push(`The ${definedIn} setting "${PROFILES_SETTING}" must be a list of profiles.`);
    return;
  }
  value.forEach((entry: unknown, index) => {
    const where = `Setting "${PROFILES_SETTING}" (${definedIn}) entry ${index + 1}`;
    try {
      // The one profile definition checks the entry, its id (≤ 60 characters) and the secret file paths.
      const {
        id: givenId,
        privateKeyFile,
        clientSecretFile,
        clientCertificateFile,
        clientCertificateKeyFile,
        ...fields
      } = parseSettingsEntry(entry, where);
      const asked = givenId ?? slugId(fields.name);
      const id = `${scope.prefix}${asked}`;
      const other = ids.get(asked);
      if (other === definedIn) {
        result.problems.push(
          `${where}: a profile with id "${asked}" is already defined in the ${definedIn} settings; this one is skipped.`,
        );
        return;
      }
      if (other) {
        result.problems.push(
          `${where}: the id "${asked}" is also used in your ${other} settings. The two are kept apart: the workspace profile has its own id (${id}) and never uses the secrets stored for your "${asked}".`,
        );
      }
      ids.set(asked, definedIn);
      const profile: SettingsProfile = { id, ...fields, definedIn };
      const files = { privateKeyFile, clientSecretFile, clientCertificateFile, clientCertificateKeyFile };
      for (const [key, file] of Object.entries(files) as [keyof typeof files, string | undefined][]) {
        if (file) profile[key] = resolveSettingsPath(file);
      }
      result.profiles.push(profile);
    } catch (e) {
      result.problems.push(e instanceof Error ? e.message : String(e));
    }
  });
}

/**
 * Reads the setting. Workspace values are used only in a trusted workspace; user
 * values always. Workspace entries come first (closest to the project).
 */
export function readSettingsProfiles(): SettingsProfilesResult {
  const info = vscode.workspace.getConfiguration().inspect<unknown>(PROFILES_SETTING);
  const result: SettingsProfilesResult = { profiles: [], problems: [] };
  const ids = new Map<string, 'user' | 'workspace'>();
  // User entries are read first so that a workspace entry reusing their id is the one reported.
  const user = { profiles: [] as SettingsProfile[], problems: [] as string[] };
  entries(info?.globalValue, { definedIn: 'user', prefix: 'settings-' }, user, ids);
  if (vscode.workspace.isTrusted) {
    const workspace: Scope = { definedIn: 'workspace', prefix: workspaceIdPrefix() };
    entries(info?.workspaceFolderValue, workspace, result, ids);
    entries(info?.workspaceValue, workspace, result, ids);
  }
  result.profiles.push(...user.profiles);
  result.problems.push(...user.problems);
  return result;
}
