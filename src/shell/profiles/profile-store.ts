/**
 * All client profiles: the user's own (non-secret fields in globalState) and those
 * defined in settings (read-only here). Secrets are NOT here — see SecretStore.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { coreFields, WorkbenchError } from '../../core/essentials';
import { Disposable } from '../lifecycle/disposable';
import { ClientFileProfiles, type FileProfile } from './client-file-profiles';
import { isParsedFields, type ProfileFields } from './profile-schema';
import { StoredList, storedProfile, type StoredProfile } from './stored-list';
import { PROFILES_SETTING, readSettingsProfiles, type SettingsProfile, type SettingsProfilesResult } from './settings-profiles';

/** The globalState key of the stored profiles. */
export const PROFILES_KEY = 'oauthWorkbench.profiles.v1';
const ACTIVE_KEY = 'oauthWorkbench.activeProfileId';

/** A profile as the shell sees it: the core's fields plus where it comes from. */
export type WorkbenchProfile =
  StoredProfile | (SettingsProfile & { readonly source: 'settings' }) | (FileProfile & { readonly source: 'file' });

/**
 * Where a profile that is not the user's own is edited (settings or a shared file), or
 * undefined for stored profiles (editable here).
 */
export function definedElsewhere(p: WorkbenchProfile): string | undefined {
  if (p.source === 'settings') return `the "${PROFILES_SETTING}" setting`;
  if (p.source === 'file') return `the shared client file ${p.definedIn}`;
  return undefined;
}

/** Only the core's fields (what is exported, duplicated, or handed to the core): the one definition's. */
export { coreFields } from '../../core/essentials';

