/**
 * The `oauth-workbench` authentication provider: other extensions call
 * `vscode.authentication.getSession('oauth-workbench', scopes)` and, after VS Code's own
 * consent prompt, get a fresh access token of a client. Each client is an account; a
 * session is a client that was signed in through the provider (listed in the Accounts
 * menu); signing out revokes its tokens at the server and forgets them. This is one of
 * the two consented ways a raw token leaves the extension (SECURITY.md 22).
 *
 * Registering it is cheap (no I/O): tokens are read, renewed (AutoRefresh.freshTokens)
 * and obtained (obtainTokens, through the ExchangeRunner) only when asked.
 */
import * as vscode from 'vscode';
import { revoke, WorkbenchError, type TokenSet } from '../../core';
import { Disposable } from '../lifecycle/disposable';
import type { WorkbenchProfile } from '../profiles/profile-store';
import type { ShellServices } from '../services';
import { thresholdMinutes } from '../status/token-status-bar';
import type { AutoRefresh } from '../tokens/auto-refresh';
import { obtainTokens } from '../tokens/token-source';

import { setSignedInClients, signedInClients } from './signed-in';

export { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL } from './provider-id';
/** Profile ids signed in through the provider (non-secret, globalState). */

/** The scopes a token set was granted (its `scope`), as a list. */
function grantedScopes(tokens: TokenSet): string[] {
  return typeof tokens.scope === 'string' ? tokens.scope.split(' ').filter(Boolean) : [];
}

/** True when the token was granted every requested scope (nothing requested: any token). */
function covers(tokens: TokenSet, scopes: readonly string[]): boolean {
  const granted = new Set(grantedScopes(tokens));
  return scopes.every((s) => granted.has(s));
}

export class WorkbenchAuthProvider extends Disposable implements vscode.AuthenticationProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>());
  readonly onDidChangeSessions = this.changed.event;

  constructor(
    private readonly s: ShellServices,
    private readonly refresh: AutoRefresh,
  ) {
    super();
    // A signed-in client's token changed (renewed, revoked, replaced): its session changed.
    this._register(
      s.session.onDidChange((id) => {
        if (id !== undefined && this.signedIn().includes(id)) this.fireChanged(id);
      }),
    );
  }

  private signedIn(): string[] {
    return signedInClients(this.s.context.globalState);
  }

  private async setSignedIn(ids: string[]): Promise<void> {
    await setSignedInClients(this.s.context.globalState, ids);
  }

  private fireChanged(profileId: string): void {
    const p = this.s.store.get(profileId);
    const tokens = this.s.session.token(profileId)?.tokens;
    if (p && tokens) this.changed.fire({ added: [], removed: [], changed: [this.toSession(p, tokens)] });
  }

  private toSession(p: WorkbenchProfile, tokens: TokenSet): vscode.AuthenticationSession {
    return { id: p.id, accessToken: tokens.access_token, account: { id: p.id, label: p.name }, scopes: grantedScopes(tokens) };
  }

  /** Seconds a handed-out token must still be valid: the warning threshold. */
  private minRemaining(): number {
    return thresholdMinutes() * 60;
  }

  async getSessions(
    scopes: readonly string[] | undefined,
    options: vscode.AuthenticationProviderSessionOptions,
  ): Promise<vscode.AuthenticationSession[]> {
    const wanted = scopes ?? [];
    const out: vscode.AuthenticationSession[] = [];
    for (const id of this.signedIn()) {
      if (options.account && options.account.id !== id) continue;
      const p = this.s.store.get(id);
      if (!p) continue;
      if (!this.s.session.tokenLoaded(id)) await this.s.session.reloadTokens(id, false);
      const held = this.s.session.token(id)?.tokens;
      if (!held || !covers(held, wanted)) continue;
      try {
        out.push(this.toSession(p, await this.refresh.freshTokens(p, this.minRemaining())));
      } catch (e) {
        // Expired and not renewable: no session (getSession with createIfNone signs in again).
        this.s.log.warn(`Authentication provider: "${p.name}": ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return out;
  }

  /**
   * Signs in the requested account, else the active client: its current token when it was
   * granted the scopes, else a new one for them (client_credentials with that scope).
   */
  async createSession(
    scopes: readonly string[],
    options: vscode.AuthenticationProviderSessionOptions,
  ): Promise<vscode.AuthenticationSession> {
    const p = options.account ? this.s.store.get(options.account.id) : this.s.store.active();
    if (!p)
      throw new WorkbenchError('PROFILE_NOT_FOUND', 'OAuth Workbench has no active client to sign in with. Add one and set it active.');
    if (!this.s.session.tokenLoaded(p.id)) await this.s.session.reloadTokens(p.id, false);
    const held = this.s.session.token(p.id)?.tokens;
    let tokens: TokenSet;
    if (held && covers(held, scopes)) {
      tokens = await this.refresh.freshTokens(p, this.minRemaining());
    } else {
      const run = await obtainTokens(
        this.s,
        p,
        'client_credentials',
        held,
        { interactive: true },
        scopes.length ? { scope: scopes.join(' ') } : {},
      );
      if (!run.stored)
        throw new WorkbenchError(
          run.exchange.error?.code ?? 'TOKEN_MISSING',
          `Signing in with "${p.name}" failed: ${run.exchange.error?.message ?? 'no token'}`,
        );
      tokens = run.stored;
    }
    const known = this.signedIn().includes(p.id);
    await this.setSignedIn([...this.signedIn(), p.id]);
    const session = this.toSession(p, tokens);
    this.changed.fire({ added: known ? [] : [session], removed: [], changed: known ? [session] : [] });
    this.s.log.info(`Authentication provider: signed in "${p.name}" for another extension (scopes: ${scopes.join(' ') || 'none'}).`);
    return session;
  }

  /** Signing out revokes the client's tokens at the server, then forgets them. */
  async removeSession(sessionId: string): Promise<void> {
    const p = this.s.store.get(sessionId);
    await this.setSignedIn(this.signedIn().filter((id) => id !== sessionId));
    if (!p) return;
    const held = await this.s.secrets.tokens(p.id);
    if (held) {
      for (const [token, hint] of [
        [held.refresh_token, 'refresh_token'],
        [held.access_token, 'access_token'],
      ] as const) {
        if (!token) continue;
        try {
          const { exchange } = await this.s.runner.run(
            {
              profile: p,
              title: `Signing out of ${p.name}`,
              call: (ctx) => revoke(ctx, { token, tokenTypeHint: hint }),
              summarize: (x) => (x.error ? `revoke → failed (may still be active)` : `revoke → ${x.response?.status ?? ''}, accepted`),
            },
            { interactive: false },
          );
          if (exchange.error) throw new Error(exchange.error.message);
        } catch (e) {
          this.s.log.warn(
            `Signing out of "${p.name}": the ${hint.replace('_', ' ')} could not be revoked (${e instanceof Error ? e.message : String(e)}); it is forgotten here but may stay valid until it expires.`,
          );
        }
      }
      await this.s.session.setTokens(p.id, undefined);
    }
    this.changed.fire({ added: [], removed: [this.toSession(p, held ?? { access_token: '', received_at: 0 })], changed: [] });
    this.s.log.info(`Authentication provider: signed out "${p.name}" (tokens revoked and removed).`);
  }
}
