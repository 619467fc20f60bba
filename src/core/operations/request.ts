/**
 * "Make request" and "send with retries" for every operation (model: oauth4webapi):
 * an {@link OperationRequest} is pure data; {@link prepareRequest} resolves the URL,
 * checks it and applies client authentication; {@link runOperation} sends it,
 * re-preparing every attempt (fresh assertion, SECURITY.md item 11), and records
 * everything in an {@link Exchange}. Never rejects for HTTP or OAuth failures.
 */
import { randomUUID } from 'node:crypto';
import { applyClientAuth, signForProfile, type CallContext } from '../client-auth';
import { resolveAssertionAudience } from '../crypto/assertion';
import { resolveEndpoints } from '../discovery';
import { ConfigError, HttpError, toErrorInfo, WorkbenchError } from '../errors';
import { assertSafeUrl } from '../http/safe-url';
import { isoFromEpochMs } from '../iso-time';
import { retryDelay, sleep } from '../http/retry';
import { sendHttp, TransportError, type HttpResult } from '../http/transport';
import type {
  CredentialedEndpoint,
  DecodedJwt,
  Endpoints,
  Exchange,
  HttpRequestRecord,
  HttpResponseRecord,
  Operation,
  Param,
} from '../types';
import { errorFromResponse } from './parse';

/** What an operation sends, before endpoint resolution and client authentication. Pure data. */
export interface OperationRequest {
  operation: Operation;
  endpoint: keyof Endpoints;
  method: 'GET' | 'POST';
  /** True when the endpoint authenticates the client (client auth is applied). */
  credentialed: boolean;
  form: Param[];
  headers: Param[];
  /**
   * RFC 7523 §2.1: sign an `assertion` grant parameter at prepare time (fresh per
   * attempt) with this subject, unless the form already carries a pasted one.
   */
  grantAssertion?: { subject?: string };
  /** Extra query parameters (e.g. discovery-style pass-through); rarely used. */
  query?: Param[];
}

/** A request ready to send, and the client assertion it carries (decoded). */
export interface PreparedRequest {
  request: HttpRequestRecord;
  assertion?: DecodedJwt;
}

const CREDENTIALED: ReadonlySet<string> = new Set<CredentialedEndpoint>([
  'token',
  'introspection',
  'revocation',
  'pushed_authorization_request',
  'device_authorization',
]);

const ENDPOINT_LABEL: Record<keyof Endpoints, string> = {
  authorization: 'authorization endpoint',
  token: 'token endpoint',
  introspection: 'introspection endpoint',
  revocation: 'revocation endpoint',
  userinfo: 'userinfo endpoint',
  jwks_uri: 'JWKS URI',
  pushed_authorization_request: 'pushed authorization request (PAR) endpoint',
  device_authorization: 'device authorization endpoint',
};

/** Human name of an endpoint, e.g. "introspection endpoint". */
export function endpointLabel(e: keyof Endpoints): string {
  return ENDPOINT_LABEL[e];
}

/**
 * The URL of `endpoint` for this context (profile override, else metadata), checked.
 * @throws ConfigError CONFIG_MISSING_ENDPOINT | CONFIG_INSECURE_HTTP | CONFIG_INVALID
 */
export function endpointUrl(ctx: CallContext, endpoint: keyof Endpoints): string {
  const url = resolveEndpoints(ctx.profile, ctx.metadata)[endpoint];
  if (!url) {
    throw new ConfigError(
      'CONFIG_MISSING_ENDPOINT',
      `No ${ENDPOINT_LABEL[endpoint]} is known for profile "${ctx.profile.name}". Run discovery, or set the URL in the profile's endpoint overrides.`,
    );
  }
  assertSafeUrl(url, ctx.profile.allowInsecureHttp);
  return url;
}

/** Appends `extra` parameters, dropping those that would carry client authentication. */
export function appendExtra(form: Param[], extra: Param[] | undefined): Param[] {
  const auth = new Set(['client_id', 'client_secret', 'client_assertion', 'client_assertion_type']);
  return [...form, ...(extra ?? []).filter((p) => !auth.has(p.name))];
}

/**
 * Resolves the endpoint URL, checks it (https or loopback), signs a grant assertion
 * if asked, and applies client authentication when the endpoint is credentialed.
 * @throws ConfigError | KeyError — input errors; nothing was sent
 */
