/**
 * The CLI's commands, each a thin sequence of core calls: token, introspect, revoke,
 * call, explain, discover. Each returns a redacted summary (printed as text, or as JSON
 * with --json), the exchanges it made and its exit code.
 */
import { readFile } from 'node:fs/promises';
import {
  callApi,
  clientCredentials,
  ConfigError,
  diagnose,
  DpopNonces,
  endpointDrift,
  endpointUrl,
  introspect,
  maskToken,
  parseCurl,
  revoke,
  toErrorInfo,
  type CallContext,
  type Exchange,
  type Finding,
  type HttpMethod,
  type TokenSet,
} from '../core';
import { flag, opt, type ParsedArgs } from './args';
import { callContext, loadClient, loadMetadata, tokenArg } from './client';
import { EXIT, exitCodeFor } from './exit-codes';

export interface CommandResult {
  /** Redacted, JSON-safe summary. */
  summary: Record<string, unknown>;
  /** Text lines for people (redacted). */
  lines: string[];
  findings: Finding[];
  /** Printed alone on stdout instead of the summary (`token --print-token`). */
  raw?: string;
  exitCode: number;
}

export interface CliEnv {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: () => Promise<string>;
}

function failed(x: Exchange, what: string, ctx: CallContext): CommandResult {
  const error = x.error ?? toErrorInfo(new Error('no response'));
  const findings = diagnose({ exchange: x, profile: ctx.profile, ...(ctx.metadata ? { metadata: ctx.metadata } : {}) });
  return {
    summary: { ok: false, status: x.response?.status, error: { code: error.code, message: error.message } },
    lines: [`${what} failed: ${error.message}`],
    findings,
    exitCode: exitCodeFor(error.code),
  };
}

/** A fresh token for the client (client_credentials). */
async function getToken(ctx: CallContext, args: ParsedArgs): Promise<Exchange<TokenSet>> {
  const scope = opt(args, 'scope');
  const resource = opt(args, 'resource');
  return clientCredentials(ctx, { ...(scope ? { scope } : {}), ...(resource ? { resource: [resource] } : {}) });
}

async function token(args: ParsedArgs, e: CliEnv, exchanges: Exchange[]): Promise<CommandResult> {
  const ctx = await callContext(args, e.env, e.cwd, exchanges);
  const x = await getToken(ctx, args);
  exchanges.push(x);
  if (!x.result) return failed(x, `Getting a token for "${ctx.profile.name}"`, ctx);
  const t = x.result;
  const summary = {
    ok: true,
    client: ctx.profile.name,
    status: x.response?.status,
    tokenType: t.token_type,
    expiresIn: t.expires_in,
    ...(t.scope ? { scope: t.scope } : {}),
    accessToken: maskToken(t.access_token),
  };
  return {
    summary,
    lines: [
      `Token for "${ctx.profile.name}": ${t.token_type ?? 'token'} ${maskToken(t.access_token)}, expires in ${t.expires_in ?? '?'} s${t.scope ? `, scope ${t.scope}` : ''}.`,
    ],
    findings: diagnose({ exchange: x, profile: ctx.profile, ...(ctx.metadata ? { metadata: ctx.metadata } : {}) }).filter(
      (f) => f.severity !== 'info',
    ),
    ...(flag(args, 'print-token') ? { raw: t.access_token } : {}),
    exitCode: EXIT.ok,
  };
}

/** The token to introspect/revoke: --token-env / --token-file, else a new one of the client. */
async function subjectToken(args: ParsedArgs, e: CliEnv, ctx: CallContext, exchanges: Exchange[]): Promise<string> {
  const given = await tokenArg(args, e.env);
  if (given) return given;
  const x = await getToken(ctx, args);
  exchanges.push(x);
  if (!x.result)
    throw Object.assign(new ConfigError('CONFIG_INVALID', `No token given and getting one failed: ${x.error?.message ?? ''}`), {
      exchange: x,
    });
  return x.result.access_token;
}

async function introspectCmd(args: ParsedArgs, e: CliEnv, exchanges: Exchange[]): Promise<CommandResult> {
  const ctx = await callContext(args, e.env, e.cwd, exchanges);
  const t = await subjectToken(args, e, ctx, exchanges);
  const x = await introspect(ctx, { token: t });
  exchanges.push(x);
  if (!x.result) return failed(x, 'Introspection', ctx);
  const r = x.result;
  const findings = diagnose({ exchange: x, profile: ctx.profile, ...(ctx.metadata ? { metadata: ctx.metadata } : {}) });
  return {
    summary: {
      ok: true,
      active: r.active,
      ...(r.client_id ? { clientId: r.client_id } : {}),
      ...(r.scope ? { scope: r.scope } : {}),
      ...(r.exp ? { exp: r.exp } : {}),
    },
    lines: [
      `Token ${maskToken(t)} is ${r.active ? 'active' : 'NOT active'}${r.client_id ? ` (client ${r.client_id})` : ''}${r.scope ? `, scope ${r.scope}` : ''}.`,
    ],
    findings,
    exitCode: r.active ? EXIT.ok : EXIT.negative,
  };
}

