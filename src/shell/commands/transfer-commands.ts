/**
 * Export profiles to JSON WITHOUT secrets; import them back as new profiles, then ask
 * for each one's secret separately. Secret-looking fields in an imported file are
 * ignored and reported, never stored.
 */
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { clientFileDocument, parseClientFile, WorkbenchError, type ProfileFields } from '../../core';
import { requiredSecret, SECRET_LABEL } from '../profiles/credentials';
import { type WorkbenchProfile } from '../profiles/profile-store';
import type { ShellServices } from '../services';
import { str, type Invocation } from './args';
import { registerCommand } from './command-kit';
import { promptForSecret } from './secret-commands';

/** The export document: a shared client file (non-secret fields only; no internal ids, no secret file paths). */
export function exportDocument(profiles: readonly WorkbenchProfile[]): Record<string, unknown> {
  return clientFileDocument(profiles.map((p) => (p.source === 'file' ? p : { ...p, fileId: undefined })));
}

/** Parses an import document (a client file, the older export format, or a bare list of profiles). */
export async function parseImport(text: string): Promise<{ profiles: ProfileFields[]; problems: string[]; ignoredSecrets: number }> {
  const parsed = await parseClientFile(text, 'The file');
  return {
    profiles: parsed.clients.map((c) => c.fields),
    problems: parsed.problems,
    ignoredSecrets: parsed.ignoredSecrets.length,
  };
}

/** Names made unique against the existing profiles and each other, with one look at the store. */
function uniqueNames(existing: Iterable<string>, list: readonly ProfileFields[]): ProfileFields[] {
  const names = new Set(existing);
  return list.map((fields) => {
    let name = fields.name;
    for (let i = 2; names.has(name); i++) name = `${fields.name} (${i})`;
    names.add(name);
    // The same object when the name is kept: the store then knows it is already validated.
    return name === fields.name ? fields : { ...fields, name };
  });
}

export function registerTransferCommands(s: ShellServices): vscode.Disposable[] {
  const exportCmd = async (inv: Invocation) => {
    let profiles = s.store.list();
    const ids = inv.args.profileIds;
    if (Array.isArray(ids)) profiles = profiles.filter((p) => ids.includes(p.id));
    if (profiles.length === 0) throw new WorkbenchError('PROFILE_NOT_FOUND', 'There are no clients to export.');
    if (inv.interactive && profiles.length > 1) {
      const picked = await vscode.window.showQuickPick(
        profiles.map((p) => ({ label: p.name, description: `${p.clientId} · ${p.issuer}`, picked: true, profile: p })),
        { canPickMany: true, title: 'Export clients (without secrets)', placeHolder: 'Clients to export' },
      );
      if (!picked || picked.length === 0) return undefined;
      profiles = picked.map((x) => x.profile);
    }
    const json = `${JSON.stringify(exportDocument(profiles), null, 2)}\n`;
    const file = str(inv.args, 'path');
    if (inv.interactive && !file) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = await vscode.window.showSaveDialog({
        title: 'Export clients (no secrets are written)',
        filters: { JSON: ['json'] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'oauth-clients.json') } : {}),
      });
      if (!uri) return undefined;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(json));
      s.log.info(`Exported ${profiles.length} client(s) to ${uri.fsPath} (no secrets).`);
      void vscode.window.showInformationMessage(`Exported ${profiles.length} client(s) to ${uri.fsPath}. Secrets were not exported.`);
      return { count: profiles.length, path: uri.fsPath };
    }
    if (file) {
      await fs.writeFile(file, json, 'utf8');
      s.log.info(`Exported ${profiles.length} client(s) to ${file} (no secrets).`);
      return { count: profiles.length, path: file };
    }
    return { count: profiles.length, json };
  };

  const importCmd = async (inv: Invocation) => {
    let text = str(inv.args, 'json');
    const file = str(inv.args, 'path');
    if (!text && file) text = await fs.readFile(file, 'utf8');
    if (!text && inv.interactive) {
      const uris = await vscode.window.showOpenDialog({
        title: 'Import clients',
        canSelectMany: false,
        filters: { JSON: ['json'] },
        openLabel: 'Import',
      });
      const uri = uris?.[0];
      if (!uri) return undefined;
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    }
    if (!text) throw new WorkbenchError('CONFIG_INVALID', 'Pass the file as "path" or its content as "json".');
    const parsed = await parseImport(text);
    let chosen = parsed.profiles;
    if (inv.interactive && chosen.length > 1) {
      const picked = await vscode.window.showQuickPick(
        chosen.map((p) => ({ label: p.name, description: `${p.clientId} · ${p.authMethod}`, detail: p.issuer, picked: true, fields: p })),
        { canPickMany: true, title: 'Import clients', placeHolder: `${chosen.length} client(s) in the file` },
      );
      if (!picked || picked.length === 0) return undefined;
      chosen = picked.map((x) => x.fields);
    }
    const imported = await s.store.addMany(
      uniqueNames(
        s.store.list().map((p) => p.name),
        chosen,
      ),
    );
    if (!s.store.active() && imported[0]) await s.store.setActive(imported[0].id);
    if (parsed.ignoredSecrets > 0)
      s.log.warn(`Import: ignored ${parsed.ignoredSecrets} secret field(s) found in the file; secrets are set separately.`);
    for (const p of parsed.problems) s.log.warn(`Import skipped: ${p}`);
    s.log.info(`Imported ${imported.length} client(s).`);
    const needing = imported.filter((p) => requiredSecret(p.authMethod) !== undefined);
    if (inv.interactive) {
      const notes = [
        parsed.problems.length ? `${parsed.problems.length} skipped (see the log)` : '',
        parsed.ignoredSecrets ? 'secret fields in the file were ignored' : '',
      ].filter(Boolean);
      void vscode.window.showInformationMessage(`Imported ${imported.length} client(s)${notes.length ? ` — ${notes.join('; ')}` : ''}.`);
      for (const p of needing) {
        const field = requiredSecret(p.authMethod)!;
        const answer = await vscode.window.showInformationMessage(
          `"${p.name}" needs its ${SECRET_LABEL[field]} (not part of the export).`,
          'Set Now',
          'Later',
        );
        if (answer !== 'Set Now') break;
        await promptForSecret(s, p, field);
      }
    }
    return {
      imported: imported.map((p) => ({ id: p.id, name: p.name, needsSecret: requiredSecret(p.authMethod) ?? null })),
      skipped: parsed.problems,
      ignoredSecretFields: parsed.ignoredSecrets,
    };
  };

  return [registerCommand(s, 'oauthWorkbench.exportProfiles', exportCmd), registerCommand(s, 'oauthWorkbench.importProfiles', importCmd)];
}
