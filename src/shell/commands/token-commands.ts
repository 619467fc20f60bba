/**
 * Get token (client_credentials, or refresh_token when a refresh token is held),
 * introspect the current token, revoke it. Each runs through the ExchangeRunner and
 * returns a redacted summary — never the token itself.
 */
import * as vscode from 'vscode';
import { introspect, revoke, WorkbenchError, type Exchange, type IntrospectionResult } from '../../core';
import { isCancelled } from '../exchange-tokens';
import type { WorkbenchProfile } from '../profiles/profile-store';
import { obtainTokens, type TokenGrant } from '../tokens/token-source';
import type { ShellServices } from '../services';
import { describeExpiry } from '../status/expiry-format';
import { jsonWithTimes } from '../time-text';
import { notifyFailure, outcomeOf } from '../ui/failure-notification';
import { bool, str, type Invocation } from './args';
import { errorSummary, findingCodes, registerCommand, resolveProfile } from './command-kit';

function statusText(x: Exchange): string {
  if (x.response) return `${x.response.status}`;
  return x.error ? x.error.code : 'no response';
}

/**
 * "Revocation accepted": offers the introspection that proves it, with the revoked token
 * kept in this closure only (it is already gone from secret storage).
 */
async function confirmRevocation(
  s: ShellServices,
  profile: WorkbenchProfile,
  token: string,
  hint: 'access_token' | 'refresh_token',
  status: number | undefined,
): Promise<void> {
  const confirm = 'Introspect to Confirm';
  const choice = await vscode.window.showInformationMessage(
    `Revocation accepted for "${profile.name}" (HTTP ${status ?? '?'}); that alone does not prove the token is revoked.`,
    confirm,
  );
  if (choice !== confirm) return;
  const { exchange } = await s.runner.run<IntrospectionResult>(
    {
      profile,
      title: `Introspecting the revoked token of ${profile.name}`,
      call: (ctx) => introspect(ctx, { token, tokenTypeHint: hint }),
      summarize: (x) => `introspect → ${statusText(x)}${x.result ? `, ${x.result.active ? 'active' : 'inactive'}` : ''}`,
    },
    { interactive: true, source: 'notification' },
  );
  const active = exchange.result?.active;
  if (active === false) void vscode.window.showInformationMessage(`Confirmed: the revoked token of "${profile.name}" is no longer active.`);
  else if (active === true)
    void vscode.window.showWarningMessage(
      `The revoked token of "${profile.name}" is STILL ACTIVE at the server (introspection says active: true).`,
    );
  else if (!isCancelled(exchange))
    void vscode.window.showWarningMessage(
      `Introspection for "${profile.name}" did not answer (${outcomeOf(exchange)}); the revocation is unconfirmed.`,
    );
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

/** A run the user cancelled: said in the status bar, no error notification, no diagnosis. */
function cancelled(inv: Invocation, profileId: string, what: string): Record<string, unknown> {
  if (inv.interactive) vscode.window.setStatusBarMessage(`$(circle-slash) ${what} cancelled`, 5000);
  return { ok: false, cancelled: true, profileId };
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
    const mode = { interactive: inv.interactive, allowNewOrigin: bool(inv.args, 'allowNewOrigin') === true, source: inv.source };

    const options = { ...(scope ? { scope } : {}), ...(resource ? { resource } : {}) };
    let run = await obtainTokens(s, profile, grant, held, mode, options);
    if (isCancelled(run.exchange)) return cancelled(inv, profile.id, 'Getting a token');
    if (run.exchange.error && grant === 'refresh_token' && asked === undefined) {
      // An expired or revoked refresh token: fall back to the client's own grant once.
      s.log.info(`"${profile.name}": refreshing failed (${run.exchange.error.code}); trying client_credentials.`);
      grant = 'client_credentials';
      run = await obtainTokens(s, profile, grant, undefined, mode, options);
    }
    const { exchange, findings, record } = run;
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
        void notifyFailure(s, profile, {
          title: `Getting a token for "${profile.name}" failed (${outcomeOf(exchange)})`,
          findings,
          ...(exchange.error ? { error: exchange.error.message } : {}),
          exchangeId: record.id,
          retry: () =>
            vscode.commands.executeCommand('oauthWorkbench.getToken', { profileId: profile.id, interactive: true, source: 'notification' }),
        });
      }
    }
    return summary;
  };

  const introspectCmd = async (inv: Invocation): Promise<Record<string, unknown>> => {
    const profile = await resolveProfile(s, inv, 'introspect the token of');
    const { token, hint } = await currentToken(s, profile, inv);
    const jwtResponse = bool(inv.args, 'jwtResponse') === true;
    const { exchange, findings, record } = await s.runner.run<IntrospectionResult>(
      {
        profile,
        title: `Introspecting the token of ${profile.name}`,
        call: (ctx) => introspect(ctx, { token, tokenTypeHint: hint, ...(jwtResponse ? { jwtResponse } : {}) }),
        summarize: (x) =>
          x.result
            ? `introspect → ${x.response?.status ?? ''}, ${x.result.active ? 'active' : 'NOT active'}`
            : `introspect → ${statusText(x)}${x.error?.oauth ? ` ${x.error.oauth.error}` : ''}`,
      },
      { interactive: inv.interactive, allowNewOrigin: bool(inv.args, 'allowNewOrigin') === true, source: inv.source },
    );
    if (isCancelled(exchange)) return cancelled(inv, profile.id, 'Introspection');
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
        if (choice) await s.docs.show(`Introspection — ${profile.name}.jsonc`, jsonWithTimes(record.exchange.result ?? {}));
      } else if (r) {
        void notifyFailure(s, profile, { title: `The token of "${profile.name}" is NOT active`, findings, exchangeId: record.id });
      } else {
        void notifyFailure(s, profile, {
          title: `Introspection for "${profile.name}" failed (${outcomeOf(exchange)})`,
          findings,
          ...(exchange.error ? { error: exchange.error.message } : {}),
          exchangeId: record.id,
          retry: () =>
            vscode.commands.executeCommand('oauthWorkbench.introspect', {
              profileId: profile.id,
              interactive: true,
              source: 'notification',
            }),
        });
      }
    }
    return summary;
  };

  const revokeCmd = async (inv: Invocation): Promise<Record<string, unknown>> => {
    const profile = await resolveProfile(s, inv, 'revoke the token of');
    const { token, hint } = await currentToken(s, profile, inv);
    // Every interactive revoke asks first (palette, status bar, tree); a retry from a failure notification was asked already.
    if (inv.interactive && inv.source !== 'notification') {
      const ok = await vscode.window.showWarningMessage(
        `Revoke the ${hint === 'refresh_token' ? 'refresh' : 'access'} token of "${profile.name}"?`,
        { modal: true },
        'Revoke',
      );
      if (ok !== 'Revoke') return { ok: false, cancelled: true };
    }
    const { exchange, findings, record } = await s.runner.run(
      {
        profile,
        title: `Revoking the token of ${profile.name}`,
        call: (ctx) => revoke(ctx, { token, tokenTypeHint: hint }),
        summarize: (x) =>
          x.error ? `revoke → ${statusText(x)} (may still be active)` : `revoke → ${x.response?.status ?? ''}, revocation accepted`,
      },
      { interactive: inv.interactive, allowNewOrigin: bool(inv.args, 'allowNewOrigin') === true, source: inv.source },
    );
    if (isCancelled(exchange)) return cancelled(inv, profile.id, 'Revocation');
    // A 2xx says the server accepted the request, not that the token is revoked (RFC 7009 §2.2).
    const accepted = exchange.result?.accepted === true;
    if (accepted) {
      await s.session.setTokens(profile.id, undefined);
      s.log.info(`"${profile.name}": revocation accepted; the token is removed from secret storage.`);
    }
    const summary = {
      ok: accepted,
      profileId: profile.id,
      status: exchange.response?.status,
      accepted,
      ...(exchange.result?.note ? { note: exchange.result.note } : {}),
      findings: findingCodes(findings),
      ...(exchange.error ? { error: errorSummary(exchange.error) } : {}),
    };
    if (inv.interactive) {
      if (accepted) void confirmRevocation(s, profile, token, hint, exchange.response?.status);
      else {
        void notifyFailure(s, profile, {
          title: `Revocation for "${profile.name}" failed (${outcomeOf(exchange)}) — the token may still be active`,
          findings,
          ...(exchange.error ? { error: exchange.error.message } : {}),
          exchangeId: record.id,
          retry: () =>
            vscode.commands.executeCommand('oauthWorkbench.revoke', { profileId: profile.id, interactive: true, source: 'notification' }),
        });
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
