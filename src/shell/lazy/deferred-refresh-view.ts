/**
 * What the status bar shows about auto-refresh, before and after the workbench (which
 * runs auto-refresh) is loaded: nothing until then, the real state after.
 */
import * as vscode from 'vscode';
import { Disposable } from '../lifecycle/disposable';
import type { AutoRefresh, RefreshView } from '../tokens/auto-refresh';

export class DeferredRefreshView extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<string>());
  /** Fires with the profile id whose refresh state changed. */
  readonly onDidChange = this.changed.event;
  private source: AutoRefresh | undefined;

  view(profileId: string): RefreshView | undefined {
    return this.source?.view(profileId);
  }

  /** From now on, shows `source`'s state; `shownId` (the status bar's client) is redrawn at once. */
  attach(source: AutoRefresh, shownId: string | undefined): void {
    this.source = source;
    this._register(source.onDidChange((id) => this.changed.fire(id)));
    if (shownId !== undefined) this.changed.fire(shownId);
  }
}
