/**
 * Get token (client_credentials, or refresh_token when a refresh token is held),
 * introspect the current token, revoke it. Each runs through the ExchangeRunner and
 * returns a redacted summary — never the token itself.
 */
import * as vscode from 'vscode';
import { introspect, revoke, WorkbenchError, type Exchange, type IntrospectionResult } from '../../core';
import type { WorkbenchProfile } from '../profiles/profile-store';
import { obtainTokens, type TokenGrant } from '../tokens/token-source';
import type { ShellServices } from '../services';
import { describeExpiry } from '../status/expiry-format';
import { notifyFailure } from '../ui/failure-notification';
import { bool, str, type Invocation } from './args';
import { errorSummary, findingCodes, registerCommand, resolveProfile } from './command-kit';

function statusText(x: Exchange): string {
  if (x.response) return `${x.response.status}`;
  return x.error ? x.error.code : 'no response';
}

function resourceArg(inv: Invocation): string[] | undefined {
  const r = inv.args.resource;
  if (r === undefined) return undefined;
  if (typeof r === 'string') return [r];
  if (Array.isArray(r) && r.every((x) => typeof x === 'string')) return r;
  throw new WorkbenchError('CONFIG_INVALID', 'The argument "resource" must be a URL or a list of URLs.');
}

/** The token to introspect or revoke: the access token (default) or the refresh token. */
async function currentToken(
  s: ShellServices,
  profile: WorkbenchProfile,
  inv: Invocation,
): Promise<{ token: string; hint: 'access_token' | 'refresh_token' }> {
  const kind = str(inv.args, 'tokenKind') ?? 'access_token';
  if (kind !== 'access_token' && kind !== 'refresh_token')
    throw new WorkbenchError('CONFIG_INVALID', 'The argument "tokenKind" must be "access_token" or "refresh_token".');
  const tokens = await s.secrets.tokens(profile.id);
  const token = kind === 'refresh_token' ? tokens?.refresh_token : tokens?.access_token;
  if (!token) {
    throw new WorkbenchError(
      'TOKEN_MISSING',
      `"${profile.name}" has no ${kind === 'refresh_token' ? 'refresh token' : 'access token'}. Run "OAuth: Get Token" first.`,
    );
  }
  s.log.rememberSecret(token);
  return { token, hint: kind };
}