async function revokeCmd(args: ParsedArgs, e: CliEnv, exchanges: Exchange[]): Promise<CommandResult> {
  const ctx = await callContext(args, e.env, e.cwd, exchanges);
  const t = await tokenArg(args, e.env);
  if (!t) throw new ConfigError('CONFIG_INVALID', 'Give the token to revoke with --token-env NAME or --token-file PATH.');
  const x = await revoke(ctx, { token: t });
  exchanges.push(x);
  if (x.error) return failed(x, 'Revocation (the token may still be active)', ctx);
  return { summary: { ok: true, revoked: true }, lines: [`Revoked ${maskToken(t)}.`], findings: [], exitCode: EXIT.ok };
}

/**
 * Calls an API URL (--method, --body-file) with a fresh token of the client through the
 * core's callApi, as the extension does: `Bearer`, or `DPoP` with a proof for a DPoP-bound
 * token (the nonce retry included), and a 401's RFC 9728 resource metadata for the findings.
 */
async function call(args: ParsedArgs, e: CliEnv, exchanges: Exchange[]): Promise<CommandResult> {
  const url = args.positional[0];
  if (!url) throw new ConfigError('CONFIG_INVALID', 'Usage: oauth-workbench call <url> --client NAME');
  const method = (opt(args, 'method') ?? 'GET').toUpperCase() as HttpMethod;
  const bodyFile = opt(args, 'body-file');
  const body = bodyFile ? await readBodyFile(bodyFile) : undefined;
  const ctx = { ...(await callContext(args, e.env, e.cwd, exchanges)), dpopNonces: new DpopNonces() };
  const tx = await getToken(ctx, args);
  exchanges.push(tx);
  if (!tx.result) return failed(tx, `Getting a token for "${ctx.profile.name}"`, ctx);
  const x = await callApi(ctx, {
    method,
    url,
    accessToken: tx.result.access_token,
    ...(tx.result.token_type ? { tokenType: tx.result.token_type } : {}),
    ...(body !== undefined ? { body } : {}),
  });
  exchanges.push(x);
  const excerpt = (x.response?.json ?? x.response?.body.slice(0, 2000)) as unknown;
  if (!x.result) {
    const r = failed(x, `${method} ${url}`, ctx);
    return { ...r, summary: { ...r.summary, body: excerpt } };
  }
  return {
    summary: { ok: true, status: x.result.status, body: excerpt },
    lines: [`${method} ${url} → ${x.result.status}`, x.response?.body.slice(0, 2000) ?? ''],
    findings: [],
    exitCode: EXIT.ok,
  };
}

async function readBodyFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new ConfigError('CONFIG_INVALID', `--body-file ${file} cannot be read.`);
  }
}

/** A pasted curl command (stdin or --curl-file) explained, with the client's configuration when --client is given. */
async function explain(args: ParsedArgs, e: CliEnv, exchanges: Exchange[]): Promise<CommandResult> {
  const file = opt(args, 'curl-file');
  const text = file ? await readFile(file, 'utf8') : await e.stdin();
  const draft = parseCurl(text);
  const client = opt(args, 'client') ? await loadClient(args, e.cwd) : undefined;
  const metadata = client ? await loadMetadata(client.profile, exchanges) : undefined;
  const findings = diagnose({ draft, ...(client ? { profile: client.profile } : {}), ...(metadata ? { metadata } : {}) });
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    summary: {
      ok: errors === 0,
      url: draft.url,
      findings: findings.map((f) => ({ severity: f.severity, code: f.code, title: f.title, fix: f.fix })),
    },
    lines: [`${draft.method} ${draft.url}: ${findings.length} finding(s)`],
    findings,
    exitCode: errors > 0 ? EXIT.negative : EXIT.ok,
  };
}

async function discoverCmd(args: ParsedArgs, e: CliEnv, exchanges: Exchange[]): Promise<CommandResult> {
  const { profile } = await loadClient(args, e.cwd);
  const metadata = await loadMetadata({ ...profile, endpoints: undefined }, exchanges);
  if (!metadata) throw new ConfigError('CONFIG_INVALID', 'Discovery returned nothing.');
  const ctx: CallContext = { profile, secrets: {}, metadata };
  const endpoints: Record<string, string> = {};
  for (const name of [
    'token',
    'introspection',
    'revocation',
    'userinfo',
    'jwks_uri',
    'device_authorization',
    'pushed_authorization_request',
  ] as const) {
    try {
      endpoints[name] = endpointUrl(ctx, name);
    } catch {
      // not advertised
    }
  }
  const drift = endpointDrift(profile, metadata);
  return {
    summary: { ok: drift.length === 0, issuer: metadata.issuer, endpoints, drift },
    lines: [
      `Issuer ${metadata.issuer}`,
      ...Object.entries(endpoints).map(([k, v]) => `  ${k}: ${v}`),
      ...drift.map((d) => `drift: ${d.message}`),
    ],
    findings: [],
    exitCode: drift.length === 0 ? EXIT.ok : EXIT.negative,
  };
}

export const COMMANDS: Record<string, (args: ParsedArgs, e: CliEnv, exchanges: Exchange[]) => Promise<CommandResult>> = {
  token,
  introspect: introspectCmd,
  revoke: revokeCmd,
  call,
  explain,
  discover: discoverCmd,
};
