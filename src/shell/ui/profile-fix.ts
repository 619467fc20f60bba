/**
 * Saves a diagnosis fix to the client profile — the one way the notification and the
 * panel "save to client". A profile defined in settings is not written: the user is
 * told what to set there. Every view (panel header, tree, status bar) follows the
 * profile store's change event.
 */
import * as vscode from 'vscode';
import { describePatch, type ClientPatch } from '../fixes';
import { coreFields, type WorkbenchProfile } from '../profiles/profile-store';
import type { ShellServices } from '../services';

/** True when the profile was saved. */
export async function saveFixToClient(s: ShellServices, profile: WorkbenchProfile, patch: ClientPatch): Promise<boolean> {
  if (profile.source === 'settings') {
    const open = 'Open Settings';
    const answer = await vscode.window.showInformationMessage(
      `"${profile.name}" is defined in settings; change it there (${Object.entries(patch)
        .map(([k, v]) => `"${k}": "${String(v)}"`)
        .join(', ')}).`,
      open,
    );
    if (answer === open) await vscode.commands.executeCommand('workbench.action.openSettingsJson');
    return false;
  }
  await s.store.update(profile.id, { ...coreFields(profile), ...patch });
  s.log.info(`"${profile.name}": ${describePatch(patch)} saved to the client (from a diagnosis fix).`);
  return true;
}
