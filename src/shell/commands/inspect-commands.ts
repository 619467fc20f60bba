/**
 * Read-only commands: discover server metadata, decode (and optionally verify) a JWT,
 * explain a pasted curl request. Results open as read-only documents; with an
 * argument object they are returned (decoded claims and findings, never a raw token).
 */
import * as vscode from 'vscode';
import {
  decodeJwt,
  diagnose,
  discoverFromEndpointUrl,
  discover,
  maskSecretsInText,
  parseCurl,
  resolveEndpoints,
  verifyJwt,
  WorkbenchError,
  type DecodedJwt,
  type Finding,
  type ServerMetadata,
} from '../../core';
import { coreFields, type WorkbenchProfile } from '../profiles/profile-store';
import { endpointList } from '../profiles/endpoints';
import type { ShellServices } from '../services';
import { bool, str, type Invocation } from './args';
import { pickProfile, registerCommand, resolveProfile } from './command-kit';

const JWT_SHAPE = /^\s*(?:Bearer\s+)?(eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/;

function metadataSummary(m: ServerMetadata, profile?: WorkbenchProfile): Record<string, unknown> {
  return {
    issuer: m.issuer,
    endpoints: profile
      ? Object.fromEntries(endpointList(profile, m).map((e) => [e.name, e.url]))
      : {
          token: m.token_endpoint,
          introspection: m.introspection_endpoint,
          revocation: m.revocation_endpoint,
          jwks_uri: m.jwks_uri,
        },
    authMethods: m.token_endpoint_auth_methods_supported ?? [],
    signingAlgs: m.token_endpoint_auth_signing_alg_values_supported ?? [],
    grantTypes: m.grant_types_supported ?? [],
    scopes: m.scopes_supported ?? [],
  };
}

function findingsMarkdown(title: string, findings: Finding[], notes: string[]): string {
  const lines = [`# ${title}`, ''];
  for (const n of notes) lines.push(`> ${n}`, '');
  if (findings.length === 0) lines.push('No problems found by the preflight checks.');
  for (const f of findings) {
    lines.push(
      `## ${f.severity === 'error' ? '⛔' : f.severity === 'warning' ? '⚠️' : 'ℹ️'} ${f.title}`,
      '',
      `\`${f.code}\` · ${f.severity}`,
      '',
    );
    for (const e of f.evidence) lines.push(`- ${e}`);
    lines.push('', `**Fix:** ${f.fix}`);
    if (f.docs) lines.push('', `[Documentation](${f.docs})`);
    lines.push('');
  }
  return lines.join('\n');
}

export function registerInspectCommands(s: ShellServices): vscode.Disposable[] {
  const discoverCmd = async (inv: Invocation) => {
    const issuer = str(inv.args, 'issuer');
    if (issuer && !inv.node && !inv.args.profileId) {
      const { metadata, exchange } = await s.runner.withProgress(`Discovering ${issuer}`, { interactive: inv.interactive }, (signal) =>
        discover(issuer, { http: s.http.options(signal) }),
      );
      s.log.exchange(exchange, []);
      if (inv.interactive) await s.docs.show(`Discovery — ${new URL(issuer).host}.json`, JSON.stringify(metadata, null, 2));
      return metadataSummary(metadata);
    }
    const profile = await resolveProfile(s, inv, 'discover the server of');
    const metadata = await s.runner.withProgress(`Discovering ${profile.issuer}`, { interactive: inv.interactive }, (signal) =>
      s.runner.metadata(profile, signal, true),
    );
    if (!metadata) throw new WorkbenchError('DISCOVERY_FAILED', `Discovery for ${profile.issuer} returned nothing.`);
    if (inv.interactive) {
      await s.docs.show(`Discovery — ${profile.name}.json`, JSON.stringify(metadata, null, 2));
      void vscode.commands.executeCommand('oauthWorkbench.clients.focus');
    }
    return { profileId: profile.id, ...metadataSummary(metadata, profile) };
  };

  /** Finds the JWT to decode: argument, profile's token, editor selection, clipboard, or input. */
  const tokenToDecode = async (inv: Invocation): Promise<{ token: string; profile?: WorkbenchProfile; source: string } | undefined> => {
    const given = str(inv.args, 'token');
    if (given) return { token: given, source: 'argument' };
    if (inv.node || inv.args.profileId) {
      const profile = await resolveProfile(s, inv, 'decode the token of');
      const tokens = await s.secrets.tokens(profile.id);
      if (!tokens) throw new WorkbenchError('TOKEN_MISSING', `"${profile.name}" has no token. Run "OAuth: Get Token" first.`);
      s.log.rememberSecret(tokens.access_token);
      return { token: tokens.access_token, profile, source: `access token of "${profile.name}"` };
    }
    if (!inv.interactive)
      throw new WorkbenchError('CONFIG_INVALID', 'Pass "token" (a JWT) or "profileId" (decode its current access token).');
    const editor = vscode.window.activeTextEditor;
    const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
    const fromSelection = JWT_SHAPE.exec(selected)?.[1];
    if (fromSelection) return { token: fromSelection, source: 'selection' };
    const clip = await Promise.resolve(vscode.env.clipboard.readText()).catch(() => '');
    const fromClipboard = JWT_SHAPE.exec(clip)?.[1];
    const input = await vscode.window.showInputBox({
      title: 'Decode JWT',
      prompt: fromClipboard
        ? 'The clipboard holds a JWT — press Enter to decode it, or paste another'
        : 'Paste a JWT (header.payload.signature)',
      password: true,
      value: fromClipboard ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => {
        if (v.trim() === '') return 'Paste a JWT.';
        try {
          decodeJwt(v);
          return undefined;
        } catch (e) {
          return e instanceof Error ? e.message : String(e);
        }
      },
    });
    if (input === undefined) return undefined;
    return { token: input.trim(), source: fromClipboard === input.trim() ? 'clipboard' : 'input' };
  };

  const decodeCmd = async (inv: Invocation) => {
    const found = await tokenToDecode(inv);
    if (!found) return undefined;
    const decoded: DecodedJwt = decodeJwt(found.token);
    const result: Record<string, unknown> = { header: decoded.header, claims: decoded.claims, times: decoded.times, verified: false };
    const wantVerify = bool(inv.args, 'verify') === true;
    let verifyProfile = found.profile;
    if (inv.interactive && !verifyProfile && typeof decoded.claims.iss === 'string') {
      verifyProfile = s.store.list().find((p) => p.issuer === decoded.claims.iss);
    }
    if ((wantVerify || inv.interactive) && verifyProfile) {
      const profile = verifyProfile;
      const v = await s.runner
        .withProgress(`Verifying the JWT against ${profile.issuer}`, { interactive: inv.interactive }, async (signal) => {
          const metadata = await s.runner.metadata(profile, signal);
          // The profile's own jwks_uri override wins over metadata, as for every endpoint.
          const jwksUri = resolveEndpoints(coreFields(profile), metadata).jwks_uri;
          if (!jwksUri) return undefined;
          return verifyJwt(found.token, {
            issuer: metadata?.issuer ?? profile.issuer,
            jwksUri,
            http: s.http.options(signal),
            ...(profile.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
          });
        })
        .catch(() => undefined);
      if (v) {
        result.verified = v.verified;
        result.verifiedAgainst = profile.issuer;
        if (v.error) result.verifyError = v.error.message;
      }
    }
    if (inv.interactive) {
      const note =
        result.verified === true
          ? `Signature verified against ${String(result.verifiedAgainst)}'s JWKS.`
          : result.verifyError
            ? `NOT verified: ${typeof result.verifyError === 'string' ? result.verifyError : 'unknown reason'}`
            : 'Decoded only — the signature was NOT verified.';
      const doc = { '//': `${note} Source: ${found.source}.`, header: decoded.header, claims: decoded.claims, times: decoded.times };
      const label =
        typeof decoded.claims.sub === 'string' ? decoded.claims.sub : typeof decoded.header.kid === 'string' ? decoded.header.kid : 'token';
      await s.docs.show(`JWT — ${label}.json`, JSON.stringify(doc, null, 2));
    }
    return result;
  };

  const explainCmd = async (inv: Invocation) => {
    let text = str(inv.args, 'curl');
    if (!text && inv.interactive) {
      const editor = vscode.window.activeTextEditor;
      const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
      const clip = await Promise.resolve(vscode.env.clipboard.readText()).catch(() => '');
      const candidate = [selected, clip].find((t) => /^\s*curl\s/.test(t));
      text =
        candidate ??
        (await vscode.window.showInputBox({
          title: 'Explain a curl request',
          prompt: 'Paste the curl command (copy it to the clipboard first for multi-line commands)',
          ignoreFocusOut: true,
          validateInput: (v) => (/^\s*curl\s/.test(v) ? undefined : 'Paste a command that starts with curl.'),
        }));
      if (!text) return undefined;
    }
    if (!text) throw new WorkbenchError('CONFIG_INVALID', 'Pass the curl command as "curl".');
    const draft = parseCurl(text);
    // The URL came from a paste: shown and logged with anything token-shaped in it masked (SECURITY.md 20).
    const shownUrl = maskSecretsInText(draft.url);
    let profile: WorkbenchProfile | undefined;
    if (inv.args.profileId || inv.node) profile = await resolveProfile(s, inv, 'compare the request with');
    else if (inv.interactive && s.store.list().length > 0)
      profile = await pickProfile(s, 'Compare with which client? (Escape: no client, request-only checks)', s.store.active()?.id);
    let metadata: ServerMetadata | undefined;
    let discoveredIssuer: string | undefined;
    if (profile) {
      const p = profile;
      metadata = await s.runner
        .withProgress(`Reading ${p.issuer}'s metadata`, { interactive: inv.interactive }, (signal) => s.runner.metadata(p, signal))
        .catch(() => undefined);
    } else if (bool(inv.args, 'discover') !== false) {
      // No client to compare with: find the server behind the URL, so audience and
      // method checks have metadata. An unauthenticated GET; nothing secret is sent.
      const found = await s.runner
        .withProgress(`Looking for the authorization server behind ${shownUrl}`, { interactive: inv.interactive }, (signal) =>
          discoverFromEndpointUrl(draft.url, { http: s.http.options(signal) }),
        )
        .catch(() => undefined);
      metadata = found?.metadata;
      discoveredIssuer = found?.issuer;
    }
    const findings = diagnose({ draft, ...(profile ? { profile: coreFields(profile) } : {}), ...(metadata ? { metadata } : {}) });
    s.log.info(
      `explainRequest: ${draft.method} ${shownUrl}${profile ? ` vs "${profile.name}"` : ''} → findings: ${findings.map((f) => f.code).join(', ') || 'none'}`,
    );
    s.log.findings(findings);
    if (inv.interactive) {
      const notes = [
        ...(draft.warnings ?? []),
        profile
          ? `Compared with the client "${profile.name}".`
          : discoveredIssuer
            ? `No client chosen: compared with the metadata of ${discoveredIssuer} (found from the URL).`
            : 'No client chosen and no discovery document found for this URL: only request-level checks ran.',
      ];
      const uri = await s.docs.show('Explain request.md', findingsMarkdown(`${draft.method} ${shownUrl}`, findings, notes));
      void vscode.commands.executeCommand('markdown.showPreview', uri).then(undefined, () => undefined);
    }
    return {
      method: draft.method,
      url: shownUrl,
      ...(profile ? { profileId: profile.id } : {}),
      ...(discoveredIssuer ? { discoveredIssuer } : {}),
      warnings: draft.warnings ?? [],
      findings: findings.map((f) => ({
        code: f.code,
        severity: f.severity,
        title: f.title,
        fix: f.fix,
        ...(f.action ? { action: f.action } : {}),
      })),
    };
  };

  return [
    registerCommand(s, 'oauthWorkbench.discover', discoverCmd),
    registerCommand(s, 'oauthWorkbench.decodeJwt', decodeCmd),
    registerCommand(s, 'oauthWorkbench.explainRequest', explainCmd),
  ];
}
