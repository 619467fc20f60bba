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
import { callSecrets, profileScrubber, redactError, withoutSecretValues, withScrubber } from '../redaction';
import { applyTokenAndDpop, type PresentedToken } from '../dpop/apply';
import { nonceChallenge } from '../dpop/challenge';
import { DpopNonces } from '../dpop/nonces';
import { accessTokenCnf, bindingChecks } from '../binding/confirmation';
import { httpWithCertificate, mtlsCertificate } from '../mtls/use';
import type { HttpOptions } from '../http/transport';
import type {
  CredentialedEndpoint,
  DecodedJwt,
  DpopInfo,
  Endpoints,
  Exchange,
  HttpMethod,
  HttpRequestRecord,
  HttpResponseRecord,
  Operation,
  Param,
} from '../types';
import { checkBeforeSend } from './credentialed-send';
import { errorFromResponse } from './parse';

/** What an operation sends, before endpoint resolution and client authentication. Pure data. */
export interface OperationRequest {
  operation: Operation;
  /** The endpoint called; `resource` for an API call (then `url` names it). */
  endpoint: keyof Endpoints | 'resource';
  /** The URL of an API call (`endpoint: 'resource'`). */
  url?: string;
  method: HttpMethod;
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
  /** A raw body (API calls); sent instead of `form`. */
  body?: string;
  /**
   * The access token the request presents (userinfo, API calls): `Bearer`, or for a
   * DPoP-bound token `DPoP` with a proof carrying `ath` — signed at prepare time, so a
   * nonce retry signs a new one.
   */
  accessToken?: PresentedToken;
}

/** A request ready to send, the client assertion it carries (decoded) and its DPoP proof. */
export interface PreparedRequest {
  request: HttpRequestRecord;
  assertion?: DecodedJwt;
  /** The DPoP proof (decoded) and the key's thumbprint, when the request carries one. */
  dpop?: { jkt: string; proof: DecodedJwt };
}

const CREDENTIALED: ReadonlySet<string> = new Set<CredentialedEndpoint>([
  'token',
  'introspection',
  'revocation',
  'pushed_authorization_request',
  'device_authorization',
]);

const ENDPOINT_LABEL: Record<keyof Endpoints | 'resource', string> = {
  authorization: 'authorization endpoint',
  token: 'token endpoint',
  introspection: 'introspection endpoint',
  revocation: 'revocation endpoint',
  userinfo: 'userinfo endpoint',
  jwks_uri: 'JWKS URI',
  pushed_authorization_request: 'pushed authorization request (PAR) endpoint',
  device_authorization: 'device authorization endpoint',
  resource: 'API (resource server)',
};

/** Human name of an endpoint, e.g. "introspection endpoint". */
export function endpointLabel(e: keyof Endpoints | 'resource'): string {
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
  let url = op.endpoint === 'resource' ? resourceUrl(ctx, op.url) : endpointUrl(ctx, op.endpoint);
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
  if (op.body !== undefined) request.body = op.body;
  else if (op.method === 'POST') request.form = form;
  let authenticated: PreparedRequest = { request };
  if (op.credentialed) {
    if (!CREDENTIALED.has(op.endpoint)) {
      throw new ConfigError('CONFIG_INVALID', `The ${ENDPOINT_LABEL[op.endpoint]} does not authenticate clients.`);
    }
    authenticated = await applyClientAuth(request, op.endpoint as CredentialedEndpoint, ctx);
  }
  const withDpop = await applyTokenAndDpop(ctx, authenticated.request, {
    ...(op.accessToken ? { token: op.accessToken } : {}),
    proofAtTokenEndpoint: op.endpoint === 'token',
  });
  return { ...authenticated, ...withDpop };
}

/**
 * The checked URL of an API call (https, or http to loopback unless the profile allows it).
 * @throws ConfigError CONFIG_INVALID | CONFIG_INSECURE_HTTP
 */
