/**
 * Pushed Authorization Requests (RFC 9126): the authorization parameters are POSTed to
 * the PAR endpoint with the client's authentication (the same one mechanism as every
 * credentialed endpoint); the browser then only carries `client_id` and `request_uri`.
 */
import type { CallContext } from '../client-auth';
import { ResponseError } from '../errors';
import { bodyExcerpt } from '../http/excerpt';
import type { Exchange, HttpResponseRecord, Param } from '../types';
import { jsonObject } from './parse';
import { appendExtra, runOperation, type OperationRequest } from './request';

/** RFC 9126 §2.2 success response. */
export interface ParResult {
  request_uri: string;
  expires_in: number;
}

/** Pure: the PAR request carrying the authorization parameters (client auth is added when prepared). */
export function parRequest(authorizationParams: Param[]): OperationRequest {
  return {
    operation: 'par',
    endpoint: 'pushed_authorization_request',
    method: 'POST',
    credentialed: true,
    form: appendExtra([], authorizationParams),
    headers: [],
  };
}

/** Validates an RFC 9126 response: `request_uri` string, `expires_in` number. */
export function parseParResponse(r: HttpResponseRecord): ParResult {
  const o = jsonObject(r, 'pushed authorization response');
  if (typeof o['request_uri'] !== 'string' || o['request_uri'] === '') {
    throw new ResponseError(
      'RESPONSE_INVALID',
      'The pushed authorization response has no "request_uri" string (RFC 9126 §2.2).',
      bodyExcerpt(r.body),
    );
  }
  if (typeof o['expires_in'] !== 'number' || !Number.isFinite(o['expires_in'])) {
    throw new ResponseError(
      'RESPONSE_INVALID',
      'The pushed authorization response has no numeric "expires_in" (RFC 9126 §2.2).',
      bodyExcerpt(r.body),
    );
  }
  return { request_uri: o['request_uri'], expires_in: o['expires_in'] };
}

/** Pushes the authorization parameters; resolves an Exchange (never rejects for HTTP/OAuth failures). */
export function pushAuthorizationRequest(ctx: CallContext, authorizationParams: Param[]): Promise<Exchange<ParResult>> {
  return runOperation(ctx, parRequest(authorizationParams), parseParResponse);
}
