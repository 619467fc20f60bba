/**
 * Clipboard commands: access token, a fresh client assertion, the last request as
 * curl (redacted unless the user confirms a reveal), and the value of a tree node.
 * The clipboard is the only place a secret goes; return values stay redacted.
 */
import * as vscode from 'vscode';
import { assertionFor, WorkbenchError, type CallContext, type CredentialedEndpoint } from '../../core';
import { coreFields } from '../profiles/profile-store';
import type { ShellServices } from '../services';
import { ASSERTION_ENDPOINTS, curlForCopy } from '../curl-copy';
import { describeExpiry } from '../status/expiry-format';
import { bool, str, type Invocation } from './args';
import { registerCommand, resolveProfile } from './command-kit';

export function registerCopyCommands(s: ShellServices): vscode.Disposable[] {
  const copyAccessToken = async (inv: Invocation) => {
    const profile = await resolveProfile(s, inv, 'copy the access token of');
    const tokens = await s.secrets.tokens(profile.id);
    if (!tokens) throw new WorkbenchError('TOKEN_MISSING', `"${profile.name}" has no access token. Run "OAuth: Get Token" first.`);
    await vscode.env.clipboard.writeText(tokens.access_token);
    const view = s.session.token(profile.id);
    const expiry = describeExpiry(true, view?.expiresAt, Date.now() / 1000);
    if (inv.interactive) {
      const note = expiry.state === 'expired' ? ' Note: it has expired.' : '';
      void vscode.window.showInformationMessage(`Access token of "${profile.name}" copied (${expiry.description}).${note}`);
    }
    return { copied: true, profileId: profile.id, token: expiry.state, ...(view?.expiresAt ? { expiresAt: view.expiresAt } : {}) };
  };

  const copyAssertion = async (inv: Invocation) => {
    const profile = await resolveProfile(s, inv, 'sign a client assertion for');
    if (profile.authMethod !== 'private_key_jwt' && profile.authMethod !== 'client_secret_jwt') {
      throw new WorkbenchError(
        'CONFIG_INVALID',
        `"${profile.name}" uses ${profile.authMethod}; client assertions exist only for private_key_jwt and client_secret_jwt.`,
      );
    }
    let endpoint = (str(inv.args, 'endpoint') ?? 'token') as CredentialedEndpoint;
    if (!ASSERTION_ENDPOINTS.includes(endpoint))
      throw new WorkbenchError('CONFIG_INVALID', `The argument "endpoint" must be one of ${ASSERTION_ENDPOINTS.join(', ')}.`);
    if (inv.interactive && profile.audience === 'endpoint' && inv.args.endpoint === undefined) {
      const picked = await vscode.window.showQuickPick(
        ASSERTION_ENDPOINTS.slice(0, 3).map((e) => ({ label: e, description: e === 'token' ? 'for /token' : `for the ${e} endpoint` })),
        { placeHolder: "The assertion's aud is the URL of the endpoint it is sent to: which endpoint?" },
      );
      if (!picked) return undefined;
      endpoint = picked.label;
    }
    const mode = { interactive: inv.interactive };
    const { jwt, decoded } = await s.runner.withProgress(`Signing a client assertion for ${profile.name}`, mode, async (signal) => {
      const p = s.runner.coreProfile(profile);
      const metadata = await s.runner.metadata(p, signal);
      const secrets = await s.runner.secrets(p, metadata, mode);
      const ctx: CallContext = { profile: coreFields(p), secrets, keyCache: s.keyCache };
      if (metadata) ctx.metadata = metadata;
      return assertionFor(ctx, endpoint);
    });
    await vscode.env.clipboard.writeText(jwt);
    const c = decoded.claims;
    if (inv.interactive) {
      void vscode.window.showInformationMessage(
        `Client assertion for the ${endpoint} endpoint copied: aud ${JSON.stringify(c.aud)}, valid for ${typeof c.exp === 'number' && typeof c.iat === 'number' ? c.exp - c.iat : '?'} s. Sign a new one for every request.`,
      );
    }
    return {
      copied: true,
      profileId: profile.id,
      endpoint,
      alg: decoded.header.alg,
      kid: decoded.header.kid,
      aud: c.aud,
      iss: c.iss,
      sub: c.sub,
      exp: c.exp,
      iat: c.iat,
    };
  };

  const copyAsCurl = async (inv: Invocation) => {
    const profile = await resolveProfile(s, inv, 'copy the last request of');
    await s.history.load(profile.id);
    const last = s.history.last(profile.id);
    if (!last) throw new WorkbenchError('TOKEN_MISSING', `"${profile.name}" has no request yet. Get a token or introspect first.`);
    const raw = s.history.raw(last.id)?.exchange;
    const operation = last.exchange.operation;
    let reveal = false;
    if (bool(inv.args, 'reveal') === true && !inv.interactive) {
      throw new WorkbenchError(
        'CONFIG_INVALID',
        'Revealing secrets in a curl command needs the user\'s confirmation: run "OAuth: Copy Last Request as curl" interactively.',
      );
    }
    if (inv.interactive) {
      const jwt = last.exchange.assertion !== undefined;
      const picked = await vscode.window.showQuickPick(
        [
          { label: '$(shield) Copy with secrets replaced by variables', description: 'recommended', reveal: false },
          {
            label: '$(unlock) Copy with secrets revealed…',
            description: jwt
              ? 'signs a NEW client assertion (valid 60 s, single use); tokens in clear text'
              : 'client secret, tokens in clear text',
            reveal: true,
          },
        ],
        { placeHolder: `curl for the last ${operation} request of "${profile.name}"` },
      );
      if (!picked) return undefined;
      if (picked.reveal) {
        const ok = await vscode.window.showWarningMessage(
          'Copy the curl command with its secrets in clear text?',
          {
            modal: true,
            detail:
              'The clipboard will hold the client secret or a freshly signed assertion and any token of this request. Anyone who sees or pastes it can act as this client until the values expire.',
          },
          'Reveal and Copy',
        );
        if (ok !== 'Reveal and Copy') return undefined;
        reveal = true;
      }
    }
    const copy = await curlForCopy(s, profile, last, raw, reveal);
    await vscode.env.clipboard.writeText(copy.text);
    s.log.info(
      `"${profile.name}": copied the last ${operation} request as curl (${reveal ? "secrets REVEALED at the user's request" : 'redacted'}).`,
    );
    if (inv.interactive) void vscode.window.showInformationMessage(copy.note);
    const redacted = reveal ? (await curlForCopy(s, profile, last, raw, false)).text : copy.text;
    return { copied: true, profileId: profile.id, operation, redacted: !reveal, curl: redacted };
  };

  const copyNodeValue = async (inv: Invocation) => {
    const value = inv.node?.value ?? str(inv.args, 'value');
    if (value === undefined) return { copied: false };
    await vscode.env.clipboard.writeText(value);
    return { copied: true };
  };

  return [
    registerCommand(s, 'oauthWorkbench.copyAccessToken', copyAccessToken),
    registerCommand(s, 'oauthWorkbench.copyAssertion', copyAssertion),
    registerCommand(s, 'oauthWorkbench.copyAsCurl', copyAsCurl),
    registerCommand(s, 'oauthWorkbench.copyNodeValue', copyNodeValue),
  ];
}