function resourceUrl(ctx: CallContext, url: string | undefined): string {
  try {
    if (!url) throw new Error('missing');
    new URL(url);
  } catch {
    throw new ConfigError('CONFIG_INVALID', `The API URL "${url ?? ''}" is not an absolute URL, e.g. https://api.example.com/v1/items.`);
  }
  assertSafeUrl(url, ctx.profile.allowInsecureHttp);
  return url;
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
  // Nonces outlive the call when the caller keeps a store; the one retry works without one.
  const nonces = ctx.dpopNonces ?? new DpopNonces();
  const callCtx: CallContext = ctx.dpopNonces ? ctx : { ...ctx, dpopNonces: nonces };
  let challenge: DpopInfo['nonceChallenge'];
  let http: HttpOptions | undefined;

  // What leaves the core (SECURITY.md 19): the error's texts are scrubbed of every secret of
  // the call; the response keeps the tokens the caller needs but never the profile's own
  // client secret or key, which no response has a reason to carry.
  const profileSecrets = profileScrubber(ctx.secrets);
  const finish = (x: Partial<Exchange<T>> & { request: HttpRequestRecord }): Exchange<T> => {
    const e = withoutSecretValues<T>(
      {
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
        ...(prepared?.dpop ? { dpop: { ...prepared.dpop, ...(challenge ? { nonceChallenge: challenge } : {}) } } : {}),
      },
      profileSecrets,
    );
    if (e.error) e.error = redactError(e.error, profileSecrets.with(callSecrets(e)));
    return e;
  };

  for (;;) {
    attempts++;
    try {
      prepared = await prepareRequest(callCtx, op);
      // mTLS clients present their certificate on every request they send (RFC 8705).
      const cert = await mtlsCertificate(ctx);
      http = cert ? httpWithCertificate(ctx.http, cert) : ctx.http;
      // The origin check (SECURITY.md 6) of every request that carries a credential.
      await checkBeforeSend(ctx, op, prepared.request, cert ? ['client certificate'] : []);
    } catch (e) {
      // Before the first send an input error (or a refused origin) is the caller's to handle; later, record it.
      if (attempts === 1 || !(e instanceof WorkbenchError)) throw e;
      return finish({ request: result!.request, response: result!.response, error: toErrorInfo(e) });
    }
    try {
      result = await sendHttp(prepared.request, http);
    } catch (e) {
      const te = e instanceof TransportError ? e : undefined;
      return finish({
        request: te?.request ?? prepared.request,
        ...(te?.response ? { response: te.response } : {}),
        ...(te ? { timings: te.timings } : {}),
        error: toErrorInfo(e),
      });
    }
    if (prepared.dpop) {
      nonces.remember(prepared.request.url, result.response.headers);
      const c = challenge ? undefined : nonceChallenge(result.response);
      if (c) {
        // RFC 9449 §8/§9: exactly one retry, re-prepared — a new proof with the nonce AND a new client assertion.
        challenge = { status: result.response.status, ...c };
        continue;
      }
    }
    const delay = retryDelay(result.response, attempts - 1 - (challenge ? 1 : 0), ctx.http?.retry);
    if (delay === undefined) break;
    try {
      await sleep(delay, ctx.http?.signal);
    } catch {
      return finish({ ...result, error: toErrorInfo(new HttpError('HTTP_ABORTED', 'Cancelled while waiting to retry.')) });
    }
  }

  const { request, response, timings } = result;
  // Excerpts are cut inside the parsers: they mask this call's secrets before cutting.
  const scrubber = profileSecrets.with(callSecrets({ request, response }));
  if (response.status < 200 || response.status >= 300) {
    const error = toErrorInfo(withScrubber(scrubber, () => errorFromResponse(response, ENDPOINT_LABEL[op.endpoint])));
    if (response.status === 429 || response.status === 503) {
      const ra = response.headers['retry-after'];
      error.message += ` The server is ${response.status === 429 ? 'rate limiting' : 'unavailable'}${ra ? ` (Retry-After: ${ra})` : ''}; gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}.`;
    }
    return finish({ request, response, timings, error });
  }
  try {
    const value = await withScrubber(scrubber, () => parse(response, { ...ctx, now: () => nowSeconds(ctx) }));
    const binding = await bindingChecks(ctx, confirmationOf(op, value), op.operation === 'introspect' ? 'introspection' : 'access_token');
    return finish({ request, response, timings, result: value, ...(binding.length ? { binding } : {}) });
  } catch (e) {
    return finish({ request, response, timings, error: toErrorInfo(e) });
  }
}

/** The `cnf` a result shows: an introspection response's, or that of the JWT access token a token endpoint issued. */
function confirmationOf(op: OperationRequest, value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (op.operation === 'introspect') {
    const cnf = v['cnf'];
    return cnf !== null && typeof cnf === 'object' && !Array.isArray(cnf) ? (cnf as Record<string, unknown>) : undefined;
  }
  return op.endpoint === 'token' && typeof v['access_token'] === 'string' ? accessTokenCnf(v['access_token']) : undefined;
}
