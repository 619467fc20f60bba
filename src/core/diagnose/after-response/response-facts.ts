/**
 * What the response says, read once: the OAuth error from any common error shape
 * (through the core's one normaliser, readServerAnswer), status, headers, and a safe
 * excerpt of the body.
 */
import { readServerAnswer, type ServerAnswer } from '../../operations/server-answer';
import { bodyExcerpt } from '../../http/excerpt';
import type { Exchange, HttpResponseRecord } from '../../types';
import { isCredentialed, type RuleContext } from '../context';

export interface OAuthErrorView {
  error: string;
  description?: string;
  uri?: string;
  /** The normalised answer it was read from (absent for a recorded error without response). */
  answer?: ServerAnswer;
  /** Set when the server named no code and the code is inferred (e.g. a bare 401 at a credentialed endpoint). */
  implied?: string;
}

/** The OAuth error of an exchange, from its response (any shape) or its recorded error. */
export function oauthErrorOf(exchange: Exchange | undefined): OAuthErrorView | undefined {
  if (!exchange) return undefined;
  const r = exchange.response;
  if (r && (r.status < 200 || r.status >= 300)) {
    const a = readServerAnswer(r);
    if (a.error)
      return { error: a.error, ...(a.description ? { description: a.description } : {}), ...(a.uri ? { uri: a.uri } : {}), answer: a };
  }
  const o = exchange.error?.oauth;
  if (o)
    return {
      error: o.error,
      ...(o.errorDescription ? { description: o.errorDescription } : {}),
      ...(o.errorUri ? { uri: o.errorUri } : {}),
    };
  return undefined;
}

/**
 * The error the diagnosis works on: what the server named, or — for a 401 from an
 * endpoint that authenticates the client, with no code in any shape (passport's
 * `Unauthorized`, Spring's empty body with a Basic challenge) — an implied invalid_client.
 */
export function serverErrorOf(ctx: RuleContext): OAuthErrorView | undefined {
  const named = oauthErrorOf(ctx.exchange);
  if (named) return named;
  const r = ctx.exchange?.response;
  if (!r || r.status !== 401 || !isCredentialed(ctx)) return undefined;
  const a = readServerAnswer(r);
  if (a.shape === 'html') return undefined;
  return {
    error: 'invalid_client',
    ...(a.description ? { description: a.description } : {}),
    answer: a,
    implied: `HTTP 401 from the ${ctx.endpoint ?? ''} endpoint without an OAuth error code (${a.source}): read as a failed client authentication (RFC 6749 §5.2)`,
  };
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
  const shape = e.answer && e.answer.shape !== 'oauth-json' ? [`read from: ${e.answer.source}`] : [];
  const challenges = e.answer?.challenges.length
    ? [
        `WWW-Authenticate: ${e.answer.challenges.map((c) => `${c.scheme}${c.params['realm'] !== undefined ? ` realm="${c.params['realm']}"` : ''}`).join(', ')}`,
      ]
    : [];
  return [
    `response: HTTP ${status ?? '?'}`,
    ...(e.implied ? [e.implied] : [`error: ${e.error}`]),
    ...shape,
    ...challenges,
    ...(e.description ? [`${saidLabel(e)}: ${JSON.stringify(e.description)}`] : []),
    ...(e.uri ? [`error_uri: ${e.uri}`] : []),
  ];
}

function saidLabel(e: OAuthErrorView): string {
  const shape = e.answer?.shape;
  return shape === undefined || shape === 'oauth-json' || shape === 'form' || shape === 'www-authenticate'
    ? 'error_description'
    : 'server said';
}

/** A short, single-line, escaped and masked excerpt of a body, in quotes (the core's one excerpt, SECURITY.md 18/19). */
export function excerpt(body: string): string {
  return `"${bodyExcerpt(body)}"`;
}

/** The first characters of a body, the only part the rules scan (linear, bounded work at the cap). */
export function head(body: string, n = 4096): string {
  return body.length > n ? body.slice(0, n) : body;
}

/** True when the body has no text (judged on its first 4 KiB: a body blank that far is blank for the diagnosis). */
export function isBlank(body: string): boolean {
  return !/\S/.test(head(body));
}

/** True when the body is an HTML page. */
export function isHtml(r: HttpResponseRecord): boolean {
  const ct = responseHeader(r, 'content-type') ?? '';
  return /text\/html|application\/xhtml/i.test(ct) || /^\s*(<!doctype html|<html|<head|<body)/i.test(head(r.body, 1024));
}