export function registerTokenCommands(s: ShellServices): vscode.Disposable[] {
  const getToken = async (inv: Invocation): Promise<Record<string, unknown>> => {
    const profile = await resolveProfile(s, inv, 'get a token for');
    const held = await s.secrets.tokens(profile.id);
    const asked = str(inv.args, 'grant');
    if (asked !== undefined && asked !== 'client_credentials' && asked !== 'refresh_token') {
      throw new WorkbenchError(
        'CONFIG_INVALID',
        'The argument "grant" must be "client_credentials" or "refresh_token" (other grants are in the request panel).',
      );
    }
    let grant: TokenGrant = asked ?? (held?.refresh_token ? 'refresh_token' : 'client_credentials');
    if (grant === 'refresh_token' && !held?.refresh_token)
      throw new WorkbenchError('TOKEN_MISSING', `"${profile.name}" holds no refresh token.`);
    const scope = str(inv.args, 'scope');
    const resource = resourceArg(inv);
    const mode = { interactive: inv.interactive, allowNewOrigin: bool(inv.args, 'allowNewOrigin') === true };

    const options = { ...(scope ? { scope } : {}), ...(resource ? { resource } : {}) };
    let run = await obtainTokens(s, profile, grant, held, mode, options);
    if (run.exchange.error && grant === 'refresh_token' && asked === undefined) {
      // An expired or revoked refresh token: fall back to the client's own grant once.
      s.log.info(`"${profile.name}": refreshing failed (${run.exchange.error.code}); trying client_credentials.`);
      grant = 'client_credentials';
      run = await obtainTokens(s, profile, grant, undefined, mode, options);
    }
    const { exchange, findings } = run;
    const tokens = exchange.result;
    const view = s.session.token(profile.id);
    const summary = {
      ok: !exchange.error && tokens !== undefined,
      profileId: profile.id,
      grant,
      status: exchange.response?.status,
      ...(tokens && view?.expiresAt !== undefined
        ? { expiresAt: view.expiresAt, expiresIn: Math.max(0, Math.round(view.expiresAt - Date.now() / 1000)) }
        : {}),
      ...(tokens?.scope ? { scope: tokens.scope } : {}),
      ...(tokens?.token_type ? { tokenType: tokens.token_type } : {}),
      ...(tokens ? { refreshToken: tokens.refresh_token !== undefined, jwt: view?.decoded !== undefined } : {}),
      ...(exchange.dpop
        ? {
            dpop: {
              jkt: exchange.dpop.jkt,
              ...(exchange.dpop.nonceChallenge ? { nonceChallenge: exchange.dpop.nonceChallenge.status } : {}),
            },
          }
        : {}),
      ...(exchange.binding ? { binding: exchange.binding } : {}),
      attempts: exchange.attempts,
      findings: findingCodes(findings),
      ...(exchange.error ? { error: errorSummary(exchange.error) } : {}),
    };
    if (inv.interactive) {
      if (summary.ok) {
        const expiry = describeExpiry(true, view?.expiresAt, Date.now() / 1000);
        const choice = await vscode.window.showInformationMessage(
          `Token for "${profile.name}": ${expiry.description}${tokens?.scope ? ` · scope ${tokens.scope}` : ''}.`,
          'Introspect',
          'Copy Access Token',
          'Decode',
        );
        if (choice === 'Introspect')
          await vscode.commands.executeCommand('oauthWorkbench.introspect', { profileId: profile.id, interactive: true });
        else if (choice === 'Copy Access Token')
          await vscode.commands.executeCommand('oauthWorkbench.copyAccessToken', { profileId: profile.id, interactive: true });
        else if (choice === 'Decode')
          await vscode.commands.executeCommand('oauthWorkbench.decodeJwt', { profileId: profile.id, interactive: true });
      } else {
        void notifyFailure(
          s,
          profile,
          `Getting a token for "${profile.name}" failed: ${exchange.error?.message ?? statusText(exchange)}`,
          findings,
          () => vscode.commands.executeCommand('oauthWorkbench.getToken', { profileId: profile.id, interactive: true }),
        );
      }
    }
    return summary;
  };

  const introspectCmd = async (inv: Invocation): Promise<Record<string, unknown>> => {
    const profile = await resolveProfile(s, inv, 'introspect the token of');
    const { token, hint } = await currentToken(s, profile, inv);
    const jwtResponse = bool(inv.args, 'jwtResponse') === true;
    const { exchange, findings } = await s.runner.run<IntrospectionResult>(
      {
        profile,
        title: `Introspecting the token of ${profile.name}`,
        call: (ctx) => introspect(ctx, { token, tokenTypeHint: hint, ...(jwtResponse ? { jwtResponse } : {}) }),
        summarize: (x) =>
          x.result
            ? `introspect → ${x.response?.status ?? ''}, ${x.result.active ? 'active' : 'NOT active'}`
            : `introspect → ${statusText(x)}${x.error?.oauth ? ` ${x.error.oauth.error}` : ''}`,
      },
      { interactive: inv.interactive, allowNewOrigin: bool(inv.args, 'allowNewOrigin') === true },
    );
    const r = exchange.result;
    const summary = {
      ok: !exchange.error && r !== undefined,
      profileId: profile.id,
      status: exchange.response?.status,
      ...(r ? { active: r.active } : {}),
      ...(typeof r?.exp === 'number' ? { exp: r.exp } : {}),
      ...(typeof r?.scope === 'string' ? { scope: r.scope } : {}),
      ...(typeof r?.client_id === 'string' ? { clientId: r.client_id } : {}),
      ...(typeof r?.sub === 'string' ? { sub: r.sub } : {}),
      ...(typeof r?.token_type === 'string' ? { tokenType: r.token_type } : {}),
      ...(exchange.binding ? { binding: exchange.binding } : {}),
      findings: findingCodes(findings),
      ...(exchange.error ? { error: errorSummary(exchange.error) } : {}),
    };
    if (inv.interactive) {
      if (r?.active) {
        const exp = describeExpiry(true, r.exp, Date.now() / 1000);
        const choice = await vscode.window.showInformationMessage(
          `Token of "${profile.name}" is active (${exp.description}${r.scope ? ` · scope ${r.scope}` : ''}${r.client_id ? ` · client ${r.client_id}` : ''}).`,
          'Show Response',
        );
        if (choice)
          await s.docs.show(
            `Introspection — ${profile.name}.json`,
            JSON.stringify(s.session.last(profile.id)?.exchange.result ?? {}, null, 2),
          );
      } else if (r) {
        void notifyFailure(s, profile, `The token of "${profile.name}" is NOT active`, findings);
      } else {
        void notifyFailure(
          s,
          profile,
          `Introspection for "${profile.name}" failed: ${exchange.error?.message ?? statusText(exchange)}`,
          findings,
          () => vscode.commands.executeCommand('oauthWorkbench.introspect', { profileId: profile.id, interactive: true }),
        );
      }
    }
    return summary;
  };

  const revokeCmd = async (inv: Invocation): Promise<Record<string, unknown>> => {
    const profile = await resolveProfile(s, inv, 'revoke the token of');
    const { token, hint } = await currentToken(s, profile, inv);
    if (inv.interactive && !inv.args.profileId && !inv.node) {
      const ok = await vscode.window.showWarningMessage(
        `Revoke the ${hint === 'refresh_token' ? 'refresh' : 'access'} token of "${profile.name}"?`,
        { modal: true },
        'Revoke',
      );
      if (ok !== 'Revoke') return { ok: false, cancelled: true };
    }
    const { exchange, findings } = await s.runner.run(
      {
        profile,
        title: `Revoking the token of ${profile.name}`,
        call: (ctx) => revoke(ctx, { token, tokenTypeHint: hint }),
        summarize: (x) => (x.error ? `revoke → ${statusText(x)} (may still be active)` : `revoke → ${x.response?.status ?? ''}, revoked`),
      },
      { interactive: inv.interactive, allowNewOrigin: bool(inv.args, 'allowNewOrigin') === true },
    );
    const revoked = !exchange.error;
    if (revoked) {
      await s.session.setTokens(profile.id, undefined);
      s.log.info(`"${profile.name}": token revoked and removed from secret storage.`);
    }
    const summary = {
      ok: revoked,
      profileId: profile.id,
      status: exchange.response?.status,
      revoked,
      findings: findingCodes(findings),
      ...(exchange.error ? { error: errorSummary(exchange.error) } : {}),
    };
    if (inv.interactive) {
      if (revoked) void vscode.window.showInformationMessage(`The token of "${profile.name}" was revoked.`);
      else {
        void notifyFailure(
          s,
          profile,
          `Revocation for "${profile.name}" failed — the token may still be active: ${exchange.error?.message ?? statusText(exchange)}`,
          findings,
          () => vscode.commands.executeCommand('oauthWorkbench.revoke', { profileId: profile.id, interactive: true }),
        );
      }
    }
    return summary;
  };

  return [
    registerCommand(s, 'oauthWorkbench.getToken', getToken),
    registerCommand(s, 'oauthWorkbench.introspect', introspectCmd),
    registerCommand(s, 'oauthWorkbench.revoke', revokeCmd),
  ];
}
