/**
 * Device authorization grant (RFC 8628): ask the device authorization endpoint for a
 * user code (with the client's authentication), show it, then poll the token endpoint
 * at the server's interval — `slow_down` adds 5 s (§3.5) — until tokens arrive, the
 * user denies, the code expires, or the caller cancels.
 */
import type { CallContext } from '../client-auth';
import { ResponseError } from '../errors';
import { bodyExcerpt } from '../http/excerpt';
import { isLoopbackHost } from '../http/safe-url';
import { sleep as defaultSleep } from '../http/retry';
import type { Exchange, HttpResponseRecord, Param, TokenSet } from '../types';
import { FlowFailure, combineSignals, laterStep } from './flow-failure';
import { parseTokenResponse } from './grants';
import { jsonObject } from './parse';
import { appendExtra, runOperation, type OperationRequest } from './request';

export const GRANT_DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.2: the interval when the server names none. */
export const DEFAULT_DEVICE_INTERVAL_SECONDS = 5;

/** What the user needs to approve the device (RFC 8628 §3.2); the device_code stays inside. */
export interface UserCodeInfo {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresIn: number;
  interval: number;
}

/** Options of {@link deviceCode}. */
export interface DeviceCodeOptions {
  /** Default: the profile's scope. */
  scope?: string;
  extra?: Param[];
  /** Called once with the code to show the user. */
  onUserCode: (info: UserCodeInfo) => void;
  /** Cancels polling (FLOW_CANCELLED). */
  signal?: AbortSignal;
  /** Waits between polls; injectable so tests need not wait real seconds. Default: a cancellable timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** RFC 8628 §3.2 device authorization response. */
export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval?: number;
}

/** Outcome of {@link deviceCode}. */
export interface DeviceCodeResult {
  /**
   * The device authorization exchange, every poll that was not a plain
   * `authorization_pending`, and the last poll.
   */
  exchanges: Exchange[];
  tokens?: TokenSet;
  /** Number of token requests made. */
  polls: number;
}

/** Pure: the device authorization request (client auth is added when prepared). */
export function deviceAuthorizationRequest(p: { scope?: string; extra?: Param[] }): OperationRequest {
  const form: Param[] = p.scope ? [{ name: 'scope', value: p.scope }] : [];
  return {
    operation: 'device_authorization',
    endpoint: 'device_authorization',
    method: 'POST',
    credentialed: true,
    form: appendExtra(form, p.extra),
    headers: [],
  };
}

/** Pure: one device-code token poll. */
export function deviceTokenRequest(p: { deviceCode: string }): OperationRequest {
  return {
    operation: 'device_code',
    endpoint: 'token',
    method: 'POST',
    credentialed: true,
    form: [
      { name: 'grant_type', value: GRANT_DEVICE_CODE },
      { name: 'device_code', value: p.deviceCode, secret: true },
    ],
    headers: [],
  };
}

/**
 * Validates an RFC 8628 §3.2 response. The verification URIs are opened in the user's
 * browser, so they must be absolute https: (http: only to loopback, or when the profile
 * allows insecure http).
 * @throws ResponseError RESPONSE_INVALID naming the field
 */
export function parseDeviceAuthorization(r: HttpResponseRecord, ctx?: Pick<CallContext, 'profile'>): DeviceAuthorization {
  const allowInsecureHttp = ctx?.profile.allowInsecureHttp === true;
  const o = jsonObject(r, 'device authorization response');
  const bad = (field: string, want: string): ResponseError =>
    new ResponseError(
      'RESPONSE_INVALID',
      `The device authorization response has no ${want} "${field}" (RFC 8628 §3.2).`,
      bodyExcerpt(r.body),
    );
  for (const f of ['device_code', 'user_code', 'verification_uri'] as const) {
    if (typeof o[f] !== 'string' || o[f] === '') throw bad(f, 'string');
  }
  if (typeof o['expires_in'] !== 'number' || !(o['expires_in'] > 0)) throw bad('expires_in', 'positive number');
  if (o['interval'] !== undefined && (typeof o['interval'] !== 'number' || !(o['interval'] >= 0))) throw bad('interval', 'numeric');
  if (o['verification_uri_complete'] !== undefined && typeof o['verification_uri_complete'] !== 'string')
    throw bad('verification_uri_complete', 'string');
  for (const f of ['verification_uri', 'verification_uri_complete'] as const) {
    const problem = typeof o[f] === 'string' ? browserUrlProblem(o[f], allowInsecureHttp) : undefined;
    if (problem) {
      throw new ResponseError(
        'RESPONSE_INVALID',
        `The device authorization response's "${f}" is ${problem}; it is not opened. The user is sent to this page, so only https:// addresses (or http:// on this machine) are accepted. Ask the server's operator to fix it.`,
        bodyExcerpt(r.body),
      );
    }
  }
  return o as unknown as DeviceAuthorization;
}

