/**
 * Call an API with the client's current token (Bearer, or DPoP with a proof), and
 * set the credentials of sender-constrained clients: the DPoP key and the mTLS client
 * certificate. The OAuth work is the core's; these commands resolve the profile, read
 * arguments, run through the ExchangeRunner and return redacted summaries — never a
 * token, a key or a proof.
 */
import * as vscode from 'vscode';
import {
  HTTP_METHODS,
  callApi,
  dpopJkt,
  generateDpopKey,
  importPrivateKey,
  loadClientCertificate,
  maskJson,
  usesMtls,
  WorkbenchError,
  CLIENT_CERTIFICATE_SECRETS,
  type CheckedCertificate,
  type ClientCertificateSecrets,
  type ApiResult,
  type AsymmetricAlg,
  type Exchange,
  type Finding,
  type HttpMethod,
  type Param,
} from '../../core';
import type { ShellServices } from '../services';
import { pickClientCertificate } from '../ui/certificate-material';
import { MultiStepInput } from '../ui/multi-step-input';
import { bool, str, type Invocation } from './args';
import { errorSummary, findingCodes, registerCommand, resolveProfile } from './command-kit';

/** `headers` as an object (`{ "X-A": "1" }`) or a list of `{ name, value }`. */
function headersArg(inv: Invocation): Param[] {
  const h = inv.args.headers;
  if (h === undefined || h === null) return [];
  const bad = (): never => {
    throw new WorkbenchError('CONFIG_INVALID', 'The argument "headers" must be an object of strings or a list of { name, value }.');
  };
  if (Array.isArray(h)) {
    return h.map((x: unknown) => {
      const o = x as { name?: unknown; value?: unknown };
      if (typeof o?.name !== 'string' || typeof o.value !== 'string') bad();
      return { name: o.name as string, value: o.value as string };
    });
  }
  if (typeof h !== 'object') bad();
  return Object.entries(h as Record<string, unknown>).map(([name, value]) => (typeof value === 'string' ? { name, value } : bad()));
}

function methodArg(inv: Invocation): HttpMethod {
  const m = (str(inv.args, 'method') ?? 'GET').toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(m)) {
    throw new WorkbenchError('CONFIG_INVALID', `The argument "method" must be one of ${HTTP_METHODS.join(', ')}.`);
  }
  return m as HttpMethod;
}

/** The non-secret summary of an API call. */
function apiSummary(profileId: string, exchange: Exchange<ApiResult>, findings: readonly Finding[]): Record<string, unknown> {
  const auth = exchange.request.headers.find((h) => h.name.toLowerCase() === 'authorization')?.value ?? '';
  const rm = exchange.resourceMetadata;
  return {
    ok: exchange.error === undefined && exchange.result !== undefined,
    profileId,
    status: exchange.response?.status,
    scheme: /^(\S+)\s/.exec(auth)?.[1],
    attempts: exchange.attempts,
    ...(exchange.dpop
      ? {
          dpop: {
            jkt: exchange.dpop.jkt,
            ...(exchange.dpop.nonceChallenge ? { nonceChallenge: exchange.dpop.nonceChallenge.status } : {}),
          },
        }
      : {}),
    // The API's answer with token-like members masked (it is the user's data, not a secret of ours).
    ...(exchange.response?.json !== undefined ? { json: maskJson(exchange.response.json) } : {}),
    ...(rm
      ? {
          resourceMetadata: {
            url: rm.url,
            ...(rm.metadata?.authorization_servers ? { authorizationServers: rm.metadata.authorization_servers } : {}),
            ...(rm.metadata?.scopes_supported ? { scopes: rm.metadata.scopes_supported } : {}),
            ...(rm.problem ? { problem: rm.problem } : {}),
          },
        }
      : {}),
    findings: findingCodes(findings),
    ...(exchange.error ? { error: errorSummary(exchange.error) } : {}),
  };
}

