/**
 * Read-only documents for things the user reads but should not save by accident
 * (discovery metadata, decoded JWTs, public JWKS): scheme `oauth-workbench:`. Never
 * used for secrets — a caller must pass only redacted or public content.
 */
import * as vscode from 'vscode';
import { Disposable } from '../lifecycle/disposable';

export const VIRTUAL_SCHEME = 'oauth-workbench';

export class VirtualDocs extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private counter = 0;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(VIRTUAL_SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens (or refreshes) a read-only document named `title` (its extension picks the language). */
  async show(title: string, content: string, options: { reuse?: boolean; beside?: boolean } = {}): Promise<vscode.Uri> {
    const safe = title.replace(/[\\/:*?"<>|#%]/g, '_');
    const uri = vscode.Uri.from({ scheme: VIRTUAL_SCHEME, path: `/${safe}`, query: options.reuse ? '' : String(++this.counter) });
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, {
      preview: true,
      preserveFocus: false,
      ...(options.beside ? { viewColumn: vscode.ViewColumn.Beside } : {}),
    });
    return uri;
  }

  /** The content of every open virtual document (tests search it for secrets). */
  allContents(): string[] {
    return [...this.contents.values()];
  }
}