/**
 * Why a server-provided page address must not be opened in the user's browser
 * (a `javascript:`, `file:`, `vscode:` or relative URI, plain http to another host),
 * or undefined when it is fine.
 */
function browserUrlProblem(value: string, allowInsecureHttp: boolean): string | undefined {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return 'not an absolute URL';
  }
  if (u.protocol === 'https:') return undefined;
  if (u.protocol !== 'http:') return `a ${u.protocol} URI, not a web page`;
  return isLoopbackHost(u.hostname) || allowInsecureHttp ? undefined : 'a plain http:// address on another host';
}

/**
 * Runs the device flow. Resolves with tokens, or without them when a request failed
 * for another reason (the failing exchange carries the error).
 * @throws FlowFailure OAUTH_ACCESS_DENIED | OAUTH_EXPIRED_TOKEN | FLOW_TIMEOUT | FLOW_CANCELLED
 * @throws ConfigError | KeyError — input errors found before anything was sent
 */
export async function deviceCode(ctx: CallContext, o: DeviceCodeOptions): Promise<DeviceCodeResult> {
  const signal = combineSignals(o.signal, ctx.http?.signal);
  const flowCtx: CallContext = signal ? { ...ctx, http: { ...ctx.http, signal } } : ctx;
  const wait = o.sleep ?? defaultSleep;
  const now = (): number => (ctx.now ? ctx.now() : Date.now() / 1000);
  const exchanges: Exchange[] = [];
  const cancelled = (): FlowFailure =>
    new FlowFailure('FLOW_CANCELLED', 'The device authorization was cancelled; polling stopped.', exchanges);

  const auth = await runOperation(
    flowCtx,
    deviceAuthorizationRequest({ scope: o.scope ?? ctx.profile.scope, extra: o.extra }),
    parseDeviceAuthorization,
  );
  exchanges.push(auth);
  if (!auth.result) {
    if (signal?.aborted) throw cancelled();
    return { exchanges, polls: 0 };
  }
  const da = auth.result;
  let interval = da.interval && da.interval > 0 ? da.interval : DEFAULT_DEVICE_INTERVAL_SECONDS;
  const deadline = now() + da.expires_in;
  o.onUserCode({
    userCode: da.user_code,
    verificationUri: da.verification_uri,
    ...(da.verification_uri_complete ? { verificationUriComplete: da.verification_uri_complete } : {}),
    expiresIn: da.expires_in,
    interval,
  });

  let polls = 0;
  let lastPending: Exchange | undefined;
  const withLast = (): Exchange[] => (lastPending ? [...exchanges, lastPending] : exchanges);
  for (;;) {
    try {
      await wait(interval * 1000, signal);
    } catch {
      throw new FlowFailure('FLOW_CANCELLED', 'The device authorization was cancelled; polling stopped.', withLast());
    }
    if (signal?.aborted) throw new FlowFailure('FLOW_CANCELLED', 'The device authorization was cancelled; polling stopped.', withLast());
    if (now() >= deadline) {
      throw new FlowFailure(
        'FLOW_TIMEOUT',
        `The user code was not approved within ${da.expires_in} s and has expired. Start the device flow again.`,
        withLast(),
      );
    }
    polls++;
    const ex = await laterStep(withLast(), () =>
      runOperation(flowCtx, deviceTokenRequest({ deviceCode: da.device_code }), parseTokenResponse),
    );
    if (ex.result) {
      exchanges.push(ex);
      return { exchanges, tokens: ex.result, polls };
    }
    const oauthError = ex.error?.oauth?.error;
    if (oauthError === 'authorization_pending') {
      lastPending = ex;
      continue;
    }
    lastPending = undefined;
    exchanges.push(ex);
    switch (oauthError) {
      case 'slow_down':
        interval += 5;
        continue;
      case 'access_denied':
        throw new FlowFailure(
          'OAUTH_ACCESS_DENIED',
          'The user (or the server) denied the device authorization; polling stopped.',
          exchanges,
        );
      case 'expired_token':
        throw new FlowFailure(
          'OAUTH_EXPIRED_TOKEN',
          'The device code expired before it was approved; start the device flow again.',
          exchanges,
        );
      default:
        if (signal?.aborted) throw new FlowFailure('FLOW_CANCELLED', 'The device authorization was cancelled; polling stopped.', exchanges);
        return { exchanges, polls };
    }
  }
}
