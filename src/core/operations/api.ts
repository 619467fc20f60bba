/**
 * Calling an API (a resource server) with the client's current access token:
 * `Authorization: Bearer <token>`, or for a DPoP-bound token `Authorization: DPoP
 * <token>` with a proof carrying `ath` (RFC 9449 §7). A `use_dpop_nonce` challenge gets
 * its one retry at the send point; a 401 naming `resource_metadata` (RFC 9728) has that
 * document fetched so the diagnosis can say which server and scopes the API wants.
 */
import type { CallContext } from '../client-auth';
import { ConfigError } from '../errors';
import type { Exchange, HttpMethod, HttpResponseRecord, Param } from '../types';
import { HTTP_METHODS } from '../types';
import { parseChallenges } from '../http/www-authenticate';
import { runOperation, type OperationRequest } from './request';
import { fetchResourceMetadata } from './resource-metadata';

/** Inputs of {@link callApi}. */
export interface CallApiParams {
  /** Default GET. */
  method?: HttpMethod;
  url: string;
  /** Extra headers; `Authorization` and `DPoP` are the workbench's and are replaced. */
  headers?: Param[];
  /** A raw body (JSON, form, text); `content-type` defaults to JSON when it looks like JSON. */
  body?: string;
  accessToken: string;
  /** The token's `token_type`; `DPoP` presents it with a proof. */
  tokenType?: string;
}

/** What an API answered with a 2xx: the status and the body (parsed when JSON). */
export interface ApiResult {
  status: number;
  json?: unknown;
  text?: string;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'dpop']);

/**
 * Pure: the API request.
 * @throws ConfigError CONFIG_INVALID for an unknown method
 */
export function apiRequest(p: CallApiParams): OperationRequest {
  const method = p.method ?? 'GET';
  if (!HTTP_METHODS.includes(method))
    throw new ConfigError('CONFIG_INVALID', `Unknown HTTP method "${String(method)}"; use ${HTTP_METHODS.join(', ')}.`);
  const headers = (p.headers ?? []).filter((h) => !CREDENTIAL_HEADERS.has(h.name.toLowerCase()));
  const body = p.body !== undefined && p.body !== '' ? p.body : undefined;
  if (body !== undefined && !headers.some((h) => h.name.toLowerCase() === 'content-type')) {
    const t = body.trim();
    if (t.startsWith('{') || t.startsWith('[')) headers.push({ name: 'content-type', value: 'application/json' });
  }
  return {
    operation: 'api',
    endpoint: 'resource',
    url: p.url,
    method,
    credentialed: false,
    form: [],
    headers,
    ...(body !== undefined ? { body } : {}),
    accessToken: { token: p.accessToken, ...(p.tokenType ? { tokenType: p.tokenType } : {}) },
  };
}

function apiResult(r: HttpResponseRecord): ApiResult {
  return r.json !== undefined ? { status: r.status, json: r.json } : { status: r.status, text: r.body };
}

/**
 * Calls the API with the token. Resolves an Exchange like every operation: `result`
 * for a 2xx, `error` otherwise (the `WWW-Authenticate` error when there is one), and
 * `resourceMetadata` when a 401 names RFC 9728 metadata.
 * @throws ConfigError | KeyError — input errors found before anything was sent
 */
export async function callApi(ctx: CallContext, p: CallApiParams): Promise<Exchange<ApiResult>> {
  const ex = await runOperation(ctx, apiRequest(p), apiResult);
  const challenges = ex.response?.status === 401 ? parseChallenges(ex.response.headers['www-authenticate']) : [];
  const metadataUrl = challenges.find((c) => c.params['resource_metadata'])?.params['resource_metadata'];
  if (!metadataUrl) return ex;
  let resolved: string;
  try {
    resolved = new URL(metadataUrl, ex.request.url).toString();
  } catch {
    return { ...ex, resourceMetadata: { url: metadataUrl, problem: 'resource_metadata is not a URL' } };
  }
  const { dispatcher, timeouts, signal, maxResponseBytes } = ctx.http ?? {};
  const lookup = await fetchResourceMetadata(resolved, ex.request.url, {
    http: {
      ...(dispatcher ? { dispatcher } : {}),
      ...(timeouts ? { timeouts } : {}),
      ...(signal ? { signal } : {}),
      ...(maxResponseBytes ? { maxResponseBytes } : {}),
    },
    ...(ctx.profile.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
  });
  return { ...ex, resourceMetadata: lookup };
}
