/**
 * The shared client file (`.vscode/oauth-clients.json`): open (or create) it, and check it
 * against discovery — the endpoints it pins and its auth method compared with what each
 * server's metadata says today (the comparison is the core's `endpointDrift`).
 */
import * as vscode from 'vscode';
import { CLIENT_FILE_PATH, clientFileDocument, endpointDrift, WorkbenchError, type DriftItem } from '../../core';
import type { ShellServices } from '../services';
import type { Invocation } from './args';
import { registerCommand } from './command-kit';

interface ClientDrift {
  profileId: string;
  name: string;
  file: string;
  drift: DriftItem[];
  error?: string;
}

export function registerClientFileCommands(s: ShellServices): vscode.Disposable[] {
  const check = async (inv: Invocation) => {
    await s.store.files.ready;
    const clients = s.store.list().filter((p) => p.source === 'file');
    if (clients.length === 0) {
      throw new WorkbenchError(
        'PROFILE_NOT_FOUND',
        `No shared clients: add ${CLIENT_FILE_PATH} to the workspace${vscode.workspace.isTrusted ? '' : ' and trust it (the file is ignored in Restricted Mode)'}.`,
      );
    }
    const results: ClientDrift[] = [];
    for (const p of clients) {
      try {
        const metadata = await s.runner.metadata(p, undefined, true);
        results.push({ profileId: p.id, name: p.name, file: p.definedIn, drift: metadata ? endpointDrift(p, metadata) : [] });
      } catch (e) {
        results.push({ profileId: p.id, name: p.name, file: p.definedIn, drift: [], error: e instanceof Error ? e.message : String(e) });
      }
    }
    const drifted = results.filter((r) => r.drift.length > 0 || r.error);
    for (const r of drifted) for (const d of r.drift) s.log.warn(`Shared client drift: ${d.message}`);
    if (inv.interactive) {
      if (drifted.length === 0) {
        void vscode.window.showInformationMessage(`The ${results.length} shared client(s) agree with discovery.`);
      } else {
        const lines = drifted.flatMap((r) => [
          `## ${r.name} (${r.file})`,
          ...(r.error ? [`Discovery failed: ${r.error}`] : []),
          ...r.drift.map((d) => `- ${d.message}`),
          '',
        ]);
        await s.docs.show('Shared clients vs discovery.md', `# Shared clients vs discovery\n\n${lines.join('\n')}`);
      }
    }
    return { checked: results.length, drifted: drifted.length, clients: results };
  };

  const open = async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new WorkbenchError('CONFIG_INVALID', 'Open a folder first: the shared client file lives in its .vscode folder.');
    const uri = vscode.Uri.joinPath(folder.uri, CLIENT_FILE_PATH);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      // A new file starts with the user's own clients (non-secret fields only) as a template.
      const own = s.store.list().filter((p) => p.source === 'stored');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(clientFileDocument(own), null, 2)}\n`));
    }
    await vscode.window.showTextDocument(uri);
    return { path: uri.fsPath };
  };

  return [registerCommand(s, 'oauthWorkbench.checkClientFile', check), registerCommand(s, 'oauthWorkbench.openClientFile', open)];
}
