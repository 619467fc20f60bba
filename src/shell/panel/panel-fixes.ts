/**
 * The panel's one-click fixes, each applied where its button says: to THIS REQUEST
 * (the draft changes; a failed exchange is sent again with it) or SAVED TO THE CLIENT
 * (the profile is saved — panel header, tree and status bar follow the store — and the
 * request is sent again with the saved setting).
 */
import * as vscode from 'vscode';
import type { AudienceModeChoice, Draft, FindingSource, FixTarget, HostMessage } from '../../webview/protocol';
import { AUDIENCE_MODES, persistableDraft } from '../../webview/protocol';
import type { Finding } from '../../core';
import { clientPatch, describePatch } from '../fixes';
import type { ShellServices } from '../services';
import { saveFixToClient } from '../ui/profile-fix';

/** What a fix needs from its panel. */
export interface FixHost {
  readonly services: ShellServices;
  readonly profileId: string;
  post(m: HostMessage): Promise<void>;
  /** Starts a run the webview shows as busy; loads the draft into the form first when asked. */
  startHostRun(draft: Draft, loadIntoForm: boolean, keepSecrets?: boolean): Promise<{ ok: boolean }>;
  /** The findings the webview showed, by where they came from. */
  findingsOf(from: FindingSource, exchangeId: string | null): readonly Finding[] | undefined;
  /** Explains the Explain box's text again (the client changed). */
  reexplain(): Promise<void>;
  /** "Send correctly with this client" for the Explain box's paste. */
  sendExplained(): Promise<void>;
}

export interface FixRequest {
  from: FindingSource;
  exchangeId: string | null;
  code: string;
  target: FixTarget;
  draft: Draft;
}

const load = (host: FixHost, draft: Draft): Promise<void> =>
  host.post({ type: 'loadDraft', draft: persistableDraft(draft), keepSecrets: true });

export async function applyFix(host: FixHost, r: FixRequest): Promise<void> {
  const f = host.findingsOf(r.from, r.exchangeId)?.find((x) => x.code === r.code);
  const action = f?.action;
  if (!f || !action) return host.post({ type: 'notice', level: 'warning', message: 'This finding has no automatic fix.' });
  if (r.target === 'client') return saveToClient(host, r, f);
  const args = action.args ?? {};
  switch (action.kind) {
    case 'switch-audience': {
      const mode = args.audience as AudienceModeChoice | undefined;
      if (!mode || !AUDIENCE_MODES.includes(mode)) return;
      const next: Draft = { ...r.draft, audienceMode: mode };
      if (r.from !== 'exchange') return load(host, next);
      const { ok } = await host.startHostRun(next, true, true);
      // Not awaited: the notification stays until the user answers.
      if (ok)
        void offerSave(host, mode).catch((e: unknown) =>
          host.services.log.error(`Request panel: ${e instanceof Error ? e.message : String(e)}`),
        );
      return;
    }
    case 'retry':
      await host.startHostRun(r.draft, false);
      return;
    case 'add-param': {
      if (!args.name) return;
      return load(host, { ...r.draft, extra: [...r.draft.extra, { name: args.name, value: args.value ?? '' }] });
    }
    case 'remove-param': {
      const names = new Set((args.names ?? '').split(',').filter(Boolean));
      return load(host, { ...r.draft, extra: r.draft.extra.filter((kv) => !names.has(kv.name)) });
    }
    case 'introspect-token': {
      // "Introspect to confirm" a revocation: the same token, asked about at the introspection endpoint.
      const sent = r.exchangeId ? host.services.history.raw(r.exchangeId)?.draft : undefined;
      if (!sent)
        return host.post({
          type: 'notice',
          level: 'warning',
          message: 'The revoked token is no longer in memory; introspect it from the form.',
        });
      await host.startHostRun({ ...sent, operation: 'introspect' }, true, true);
      return;
    }
    case 'add-client':
      // The guide, not a silent add: the user still chooses the client id, method and secret.
      await vscode.commands.executeCommand('oauthWorkbench.addProfile', {
        interactive: true,
        ...(args.issuer ? { issuer: args.issuer } : {}),
      });
      return;
    case 'add-client-assertion':
    case 'use-profile-auth':
      return host.sendExplained();
    default:
      return host.post({ type: 'notice', level: 'info', message: f.fix });
  }
}

/** Saves the fix to the client, then shows its effect where the fix was clicked. */
async function saveToClient(host: FixHost, r: FixRequest, f: Finding): Promise<void> {
  const s = host.services;
  const patch = clientPatch(f.action);
  if (!patch) return host.post({ type: 'notice', level: 'warning', message: 'This fix cannot be saved to the client.' });
  const profile = s.store.require(host.profileId);
  if (!(await saveFixToClient(s, profile, patch))) return;
  await host.post({
    type: 'notice',
    level: 'info',
    message: `Saved to "${profile.name}": ${describePatch(patch)}. Every request of this client uses it now.`,
  });
  // The request follows the client's setting again.
  const draft: Draft = patch.audience ? { ...r.draft, audienceMode: '' } : r.draft;
  if (r.from === 'exchange') await host.startHostRun(draft, true, true);
  else if (r.from === 'explain') await host.reexplain();
  else await load(host, draft);
}

/** After a per-request audience worked, offers to keep it in the profile. */
async function offerSave(host: FixHost, mode: AudienceModeChoice): Promise<void> {
  const s = host.services;
  const profile = s.store.require(host.profileId);
  if ((profile.audience ?? 'issuer') === mode) return;
  const save = 'Save to Client';
  const answer = await vscode.window.showInformationMessage(
    `It worked with the assertion audience "${mode}" for this request. Save it to "${profile.name}"?`,
    save,
  );
  if (answer !== save) return;
  if (await saveFixToClient(s, profile, { audience: mode }))
    await host.post({ type: 'notice', level: 'info', message: `Saved: "${profile.name}" now signs assertions with audience "${mode}".` });
}
