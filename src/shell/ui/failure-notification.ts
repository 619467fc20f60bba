/**
 * A failed exchange as a notification: a short title (what failed, with the status),
 * the top cause and its fix — not the whole error text — and the actions: the top
 * fix saved to the client (labelled so), a retry, "Open in Panel" where the exchange,
 * its whole diagnosis and every fix stay available, and the log.
 */
import * as vscode from 'vscode';
import type { Exchange, Finding } from '../../core';
import { clientPatch } from '../fixes';
import type { WorkbenchProfile } from '../profiles/profile-store';
import type { ShellServices } from '../services';
import { saveFixToClient } from './profile-fix';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Findings ordered as the user should read them: errors first, then by likely cause. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.rank ?? 999) - (b.rank ?? 999));
}

/** The top cause: the first error or warning, else the first finding. */
export function topFinding(findings: readonly Finding[]): Finding | undefined {
  const ranked = rankFindings(findings);
  return ranked.find((f) => f.severity !== 'info') ?? ranked[0];
}

/** What came back, in a few words: `401 invalid_client`, `HTTP_TIMEOUT`, `no response`. */
export function outcomeOf(x: Exchange): string {
  const oauth = x.error?.oauth?.error;
  if (x.response) return `${x.response.status}${oauth ? ` ${oauth}` : ''}`;
  return x.error?.code ?? 'no response';
}

/**
 * The message: the title, then the top cause and its fix. Without findings, the error's
 * first sentence stands in for the cause.
 */
export function failureMessage(title: string, findings: readonly Finding[], error?: string): string {
  const top = topFinding(findings);
  if (top) return `${title} — ${top.title}. Fix: ${top.fix}`;
  const first = error ? /^[^\n]*?[.!?](?=\s|$)|^[^\n]*/.exec(error.trim())?.[0] : undefined;
  return first ? `${title} — ${first}` : title;
}

export interface FailureNotice {
  /** e.g. `Getting a token for "Billing" failed (401 invalid_client)`. */
  title: string;
  findings: readonly Finding[];
  /** The error message, used only when no finding explains the failure. */
  error?: string;
  /** The history record of the exchange: "Open in Panel" shows it. */
  exchangeId?: string;
  /** Re-runs the command (after a saved fix, or the Retry action). */
  retry?: () => Thenable<unknown>;
}

/** Shows the failure and runs the chosen action. */
export async function notifyFailure(s: ShellServices, profile: WorkbenchProfile, n: FailureNotice): Promise<void> {
  const ranked = rankFindings(n.findings);
  const actions = new Map<string, () => Promise<unknown>>();
  for (const f of ranked) {
    const a = f.action;
    if (!a) continue;
    const patch = clientPatch(a);
    if (patch) {
      actions.set(`${a.label} · save to client`, async () => (await saveFixToClient(s, profile, patch)) && n.retry?.());
    } else if ((a.kind === 'retry' || a.kind === 'retry-later') && n.retry) {
      actions.set(a.label, async () => n.retry?.());
    }
    if (actions.size >= 1) break;
  }
  if (n.exchangeId) {
    const exchangeId = n.exchangeId;
    actions.set('Open in Panel', () =>
      Promise.resolve(
        vscode.commands.executeCommand('oauthWorkbench.openRequestPanel', { profileId: profile.id, exchangeId, interactive: true }),
      ),
    );
  }
  actions.set('Show Log', () => Promise.resolve(s.log.channel.show(true)));
  const picked = await vscode.window.showErrorMessage(failureMessage(n.title, ranked, n.error), ...actions.keys());
  if (picked) await actions.get(picked)?.();
}
