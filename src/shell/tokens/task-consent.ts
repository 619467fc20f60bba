/** The workspace's consents for task and terminal tokens (apart from task-token.ts: the tree reads them at activation). */
import * as vscode from 'vscode';
import { Disposable } from '../lifecycle/disposable';

const CONSENT_KEY = 'oauthWorkbench.taskTokenConsent.v1';

/** Which clients' tokens this workspace's tasks may use (profile ids, workspaceState). */
export class TaskTokenConsent extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<string>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    super();
  }

  private all(): string[] {
    const v: unknown = this.state.get(CONSENT_KEY);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  has(profileId: string): boolean {
    return this.all().includes(profileId);
  }

  async grant(profileId: string): Promise<void> {
    if (this.has(profileId)) return;
    await this.state.update(CONSENT_KEY, [...this.all(), profileId]);
    this.changed.fire(profileId);
  }

  async revoke(profileId: string): Promise<void> {
    await this.state.update(
      CONSENT_KEY,
      this.all().filter((id) => id !== profileId),
    );
    this.changed.fire(profileId);
  }
}
