/**
 * The ONE command that returns a raw access token (SECURITY.md 22): usable as a command
 * input (`${input:…}` of type "command") in tasks.json and launch.json. It answers only
 * after a one-time consent per workspace and client (remembered in workspaceState,
 * revocable from the tree), in a trusted workspace, with a token fresh for at least the
 * warning threshold (renewed first when needed). Every other command returns redacted
 * summaries. Optionally (setting, off by default) the active client's token is put in new
 * integrated terminals as OAUTH_WORKBENCH_ACCESS_TOKEN, under the same consent.
 */
import * as vscode from 'vscode';
import { WorkbenchError, type TokenSet } from '../../core';
import { invocation, str, type Invocation } from '../commands/args';
import { registerCommand, resolveProfile } from '../commands/command-kit';
import { Disposable } from '../lifecycle/disposable';
import type { WorkbenchProfile } from '../profiles/profile-store';
import type { ShellServices } from '../services';
import { thresholdMinutes } from '../status/token-status-bar';
import type { AutoRefresh } from './auto-refresh';
import type { TaskTokenConsent } from './task-consent';
import { obtainTokens } from './token-source';

export { TaskTokenConsent } from './task-consent';

export const TASK_TOKEN_COMMAND = 'oauthWorkbench.accessTokenForTask';
export const TERMINAL_TOKEN_VARIABLE = 'OAUTH_WORKBENCH_ACCESS_TOKEN';
export const TERMINAL_SETTING = 'oauthWorkbench.terminal';
const ALLOW = 'Allow for This Workspace';

/** Asks once per workspace and client; true when allowed. */
async function consent(s: ShellServices, consents: TaskTokenConsent, p: WorkbenchProfile, purpose: string): Promise<boolean> {
  if (consents.has(p.id)) return true;
  const answer = await vscode.window.showWarningMessage(
    `Allow ${purpose} of this workspace to use the access token of "${p.name}"?`,
    {
      modal: true,
      detail: `The raw token is handed to the ${purpose} (as an argument or environment variable). Anything they run can use it until it expires. Remembered for this workspace; revoke it in the OAuth Clients view.`,
    },
    ALLOW,
  );
  if (answer !== ALLOW) return false;
  await consents.grant(p.id);
  s.log.info(`"${p.name}": ${purpose} of this workspace may use its access token (consent given).`);
  return true;
}

/** A token valid for at least the warning threshold: the held one, renewed, or a new one (client_credentials). */
async function freshToken(s: ShellServices, refresh: AutoRefresh, p: WorkbenchProfile): Promise<TokenSet> {
  if (!s.session.tokenLoaded(p.id)) await s.session.reloadTokens(p.id, false);
  if (s.session.token(p.id)) return refresh.freshTokens(p, thresholdMinutes() * 60);
  const run = await obtainTokens(s, p, 'client_credentials', undefined, { interactive: true });
  if (!run.stored)
    throw new WorkbenchError('TOKEN_MISSING', `Getting a token for "${p.name}" failed: ${run.exchange.error?.message ?? 'no token'}.`);
  return run.stored;
}

export function registerTaskToken(s: ShellServices, consents: TaskTokenConsent, refresh: AutoRefresh): vscode.Disposable[] {
  const taskToken = async (inv: Invocation): Promise<string> => {
    if (!vscode.workspace.isTrusted) {
      throw new WorkbenchError('CONFIG_INVALID', 'Tokens are not handed to tasks in Restricted Mode: trust the workspace first.');
    }
    // `${input:…}` resolution passes the input's "args" (e.g. { "profile": "Billing" }) or nothing.
    const p = await resolveProfile(s, { ...inv, interactive: false }, 'hand a token to a task');
    if (!(await consent(s, consents, p, 'tasks and launch configurations'))) {
      throw new WorkbenchError(
        'ORIGIN_NOT_ALLOWED',
        `Not allowed: tasks and launch configurations of this workspace may not use the token of "${p.name}" (no consent).`,
      );
    }
    const tokens = await freshToken(s, refresh, p);
    s.log.rememberSecret(tokens.access_token);
    s.log.info(`"${p.name}": handed its access token to a task or launch configuration (consented).`);
    return tokens.access_token;
  };

  const revokeAccess = async (inv: Invocation) => {
    const id = str(inv.args, 'profileId') ?? inv.node?.profileId;
    if (!id) throw new WorkbenchError('PROFILE_NOT_FOUND', 'Pass "profileId".');
    await consents.revoke(id);
    s.log.info(`Tasks of this workspace may no longer use the token of "${s.store.get(id)?.name ?? id}".`);
    return { revoked: true, profileId: id };
  };

  return [
    // Not through registerCommand: a refusal must REJECT, so that VS Code's input resolution
    // aborts the task instead of running it with the variable unresolved.
    vscode.commands.registerCommand(TASK_TOKEN_COMMAND, async (arg: unknown) => {
      try {
        return await taskToken(invocation(arg));
      } catch (e) {
        s.log.error(`accessTokenForTask: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      }
    }),
    registerCommand(s, 'oauthWorkbench.revokeTaskAccess', revokeAccess),
  ];
}

/**
 * OAUTH_WORKBENCH_ACCESS_TOKEN in new integrated terminals — only with the setting
 * `oauthWorkbench.terminal.exposeAccessToken` (off by default; not settable by a workspace)
 * and the workspace's consent for the active client. Never persisted (the collection is
 * not `persistent`), replaced when the token is renewed, removed when either goes away.
 */
export class TerminalTokenEnv extends Disposable {
  private asked = false;

  constructor(
    private readonly s: ShellServices,
    private readonly consents: TaskTokenConsent,
    private readonly refresh: AutoRefresh,
  ) {
    super();
    s.context.environmentVariableCollection.persistent = false;
    const update = () => void this.update();
    this._register(s.session.onDidChange(update));
    this._register(s.store.onDidChange(update));
    this._register(consents.onDidChange(update));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(TERMINAL_SETTING)) update();
      }),
    );
    this._register({ dispose: () => s.context.environmentVariableCollection.clear() });
    if (this.enabled()) update();
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration(TERMINAL_SETTING).get<boolean>('exposeAccessToken', false) === true;
  }

  async update(): Promise<void> {
    const env = this.s.context.environmentVariableCollection;
    const p = this.s.store.active();
    if (!this.enabled() || !p || !vscode.workspace.isTrusted) {
      env.delete(TERMINAL_TOKEN_VARIABLE);
      return;
    }
    if (!this.consents.has(p.id)) {
      env.delete(TERMINAL_TOKEN_VARIABLE);
      if (!this.asked) {
        this.asked = true;
        if (!(await consent(this.s, this.consents, p, 'integrated terminals'))) return;
      } else return;
    }
    const tokens = this.s.session.token(p.id)?.tokens;
    if (!tokens) {
      env.delete(TERMINAL_TOKEN_VARIABLE);
      return;
    }
    const current = await this.refresh.freshTokens(p, 0).catch(() => undefined);
    if (!current) {
      env.delete(TERMINAL_TOKEN_VARIABLE);
      return;
    }
    env.replace(TERMINAL_TOKEN_VARIABLE, current.access_token);
    env.description = `OAuth Workbench: ${TERMINAL_TOKEN_VARIABLE} holds the access token of "${p.name}" (new terminals).`;
  }
}
