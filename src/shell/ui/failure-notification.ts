/**
 * A failed exchange as a notification: what failed, the most likely cause and its
 * fix, with the finding's one-click action where the shell can apply it to the
 * profile (switch audience, change the signing algorithm, retry, open docs).
 */
import * as vscode from 'vscode';
import type { AudienceMode, Finding, SigningAlg } from '../../core';
import { AUDIENCE_MODES, SIGNING_ALGS } from '../profiles/profile-schema';
import { coreFields, definedElsewhere, type WorkbenchProfile } from '../profiles/profile-store';
import type { ShellServices } from '../services';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Findings ordered as the user should read them: errors first, then by likely cause. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.rank ?? 999) - (b.rank ?? 999));
}

/** The message text: headline, then the top finding's title and fix. */
export function failureMessage(headline: string, findings: readonly Finding[]): string {
  const top = rankFindings(findings).find((f) => f.severity !== 'info') ?? rankFindings(findings)[0];
  if (!top) return headline;
  return `${headline} — ${top.title}. Fix: ${top.fix}`;
}

async function patchProfile(
  s: ShellServices,
  profile: WorkbenchProfile,
  patch: { audience?: AudienceMode; signingAlg?: SigningAlg },
): Promise<boolean> {
  const elsewhere = definedElsewhere(profile);
  if (elsewhere) {
    const open = profile.source === 'file' ? 'Open File' : 'Open Settings';
    const answer = await vscode.window.showInformationMessage(
      `"${profile.name}" is defined in ${elsewhere}; change it there (${Object.entries(patch)
        .map(([k, v]) => `"${k}": "${v}"`)
        .join(', ')}).`,
      open,
    );
    if (answer === open && profile.source === 'file') await vscode.window.showTextDocument(vscode.Uri.file(profile.definedIn));
    else if (answer === open) await vscode.commands.executeCommand('workbench.action.openSettingsJson');
    return false;
  }
  await s.store.update(profile.id, { ...coreFields(profile), ...patch });
  s.log.info(
    `"${profile.name}": ${Object.entries(patch)
      .map(([k, v]) => `${k} set to ${v}`)
      .join(', ')} (from a diagnosis fix).`,
  );
  return true;
}

/**
 * Shows the failure and runs the chosen action. `retry` re-runs the command.
 */
export async function notifyFailure(
  s: ShellServices,
  profile: WorkbenchProfile,
  headline: string,
  findings: readonly Finding[],
  retry?: () => Thenable<unknown>,
): Promise<void> {
  const ranked = rankFindings(findings);
  const actions = new Map<string, () => Promise<unknown>>();
  for (const f of ranked) {
    const a = f.action;
    if (!a || actions.has(a.label)) continue;
    if (a.kind === 'switch-audience' && AUDIENCE_MODES.includes(a.args?.audience as AudienceMode)) {
      actions.set(a.label, async () => (await patchProfile(s, profile, { audience: a.args?.audience as AudienceMode })) && retry?.());
    } else if (a.kind === 'set-signing-alg' && SIGNING_ALGS.includes(a.args?.suggested as SigningAlg)) {
      actions.set(a.label, async () => (await patchProfile(s, profile, { signingAlg: a.args?.suggested as SigningAlg })) && retry?.());
    } else if ((a.kind === 'retry' || a.kind === 'retry-later') && retry) {
      actions.set(a.label, async () => retry());
    } else if (a.kind === 'open-docs' && f.docs) {
      actions.set(a.label, () => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(f.docs!))));
    }
    if (actions.size >= 2) break;
  }
  const docs = ranked.find((f) => f.docs)?.docs;
  if (docs && actions.size < 2) actions.set('Learn More', () => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(docs))));
  actions.set('Show Log', () => Promise.resolve(s.log.channel.show(true)));
  const picked = await vscode.window.showErrorMessage(failureMessage(headline, ranked), ...actions.keys());
  if (picked) await actions.get(picked)?.();
}