export async function prepareRequest(ctx: CallContext, op: OperationRequest): Promise<PreparedRequest> {
  let url = endpointUrl(ctx, op.endpoint);
  if (op.query?.length) {
    const u = new URL(url);
    for (const q of op.query) u.searchParams.append(q.name, q.value);
    url = u.toString();
  }
  let form = op.form.map((p) => ({ ...p }));
  if (op.grantAssertion && !form.some((p) => p.name === 'assertion')) {
    const tokenUrl = endpointUrl(ctx, 'token');
    const { jwt } = await signForProfile(ctx, resolveAssertionAudience(ctx.profile, ctx.metadata, tokenUrl), {
      method: ctx.secrets.privateKey ? 'private_key_jwt' : 'client_secret_jwt',
      subject: op.grantAssertion.subject ?? ctx.profile.clientId,
    });
    form = [...form, { name: 'assertion', value: jwt, secret: true }];
  }
  const request: HttpRequestRecord = { method: op.method, url, headers: op.headers.map((h) => ({ ...h })) };
  if (op.method === 'POST') request.form = form;
  if (!op.credentialed) return { request };
  if (!CREDENTIALED.has(op.endpoint)) {
    throw new ConfigError('CONFIG_INVALID', `The ${ENDPOINT_LABEL[op.endpoint]} does not authenticate clients.`);
  }
  return applyClientAuth(request, op.endpoint as CredentialedEndpoint, ctx);
}

function nowSeconds(ctx: CallContext): number {
  return Math.floor(ctx.now ? ctx.now() : Date.now() / 1000);
}

/**
 * Prepares, sends (retrying 429/503 per Retry-After, each attempt re-prepared with a
 * fresh assertion) and parses. Resolves an {@link Exchange}: `result` on success,
 * `error` for transport failures, OAuth error responses and malformed bodies.
 * `parse` sees only 2xx responses; what it throws becomes `exchange.error`.
 * @throws ConfigError | KeyError — only for input errors found before the first send
 */
export async function runOperation<T>(
  ctx: CallContext,
  op: OperationRequest,
  parse: (r: HttpResponseRecord, ctx: CallContext) => T | Promise<T>,
): Promise<Exchange<T>> {
  const started = Date.now();
  const id = randomUUID();
  let attempts = 0;
  let prepared: PreparedRequest | undefined;
  let result: HttpResult | undefined;

  const finish = (x: Partial<Exchange<T>> & { request: HttpRequestRecord }): Exchange<T> => ({
    id,
    operation: op.operation,
    profileId: ctx.profile.id,
    attempts,
    ...x,
    timings: {
      startedAt: isoFromEpochMs(started),
      ...(x.timings?.headersMs !== undefined ? { headersMs: x.timings.headersMs } : {}),
      totalMs: Date.now() - started,
    },
    ...(prepared?.assertion ? { assertion: prepared.assertion } : {}),
  });

  for (;;) {
    attempts++;
    try {
      prepared = await prepareRequest(ctx, op);
    } catch (e) {
      // Before the first send an input error is the caller's to handle; later, record it.
      if (attempts === 1 || !(e instanceof WorkbenchError)) throw e;
      return finish({ request: result!.request, response: result!.response, error: toErrorInfo(e) });
    }
    try {
      result = await sendHttp(prepared.request, ctx.http);
    } catch (e) {
      const te = e instanceof TransportError ? e : undefined;
      return finish({
        request: te?.request ?? prepared.request,
        ...(te?.response ? { response: te.response } : {}),
        ...(te ? { timings: te.timings } : {}),
        error: toErrorInfo(e),
      });
    }
    const delay = retryDelay(result.response, attempts - 1, ctx.http?.retry);
    if (delay === undefined) break;
    try {
      await sleep(delay, ctx.http?.signal);
    } catch {
      return finish({ ...result, error: toErrorInfo(new HttpError('HTTP_ABORTED', 'Cancelled while waiting to retry.')) });
    }
  }

  const { request, response, timings } = result;
  if (response.status < 200 || response.status >= 300) {
    const error = toErrorInfo(errorFromResponse(response, ENDPOINT_LABEL[op.endpoint]));
    if (response.status === 429 || response.status === 503) {
      const ra = response.headers['retry-after'];
      error.message += ` The server is ${response.status === 429 ? 'rate limiting' : 'unavailable'}${ra ? ` (Retry-After: ${ra})` : ''}; gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}.`;
    }
    return finish({ request, response, timings, error });
  }
  try {
    const value = await parse(response, { ...ctx, now: () => nowSeconds(ctx) });
    return finish({ request, response, timings, result: value });
  } catch (e) {
    return finish({ request, response, timings, error: toErrorInfo(e) });
  }
}
