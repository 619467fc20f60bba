/**
 * Shared plumbing of every command: classify the invocation, resolve the profile,
 * turn errors into notifications (interactive) or rejections (argument object), and
 * build the redacted summaries commands return.
 */
import * as vscode from 'vscode';
import { WorkbenchError, type ErrorInfo, type Finding } from '../../core';
import type { WorkbenchProfile } from '../profiles/profile-store';
import { requiredSecret } from '../profiles/credentials';
import type { ShellServices } from '../services';
import { describeExpiry } from '../status/expiry-format';
import { FlowCancelled } from '../ui/multi-step-input';
import { invocation, str, type Invocation } from './args';

export type CommandHandler = (inv: Invocation) => Promise<unknown>;

/** Registers a command whose handler receives a classified {@link Invocation}. */
export function registerCommand(s: ShellServices, id: string, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (arg: unknown) => {
    const inv = invocation(arg);
    try {
      return await handler(inv);
    } catch (e) {
      if (e instanceof FlowCancelled) return undefined;
      const message = e instanceof Error ? e.message : String(e);
      s.log.error(`${id.replace('oauthWorkbench.', '')}: ${message}`);
      if (!inv.interactive) throw e instanceof Error ? e : new Error(message);
      const profileId = inv.node?.profileId ?? (typeof inv.args.profileId === 'string' ? inv.args.profileId : undefined);
      await showError(s, e, profileId ? s.store.get(profileId) : s.store.active());
      return undefined;
    }
  });
}

/** A notification for an error, with the action that most likely fixes it. */
export async function showError(s: ShellServices, e: unknown, profile?: WorkbenchProfile): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  const code = e instanceof WorkbenchError ? e.code : undefined;
  const actions: Record<string, () => unknown> = {};
  if (code === 'CONFIG_MISSING_SECRET' && profile) {
    const field = requiredSecret(profile.authMethod);
    actions[field === 'privateKey' ? 'Set Private Key' : 'Set Client Secret'] = () =>
      vscode.commands.executeCommand(field === 'privateKey' ? 'oauthWorkbench.setPrivateKey' : 'oauthWorkbench.setClientSecret', {
        profileId: profile.id,
        interactive: true,
      });
  }
  if (code === 'PROFILE_NOT_FOUND') actions['Add Client'] = () => vscode.commands.executeCommand('oauthWorkbench.addProfile');
  actions['Show Log'] = () => s.log.channel.show(true);
  const picked = await vscode.window.showErrorMessage(message, ...Object.keys(actions));
  if (picked) await actions[picked]?.();
}

/**
 * The profile a command acts on: the tree node's, `args.profileId`, the active one
 * (the palette does not ask which client when one is active), or one the user picks.
 * `ask`: commands that manage clients (edit, delete, duplicate) let the user pick even
 * when one is active.
 * @throws WorkbenchError PROFILE_NOT_FOUND
 */
export async function resolveProfile(
  s: ShellServices,
  inv: Invocation,
  purpose: string,
  options: { ask?: boolean } = {},
): Promise<WorkbenchProfile> {
  const id = str(inv.args, 'profileId') ?? inv.node?.profileId;
  if (id) return s.store.require(id);
  const byName = str(inv.args, 'profile');
  if (byName) {
    const found = s.store.list().find((p) => p.name === byName || p.id === byName);
    if (found) return found;
    return s.store.require(byName);
  }
  const list = s.store.list();
  if (list.length === 0) {
    throw new WorkbenchError('PROFILE_NOT_FOUND', 'There is no OAuth client yet. Run "OAuth: Add Client…" first.');
  }
  const active = s.store.active();
  if (active && (!inv.interactive || !options.ask || list.length === 1)) return active;
  if (!inv.interactive) throw new WorkbenchError('PROFILE_NOT_FOUND', 'No active OAuth client: pass "profileId" or set one active.');
  const picked = await pickProfile(s, `Client to ${purpose}`, active?.id);
  if (!picked) throw new FlowCancelled();
  return picked;
}

/** A QuickPick of the profiles, the active one first. */
export async function pickProfile(s: ShellServices, placeHolder: string, activeId?: string): Promise<WorkbenchProfile | undefined> {
  type Item = vscode.QuickPickItem & { profile: WorkbenchProfile };
  const items: Item[] = s.store.list().map((p) => ({
    profile: p,
    label: `${p.id === activeId ? '$(check) ' : ''}${p.name}`,
    description: `${p.clientId} · ${p.authMethod}`,
    detail: p.issuer,
  }));
  items.sort((a, b) => Number(b.profile.id === activeId) - Number(a.profile.id === activeId));
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true }))?.profile;
}

/** Non-secret summary of a profile (what addProfile/editProfile return). */
export async function profileSummary(s: ShellServices, p: WorkbenchProfile): Promise<Record<string, unknown>> {
  const field = requiredSecret(p.authMethod);
  const hasSecret = field ? (await s.secrets.get(p.id, field)) !== undefined : true;
  await s.session.reloadTokens(p.id);
  const token = s.session.token(p.id);
  const expiry = describeExpiry(token !== undefined, token?.expiresAt, Date.now() / 1000);
  return {
    id: p.id,
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    authMethod: p.authMethod,
    ...(p.signingAlg ? { signingAlg: p.signingAlg } : {}),
    ...(p.keyId ? { keyId: p.keyId } : {}),
    ...(p.audience ? { audience: p.audience } : {}),
    ...(p.customAudience ? { customAudience: p.customAudience } : {}),
    ...(p.scope ? { scope: p.scope } : {}),
    ...(p.endpoints ? { endpoints: p.endpoints } : {}),
    source: p.source,
    active: s.store.active()?.id === p.id,
    hasSecret,
    token: expiry.state,
    ...(token?.expiresAt ? { expiresAt: token.expiresAt } : {}),
  };
}

/** Finding codes, most severe first (what summaries and the log carry). */
export function findingCodes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

/** The error part of a summary: code and message only. */
export function errorSummary(e: ErrorInfo | undefined): { code: string; message: string; oauthError?: string } | undefined {
  if (!e) return undefined;
  return { code: e.code, message: e.message, ...(e.oauth ? { oauthError: e.oauth.error } : {}) };
}
