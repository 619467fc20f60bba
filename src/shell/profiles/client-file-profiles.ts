/**
 * Clients from the shared, committed client file of each workspace folder
 * (`.vscode/oauth-clients.json`, parsed by the core). Read-only here; secrets are each
 * user's own (SecretStorage, bound to the issuer's origin when entered). In Restricted
 * Mode the file is ignored (SECURITY.md 6: workspace-provided endpoints are not used).
 */
import * as vscode from 'vscode';
import { CLIENT_FILE_PATH, parseClientFile, type ClientProfile } from '../../core/essentials';
import { Disposable } from '../lifecycle/disposable';

/** A client defined in a shared client file. */
export interface FileProfile extends ClientProfile {
  /** The id written in the file (or the name's slug). */
  fileId: string;
  /** Path of the file that defines it. */
  definedIn: string;
}

export class ClientFileProfiles extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  profiles: FileProfile[] = [];
  /** Skipped entries and ignored secret fields, one message each (no values). */
  problems: string[] = [];
  /** Resolves when the first read finished (tests, the CLI-like commands). */
  ready: Promise<void>;
  private generation = 0;

  constructor(private readonly log: (message: string) => void) {
    super();
    const reload = () => void this.reload();
    this.watchFolders(reload);
    this._register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watchFolders(reload);
        reload();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(reload));
    // Saved from an editor: react at once, whatever the disk watcher reports.
    this._register(
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.uri.path.endsWith(`/${CLIENT_FILE_PATH}`)) reload();
      }),
    );
    this.ready = this.reload();
  }

  private watchers: vscode.Disposable[] = [];

  /** One watcher per workspace folder, on its `.vscode/oauth-clients.json` only. */
  private watchFolders(onChange: () => void): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, CLIENT_FILE_PATH));
      w.onDidChange(onChange);
      w.onDidCreate(onChange);
      w.onDidDelete(onChange);
      return w;
    });
  }

  override dispose(): void {
    for (const w of this.watchers) w.dispose();
    super.dispose();
  }

  /** Re-reads every folder's file; a read overtaken by a newer one is dropped. */
  async reload(): Promise<void> {
    const gen = ++this.generation;
    const profiles: FileProfile[] = [];
    const problems: string[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, CLIENT_FILE_PATH);
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue; // no file in this folder
      }
      if (!vscode.workspace.isTrusted) {
        problems.push(`${uri.fsPath} is ignored in Restricted Mode: trust the workspace to use its shared clients.`);
        continue;
      }
      try {
        const parsed = await parseClientFile(text, uri.fsPath);
        const seen = new Set(profiles.map((p) => p.id));
        for (const c of parsed.clients) {
          if (seen.has(c.profile.id)) continue; // the same client in two folders: listed once
          profiles.push({ ...c.profile, fileId: c.fileId, definedIn: uri.fsPath });
        }
        problems.push(...parsed.problems);
        if (parsed.ignoredSecrets.length > 0) {
          problems.push(
            `${uri.fsPath}: secret fields are never read from a shared file and were ignored (${parsed.ignoredSecrets.join(', ')}). Remove them from the file; set secrets with "OAuth: Set Client Secret / Set Private Key".`,
          );
        }
      } catch (e) {
        problems.push(e instanceof Error ? e.message : String(e));
      }
    }
    if (gen !== this.generation || this.isDisposed) return;
    this.profiles = profiles;
    this.problems = problems;
    for (const p of problems) this.log(p);
    this.changed.fire();
  }
}
