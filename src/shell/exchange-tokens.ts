/**
 * The tokens an exchange's response carries (token fields of a JSON body, or a JWT
 * body as in RFC 9701 / userinfo JWT responses). Read by the panel (follow-ups,
 * decoding) and the history (decoded claims are kept, never the tokens). Pure.
 */
import type { Exchange } from '../core';

export type FoundTokenKind = 'access_token' | 'refresh_token' | 'id_token' | 'response_jwt';

/** A token found in a response, with its raw value (host-only) and where it came from. */
export interface FoundToken {
  kind: FoundTokenKind;
  value: string;
}

const JWT_CONTENT_TYPE = /application\/(token-introspection\+)?jwt/i;

/** Tokens an exchange's response carries: token fields of a JSON body, or a JWT body (RFC 9701 / userinfo JWT). */
export function findTokens(x: Exchange): FoundToken[] {
  const out: FoundToken[] = [];
  const json = x.response?.json;
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    for (const kind of ['access_token', 'refresh_token', 'id_token'] as const) {
      const v = (json as Record<string, unknown>)[kind];
      if (typeof v === 'string' && v !== '') out.push({ kind, value: v });
    }
  }
  const ct = x.response?.headers['content-type'] ?? '';
  if (x.response && JWT_CONTENT_TYPE.test(ct) && x.response.body.trim() !== '')
    out.push({ kind: 'response_jwt', value: x.response.body.trim() });
  return out;
}

/** True when the user cancelled the exchange (not a failure of the server or the network). */
export function isCancelled(x: Exchange): boolean {
  return x.error?.code === 'HTTP_ABORTED' || x.error?.code === 'FLOW_CANCELLED';
}

/** A finished exchange that got a non-error HTTP answer (what the panel shows as ok). */
export function isOk(raw: Exchange): boolean {
  return !raw.error && raw.response !== undefined && raw.response.status < 400;
}
