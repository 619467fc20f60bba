/**
 * Saves a diagnosis fix to the client profile — the one way the notification and the
 * panel "save to client". A profile defined in settings or a shared file is not written: the user is
 * told what to set there. Every view (panel header, tree, status bar) follows the
 * profile store's change event.
 */
import * as vscode from 'vscode';
import { describePatch, type ClientPatch } from '../fixes';
import { coreFields, definedElsewhere, type WorkbenchProfile } from '../profiles/profile-store';
import type { ShellServices } from '../services';

/** True when the profile was saved. */
export async function saveFixToClient(s: ShellServices, profile: WorkbenchProfile, patch: ClientPatch): Promise<boolean> {
  const elsewhere = definedElsewhere(profile);
  if (elsewhere) {
    const open = profile.source === 'file' ? 'Open File' : 'Open Settings';
    const answer = await vscode.window.showInformationMessage(
      `"${profile.name}" is defined in ${elsewhere}; change it there (${Object.entries(patch)
        .map(([k, v]) => `"${k}": "${String(v)}"`)
        .join(', ')}).`,
      open,
    );
    if (answer === open && profile.source === 'file') await vscode.window.showTextDocument(vscode.Uri.file(profile.definedIn));
    else if (answer === open) await vscode.commands.executeCommand('workbench.action.openSettingsJson');
    return false;
  }
  await s.store.update(profile.id, { ...coreFields(profile), ...patch });
  s.log.info(`"${profile.name}": ${describePatch(patch)} saved to the client (from a diagnosis fix).`);
  return true;
}