export class ProfileStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when profiles or the active profile change (including settings and trust changes). */
  readonly onDidChange = this.changed.event;
  private settings = readSettingsProfiles();
  private readonly log: (message: string) => void;
  /** Clients of the workspace's shared client files (`.vscode/oauth-clients.json`). */
  readonly files: ClientFileProfiles;
  private readonly parsedList: StoredList;
  /** list() and its index by id, for the current stored list, settings and shared files. */
  private listed:
    | {
        stored: StoredProfile[];
        settings: SettingsProfilesResult;
        files: readonly FileProfile[];
        all: WorkbenchProfile[];
        byId: Map<string, WorkbenchProfile>;
      }
    | undefined;

  constructor(
    private readonly state: vscode.Memento,
    log: (message: string) => void,
  ) {
    super();
    this.log = log;
    this.parsedList = new StoredList(log);
    this.files = this._register(new ClientFileProfiles(log));
    this._register(this.files.onDidChange(() => this.changed.fire()));
    this.reportSettingsProblems();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(PROFILES_SETTING)) this.reloadSettings();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reloadSettings()));
  }

  private reloadSettings(): void {
    this.settings = readSettingsProfiles();
    this.reportSettingsProblems();
    this.changed.fire();
  }

  private reportSettingsProblems(): void {
    for (const p of this.settings.problems) this.log(p);
  }

  /** Problems found in the `oauthWorkbench.profiles` setting (skipped entries). */
  get settingsProblems(): readonly string[] {
    return this.settings.problems;
  }

  /** The stored profiles: parsed once per change of the stored list (see StoredList). */
  private stored(): StoredProfile[] {
    return this.parsedList.read(this.state.get(PROFILES_KEY));
  }

  /**
   * Resolves when the stored list is parsed, parsing it in slices that never block the
   * editor for long (after another window rewrote thousands of clients). Readers that render many
   * clients (the tree) await this before list().
   */
  async settled(): Promise<void> {
    await this.parsedList.settle(() => this.state.get(PROFILES_KEY));
  }

  /**
   * Writes the stored list: parsed profiles only (new and edited ones pass {@link valid}),
   * so the list this window reads back is the list it wrote, without a second parse.
   */
  private async saveStored(profiles: StoredProfile[]): Promise<void> {
    const entries = profiles.map(coreFields);
    const before: unknown = this.state.get(PROFILES_KEY);
    const written = this.state.update(PROFILES_KEY, entries);
    // VS Code's globalState keeps its own copy, assigned synchronously by update(): remember
    // that copy as parsed (a Memento that assigns later is simply parsed on the next read).
    const after: unknown = this.state.get(PROFILES_KEY);
    if (after !== before) {
      this.parsedList.remember(
        after,
        profiles,
        entries.map((e) => JSON.stringify(e)),
      );
    }
    await written;
    this.changed.fire();
  }

  /**
   * A new or edited profile as every window will read it back: validated and normalised by
   * the one parser — unless `fields` is that parser's unchanged output already.
   * @throws ConfigError CONFIG_INVALID naming the field (nothing is written).
   */
  private valid(fields: ProfileFields, id: string): StoredProfile {
    if (isParsedFields(fields)) return { ...fields, id, source: 'stored' };
    return storedProfile({ ...fields, id }, `Client "${fields.name}"`);
  }

  /** Every profile: settings-defined first, then the shared file's, then the user's stored ones (in creation order). */
  list(): WorkbenchProfile[] {
    return [...this.current().all];
  }

  get(id: string): WorkbenchProfile | undefined {
    return this.current().byId.get(id);
  }

  /**
   * The list and its index, rebuilt only when the stored list or the settings changed.
   * The profile objects are shared by every reader until the next change: never modify one.
   */
  private current(): { all: WorkbenchProfile[]; byId: Map<string, WorkbenchProfile> } {
    const stored = this.stored();
    const files = this.files.profiles;
    if (this.listed?.stored === stored && this.listed.settings === this.settings && this.listed.files === files) return this.listed;
    const all: WorkbenchProfile[] = [
      ...this.settings.profiles.map((p) => ({ ...p, source: 'settings' as const })),
      ...files.map((p) => ({ ...p, source: 'file' as const })),
      ...stored,
    ];
    const byId = new Map<string, WorkbenchProfile>();
    // The first profile with an id wins, as find() did.
    for (const p of all) if (!byId.has(p.id)) byId.set(p.id, p);
    this.listed = { stored, settings: this.settings, files, all, byId };
    return this.listed;
  }

  /** @throws WorkbenchError PROFILE_NOT_FOUND */
  require(id: string): WorkbenchProfile {
    const p = this.get(id);
    if (!p) {
      throw new WorkbenchError(
        'PROFILE_NOT_FOUND',
        `There is no OAuth client profile with id "${id}". Pick one in the "OAuth Clients" view or run "OAuth: Add Client".`,
      );
    }
    return p;
  }

  /** Adds a stored profile with a new id and returns it. */
  async add(fields: ProfileFields): Promise<WorkbenchProfile> {
    const [added] = await this.addMany([fields]);
    return added!;
  }

  /**
   * Adds many stored profiles with ONE write of the stored list (an import of 1,000
   * clients is one globalState update and one change event, not 1,000).
   */
  async addMany(list: readonly ProfileFields[]): Promise<WorkbenchProfile[]> {
    if (list.length === 0) return [];
    const added = list.map((fields) => this.valid(fields, randomUUID()));
    await this.saveStored([...this.stored(), ...added]);
    return added;
  }

  /**
   * Replaces a stored profile's fields (the id stays). Settings profiles are edited in settings.
   * @throws WorkbenchError PROFILE_NOT_FOUND | CONFIG_INVALID
   */
  async update(id: string, fields: ProfileFields): Promise<WorkbenchProfile> {
    const current = this.require(id);
    const elsewhere = definedElsewhere(current);
    if (elsewhere) {
      throw new WorkbenchError(
        'CONFIG_INVALID',
        `"${current.name}" is defined in ${elsewhere}; edit it there (or duplicate it to get an editable copy).`,
      );
    }
    const updated = this.valid(fields, id);
    await this.saveStored(this.stored().map((p) => (p.id === id ? updated : p)));
    return updated;
  }

  /** Removes a stored profile (its secrets are the caller's to delete). */
  async remove(id: string): Promise<void> {
    const current = this.require(id);
    const elsewhere = definedElsewhere(current);
    if (elsewhere) throw new WorkbenchError('CONFIG_INVALID', `"${current.name}" is defined in ${elsewhere}; remove it there.`);
    await this.saveStored(this.stored().filter((p) => p.id !== id));
    if (this.state.get(ACTIVE_KEY) === id) await this.state.update(ACTIVE_KEY, undefined);
  }

  /** The active profile: the one chosen, else the first one, else none. */
  active(): WorkbenchProfile | undefined {
    const id: unknown = this.state.get(ACTIVE_KEY);
    const { all, byId } = this.current();
    return (typeof id === 'string' ? byId.get(id) : undefined) ?? all[0];
  }

  async setActive(id: string | undefined): Promise<void> {
    if (id !== undefined) this.require(id);
    await this.state.update(ACTIVE_KEY, id);
    this.changed.fire();
  }
}
