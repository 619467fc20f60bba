/**
 * Profiles defined in the `oauthWorkbench.profiles` setting: non-secret fields plus
 * optional `privateKeyFile` / `clientSecretFile` paths, read once on first use and then
 * kept in SecretStorage. In Restricted Mode, workspace-provided values are ignored
 * (SECURITY.md 6): only the user's own settings count.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClientProfile } from '../../core/essentials';
import { isProfileId, isRecord, parseProfileFields, slugId } from './profile-schema';

export const PROFILES_SETTING = 'oauthWorkbench.profiles';

/** A profile from settings. Its id is prefixed `settings-` so it never collides with stored ones. */
export interface SettingsProfile extends ClientProfile {
  /** Where it was defined. */
  definedIn: 'user' | 'workspace';
  /** Absolute paths of files to read the secret from on first use. */
  privateKeyFile?: string;
  clientSecretFile?: string;
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

function entries(value: unknown, definedIn: 'user' | 'workspace', result: SettingsProfilesResult, seen: Set<string>): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    result.problems.push(`The ${definedIn} setting "${PROFILES_SETTING}" must be a list of profiles.`);
    return;
  }
  value.forEach((entry: unknown, index) => {
    const where = `Setting "${PROFILES_SETTING}" (${definedIn}) entry ${index + 1}`;
    try {
      const fields = parseProfileFields(entry, where);
      const rawId = isRecord(entry) && typeof entry.id === 'string' ? entry.id : slugId(fields.name);
      const id = `settings-${isProfileId(rawId) ? rawId : slugId(rawId)}`;
      if (seen.has(id)) {
        result.problems.push(`${where}: a profile with id "${id}" is already defined; this one is skipped.`);
        return;
      }
      seen.add(id);
      const profile: SettingsProfile = { id, ...fields, definedIn };
      for (const key of ['privateKeyFile', 'clientSecretFile'] as const) {
        const v = isRecord(entry) ? entry[key] : undefined;
        if (typeof v === 'string' && v.trim() !== '') profile[key] = resolveSettingsPath(v);
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
  const seen = new Set<string>();
  if (vscode.workspace.isTrusted) {
    entries(info?.workspaceFolderValue, 'workspace', result, seen);
    entries(info?.workspaceValue, 'workspace', result, seen);
  }
  entries(info?.globalValue, 'user', result, seen);
  return result;
}
