/**
 * The one HTTP call of the core, over undici: connect/headers/body timeouts, a
 * response size cap, cancellation, and redirects never followed (SECURITY.md 8, 10).
 * One attempt per call; retries live in the operations layer so that every attempt
 * is prepared again (fresh client assertion).
 */
import { request, type Dispatcher } from 'undici';
import { HttpError } from '../errors';
import { isoFromEpochMs } from '../iso-time';
import type { HttpRequestRecord, HttpResponseRecord, Param, Timings } from '../types';
import { parseBoundedJson } from '../json-limits';
import { defaultDispatcher, type DispatcherOptions } from './dispatcher';
import { parseUrl } from './safe-url';

/** Transport options shared by every call. */
export interface HttpOptions {
  /** From {@link createDispatcher} (proxy, CA, TLS). Default: a shared agent with the connect timeout. */
  dispatcher?: Dispatcher;
  /**
   * The settings `dispatcher` was built from (proxy, CA, strictSSL). The core builds
   * the client-certificate dispatchers of mTLS clients from them (one per certificate,
   * cached), so a certificate goes through the same proxy and trusts the same CAs.
   */
  dispatcherOptions?: DispatcherOptions;
  /**
   * Defaults: connect 10 s, headers 30 s, body 30 s (the whole body, not per chunk).
   * `connectMs` applies to the default agent; a given `dispatcher` keeps its own
   * (`DispatcherOptions.connectMs`). undici checks connect deadlines on a coarse
   * timer, so a connect timeout fires up to about 1 s late.
   */
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  /** Response size cap in bytes; default 1 MiB. Past it: HTTP_TOO_LARGE. */
  maxResponseBytes?: number;
  /** Cancels the call (HTTP_ABORTED); the connection is closed, nothing stays pending. */
  signal?: AbortSignal;
  /** Retries on 429/503 honouring Retry-After: default 2 retries, never waiting more than 10 s. */
  retry?: { maxRetries?: number; maxDelayMs?: number };
  /** `User-Agent` header; default `oauth-workbench`. */
  userAgent?: string;
}

export const DEFAULT_TIMEOUTS = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 } as const;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
export const DEFAULT_USER_AGENT = 'oauth-workbench';

/** The outcome of one HTTP call. `request` is exactly what went on the wire. */
export interface HttpResult {
  request: HttpRequestRecord;
  response: HttpResponseRecord;
  timings: Timings;
}

/**
 * An {@link HttpError} that still carries what is known about the call: the request
 * as sent, the response head (status, headers; for a redirect: `Location`) and timings.
 */
export class TransportError extends HttpError {
  constructor(
    code: ConstructorParameters<typeof HttpError>[0],
    message: string,
    readonly request: HttpRequestRecord,
    readonly timings: Timings,
    readonly response?: HttpResponseRecord,
    options?: { cause?: unknown },
  ) {
    super(code, message, response?.status, options);
  }
}

function hasHeader(headers: Param[], name: string): boolean {
  return headers.some((h) => h.name.toLowerCase() === name.toLowerCase());
}

/** Adds the headers the wire needs when the record does not already name them. */
export function completeRequest(r: HttpRequestRecord, userAgent = DEFAULT_USER_AGENT): HttpRequestRecord {
  const headers = [...r.headers];
  if (r.form && !hasHeader(headers, 'content-type')) headers.push({ name: 'content-type', value: 'application/x-www-form-urlencoded' });
  if (!hasHeader(headers, 'accept')) headers.push({ name: 'accept', value: 'application/json' });
  if (!hasHeader(headers, 'user-agent')) headers.push({ name: 'user-agent', value: userAgent });
  return { ...r, headers };
}

/** `application/x-www-form-urlencoded` body (spaces as `+`, RFC 6749 Appendix B). */
export function formBody(form: Param[]): string {
  const u = new URLSearchParams();
  for (const p of form) u.append(p.name, p.value);
  return u.toString();
}

