/**
 * What the response says, read once: the OAuth error (JSON body or WWW-Authenticate),
 * status, headers, and a safe excerpt of the body.
 */
import { bodyExcerpt } from '../../http/excerpt';
import type { Exchange, HttpResponseRecord } from '../../types';

export interface OAuthErrorView {
  error: string;
  description?: string;
  uri?: string;
}

/** The OAuth error of an exchange, from its recorded error or the response itself. */
export function oauthErrorOf(exchange: Exchange | undefined): OAuthErrorView | undefined {
  if (!exchange) return undefined;
  const o = exchange.error?.oauth;
  if (o)
    return {
      error: o.error,
      ...(o.errorDescription ? { description: o.errorDescription } : {}),
      ...(o.errorUri ? { uri: o.errorUri } : {}),
    };
  const json = exchange.response?.json;
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const j = json as Record<string, unknown>;
    if (typeof j['error'] === 'string') {
      return {
        error: j['error'],
        ...(typeof j['error_description'] === 'string' ? { description: j['error_description'] } : {}),
        ...(typeof j['error_uri'] === 'string' ? { uri: j['error_uri'] } : {}),
      };
    }
  }
  return undefined;
}

/** Case-insensitive response header. */
export function responseHeader(r: HttpResponseRecord, name: string): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of Object.entries(r.headers)) if (k.toLowerCase() === n) return v;
  return undefined;
}

/** Evidence lines quoting the OAuth error. */
export function oauthEvidence(exchange: Exchange, e: OAuthErrorView): string[] {
  const status = exchange.response?.status ?? exchange.error?.status;
  return [
    `response: HTTP ${status ?? '?'}`,
    `error: ${e.error}`,
    ...(e.description ? [`error_description: ${JSON.stringify(e.description)}`] : []),
    ...(e.uri ? [`error_uri: ${e.uri}`] : []),
  ];
}

/** A short, single-line, escaped and masked excerpt of a body, in quotes (the core's one excerpt, SECURITY.md 18/19). */
export function excerpt(body: string): string {
  return `"${bodyExcerpt(body)}"`;
}

/** True when the body is an HTML page. */
export function isHtml(r: HttpResponseRecord): boolean {
  const ct = responseHeader(r, 'content-type') ?? '';
  return /text\/html|application\/xhtml/i.test(ct) || /^\s*(<!doctype html|<html|<head|<body)/i.test(r.body);
}