export function registerApiCommands(s: ShellServices): vscode.Disposable[] {
  const callApiCmd = async (inv: Invocation): Promise<Record<string, unknown> | undefined> => {
    const profile = await resolveProfile(s, inv, 'call an API with the token of');
    let url = str(inv.args, 'url');
    if (!url && inv.interactive) {
      url = (
        await vscode.window.showInputBox({ title: 'Call API', prompt: 'The API URL to call with the current token', ignoreFocusOut: true })
      )?.trim();
      if (!url) return undefined;
    }
    if (!url) throw new WorkbenchError('CONFIG_INVALID', 'Pass the API URL as "url".');
    const tokens = await s.secrets.tokens(profile.id);
    if (!tokens) throw new WorkbenchError('TOKEN_MISSING', `"${profile.name}" has no access token. Run "OAuth: Get Token" first.`);
    s.log.rememberSecret(tokens.access_token);
    const body = typeof inv.args.body === 'string' ? inv.args.body : undefined;
    const params = {
      method: methodArg(inv),
      url,
      headers: headersArg(inv),
      ...(body !== undefined ? { body } : {}),
      accessToken: tokens.access_token,
      ...(tokens.token_type ? { tokenType: tokens.token_type } : {}),
    };
    const { exchange, findings } = await s.runner.run<ApiResult>(
      {
        profile,
        title: `Calling ${new URL(url).host} as ${profile.name}`,
        call: (ctx) => callApi(ctx, params),
        summarize: (x) => `${params.method} ${new URL(url).pathname} → ${x.response?.status ?? x.error?.code ?? 'no response'}`,
      },
      { interactive: inv.interactive, allowNewOrigin: bool(inv.args, 'allowNewOrigin') === true },
    );
    const summary = apiSummary(profile.id, exchange, findings);
    if (inv.interactive) {
      await s.docs.show(`API — ${params.method} ${new URL(url).pathname}.json`, JSON.stringify(summary, null, 2));
    }
    return summary;
  };

  /** Stores (or generates) the profile's DPoP key; returns its thumbprint. */
  const setDpopKey = async (inv: Invocation): Promise<Record<string, unknown>> => {
    const profile = await resolveProfile(s, inv, 'set the DPoP key of');
    const given = str(inv.args, 'dpopKey');
    const alg = str(inv.args, 'alg') as AsymmetricAlg | undefined;
    let material: string;
    let jkt: string;
    if (given) {
      const key = await importPrivateKey(given);
      material = given;
      jkt = await dpopJkt(key);
    } else {
      const generated = await generateDpopKey(alg ?? profile.dpopAlg);
      material = generated.privateKeyPem;
      jkt = generated.jkt;
    }
    await s.credentials.save(profile, 'dpopKey', material, { rebind: false });
    if (inv.interactive) void vscode.window.showInformationMessage(`DPoP key of "${profile.name}" stored (thumbprint ${jkt}).`);
    return { ok: true, profileId: profile.id, jkt, generated: !given };
  };

  /** The certificate material given as arguments (PEM chain + key, or PKCS#12 as base64), with its passphrase. */
  const certificateArgs = (inv: Invocation): ClientCertificateSecrets | undefined => {
    const certificate = str(inv.args, 'certificate');
    const key = str(inv.args, 'key');
    const pkcs12 = str(inv.args, 'pkcs12');
    const passphrase = typeof inv.args.passphrase === 'string' && inv.args.passphrase ? inv.args.passphrase : undefined;
    const withPassphrase = passphrase ? { clientCertificatePassphrase: passphrase } : {};
    if (pkcs12) return { clientPkcs12: pkcs12, ...withPassphrase };
    if (certificate && key) return { clientCertificate: certificate, clientCertificateKey: key, ...withPassphrase };
    return undefined;
  };

  /** Stores the mTLS client certificate: from arguments, or (palette, tree) picked from PEM or PKCS#12 files. */
  const setClientCertificate = async (inv: Invocation): Promise<Record<string, unknown> | undefined> => {
    const profile = await resolveProfile(s, inv, 'set the client certificate of');
    let secrets = certificateArgs(inv);
    if (!secrets && inv.interactive) {
      let chosen: CheckedCertificate | undefined;
      const title = `Client certificate of "${profile.name}"`;
      const done = await MultiStepInput.run(async (input) => {
        chosen = await pickClientCertificate(input, { title, step: 1, totalSteps: 1 });
      });
      if (!done || !chosen) return undefined;
      secrets = chosen.secrets;
    }
    if (!secrets) {
      throw new WorkbenchError(
        'CONFIG_INVALID',
        'Pass "certificate" and "key" (PEM), or "pkcs12" (base64 of the .p12/.pfx file), and "passphrase" if it has one.',
      );
    }
    // Parsed first: a wrong passphrase or a key of another certificate is named before anything is stored.
    const info = (await loadClientCertificate(secrets))!.info;
    for (const kind of CLIENT_CERTIFICATE_SECRETS) await s.secrets.delete(profile.id, kind);
    for (const kind of CLIENT_CERTIFICATE_SECRETS) {
      const value = secrets[kind];
      if (value) await s.credentials.save(profile, kind, value);
    }
    if (inv.interactive) {
      // A certificate the client never presents would look set and do nothing: say so.
      const unused = usesMtls(profile)
        ? ''
        : ` "${profile.name}" authenticates with ${profile.authMethod} and presents it only with certificate-bound tokens ("mtls": true) or a tls_client_auth method — change that with Edit Client.`;
      void vscode.window.showInformationMessage(
        `Client certificate of "${profile.name}" stored: ${info.subjectDn}${info.selfSigned ? ' (self-signed)' : ''}, valid until ${info.notAfter.slice(0, 10)}.${unused}`,
      );
    }
    return {
      ok: true,
      profileId: profile.id,
      subjectDn: info.subjectDn,
      subjectAltNames: info.subjectAltNames,
      selfSigned: info.selfSigned,
      notAfter: info.notAfter,
      x5tS256: info.x5tS256,
    };
  };

  return [
    registerCommand(s, 'oauthWorkbench.callApi', callApiCmd),
    registerCommand(s, 'oauthWorkbench.setDpopKey', setDpopKey),
    registerCommand(s, 'oauthWorkbench.setClientCertificate', setClientCertificate),
  ];
}