/**
 * JSON when the content type says so or the body looks like JSON; undefined when it does
 * not parse, or is nested or sized beyond the limits of json-limits.ts (kept as text:
 * parsing it would block the event loop, SECURITY.md 18).
 */
export function parseJsonBody(contentType: string | undefined, body: string): { json?: unknown } {
  const ct = (contentType ?? '').toLowerCase();
  const saysJson = /[/+]json(\s*;|$)/.test((ct.split(',')[0] ?? '').trim());
  const t = body.trim();
  const looksJson = t.startsWith('{') || t.startsWith('[') || t === 'null';
  if (!saysJson && !looksJson) return {};
  const parsed = parseBoundedJson(t);
  return parsed ? { json: parsed.value } : {};
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

type Phase = 'connect' | 'headers' | 'body';

/** Human explanation of a low-level network failure. */
function networkMessage(e: unknown, url: URL): string {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  const where = url.origin;
  switch (code) {
    case 'ECONNREFUSED':
      return `Nothing listens at ${where} (connection refused). Check the host and port, and that the server is running.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host ${url.hostname} could not be resolved (DNS). Check the spelling of the URL, your network and proxy settings.`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `The connection to ${where} was closed by the other side before a complete answer arrived.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable from this machine. Check the network, VPN and proxy settings.`;
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The TLS certificate of ${where} was not accepted (${code}). Add your organisation's CA certificate to the extension's CA setting rather than disabling verification.`;
    default:
      return `The request to ${where} failed: ${err.cause?.message ?? err.message ?? String(e)}${code ? ` (${code})` : ''}.`;
  }
}

/**
 * Sends one request and reads the whole (capped) response. Never follows redirects.
 *
 * Per-request costs are kept to what the job needs (this is a measured hot path, see
 * `npm run bench`): the connect and headers deadlines are undici's own (the
 * dispatcher's connect timeout, `headersTimeout`), the user's signal goes to undici
 * as it is, and the one timer is the whole-body deadline while the body is read.
 * @throws TransportError HTTP_REDIRECT | HTTP_TOO_LARGE | HTTP_TIMEOUT | HTTP_ABORTED | HTTP_NETWORK
 */
export async function sendHttp(input: HttpRequestRecord, options: HttpOptions = {}): Promise<HttpResult> {
  const req = completeRequest(input, options.userAgent);
  const url = parseUrl(req.url);
  const t = cappedTimeouts(options.timeouts ? { ...DEFAULT_TIMEOUTS, ...options.timeouts } : DEFAULT_TIMEOUTS);
  const cap = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const started = Date.now();
  const timings: Timings = { startedAt: isoFromEpochMs(started), totalMs: 0 };
  const elapsed = (): number => Date.now() - started;
  if (options.signal?.aborted) {
    throw new TransportError('HTTP_ABORTED', `The request to ${url.origin} was cancelled before it was sent.`, req, timings);
  }
  let bodyTimedOut = false;

  const fail = (e: unknown, response?: HttpResponseRecord): TransportError => {
    timings.totalMs = elapsed();
    if (e instanceof TransportError) return e;
    const code = (e as { code?: string } | undefined)?.code;
    const p: Phase | undefined = bodyTimedOut
      ? 'body'
      : code === 'UND_ERR_CONNECT_TIMEOUT'
        ? 'connect'
        : code === 'UND_ERR_HEADERS_TIMEOUT'
          ? 'headers'
          : code === 'UND_ERR_BODY_TIMEOUT'
            ? 'body'
            : undefined;
    if (p) {
      const ms = p === 'connect' ? t.connectMs : p === 'headers' ? t.headersMs : t.bodyMs;
      const what = p === 'connect' ? `connecting to ${url.origin}` : `waiting for the response ${p} from ${url.origin}`;
      return new TransportError(
        'HTTP_TIMEOUT',
        `Timed out after ${ms} ms ${what} (${p} timeout). The server may be overloaded or unreachable; try again or raise the ${p} timeout.`,
        req,
        timings,
        response,
        { cause: e },
      );
    }
    if (options.signal?.aborted) {
      return new TransportError('HTTP_ABORTED', `The request to ${url.origin} was cancelled.`, req, timings, response, { cause: e });
    }
    return new TransportError('HTTP_NETWORK', networkMessage(e, url), req, timings, response, { cause: e });
  };

  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, {
      method: req.method,
      headers: flatHeaders(req.headers),
      body: req.form ? formBody(req.form) : req.body,
      signal: options.signal,
      dispatcher: options.dispatcher ?? defaultDispatcher(t.connectMs),
      headersTimeout: t.headersMs,
      bodyTimeout: t.bodyMs,
    });
  } catch (e) {
    throw fail(e);
  }
  timings.headersMs = elapsed();
  const headers = flattenHeaders(res.headers);
  const head: HttpResponseRecord = { status: res.statusCode, headers, body: '' };

  if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304) {
    // Never followed: the credentials in this request must not reach another URL.
    discard(res.body);
    const location = headers.location;
    timings.totalMs = elapsed();
    throw new TransportError(
      'HTTP_REDIRECT',
      `${url.origin}${url.pathname} answered ${res.statusCode} redirecting to ${location ?? '(no Location header)'}. ` +
        'Redirects are not followed, so nothing (no credentials) was sent there. Use the final URL in the profile or metadata if it is legitimate.',
      req,
      timings,
      head,
    );
  }

  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) {
    discard(res.body);
    timings.totalMs = elapsed();
    throw new TransportError('HTTP_TOO_LARGE', tooLarge(url, cap, res.statusCode), req, timings, head);
  }
  // undici's bodyTimeout bounds the gap between chunks; this bounds the whole body.
  const deadline = setTimeout(() => {
    bodyTimedOut = true;
    res.body.destroy(new Error('body timeout'));
  }, t.bodyMs);
  let body: string;
  try {
    body = await readCapped(res.body, cap, () => {
      timings.totalMs = elapsed();
      return new TransportError('HTTP_TOO_LARGE', tooLarge(url, cap, res.statusCode), req, timings, head);
    });
  } catch (e) {
    discard(res.body);
    throw fail(e, head);
  } finally {
    clearTimeout(deadline);
  }
  timings.totalMs = elapsed();
  const response: HttpResponseRecord = { ...head, body, ...parseJsonBody(headers['content-type'], body) };
  return { request: req, response, timings };
}

/** undici's flat `[name, value, name, value, ...]` header list. */
function flatHeaders(headers: Param[]): string[] {
  const out = new Array<string>(headers.length * 2);
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    out[2 * i] = h.name;
    out[2 * i + 1] = h.value;
  }
  return out;
}

/** Reads a body as UTF-8 through its events (cheaper than async iteration), rejecting with `tooLarge()` past `cap` bytes. */
function readCapped(body: Dispatcher.ResponseData['body'], cap: number, tooLarge: () => Error): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        body.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8')));
    body.once('error', reject);
  });
}

/** Closes a response body we will not read; the socket is released, no error escapes. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

function tooLarge(url: URL, cap: number, status: number): string {
  return `The response from ${url.origin}${url.pathname} (HTTP ${status}) is larger than the ${cap}-byte limit; reading stopped. Check the URL points at an OAuth endpoint, or raise the size limit.`;
}

/** Longest delay a Node timer holds; a larger one fires at once (a 10,000,000 s setting timed every request out). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function cappedTimeouts(t: { connectMs: number; headersMs: number; bodyMs: number }): typeof t {
  const cap = (ms: number): number => Math.min(ms, MAX_TIMER_MS);
  return { connectMs: cap(t.connectMs), headersMs: cap(t.headersMs), bodyMs: cap(t.bodyMs) };
}
