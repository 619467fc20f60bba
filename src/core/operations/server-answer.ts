/**
 * One normalised view of what a server answered, whatever the shape of its error:
 * RFC 6749 JSON, a bare JSON string, a nested `{"error":{"code":…}}`, a list
 * (`{"errors":[…]}`), RFC 9457 problem+json, text/plain, a form-encoded body, only a
 * WWW-Authenticate challenge, or nothing at all. The diagnosis and errorFromResponse
 * both read this; the raw body stays on the response record untouched.
 *
 * Linear time: bodies are read through the JSON the transport already parsed, or cut to
 * {@link MAX_TEXT_CHARS} before any scan; no pattern here can backtrack.
 */
import { parseChallenges, primaryChallenge, type AuthChallenge } from '../http/www-authenticate';
import type { HttpResponseRecord } from '../types';

/** Where the error in a {@link ServerAnswer} was read from. */
export type AnswerShape =
  | 'oauth-json'
  | 'json-string'
  | 'json-nested'
  | 'json-list'
  | 'problem-json'
  | 'json-other'
  | 'form'
  | 'text'
  | 'html'
  | 'www-authenticate'
  | 'empty';

/** What the server said, normalised. */
export interface ServerAnswer {
  status: number;
  /** The OAuth error code when the server named one (`invalid_client`), from any shape. */
  error?: string;
  /** The server's own words: error_description, problem `detail`, a message, or a plain-text body (cut). */
  description?: string;
  uri?: string;
  shape: AnswerShape;
  /** Every WWW-Authenticate challenge. */
  challenges: AuthChallenge[];
  /** Human name of the shape, e.g. `JSON body with "error" as a nested object`. */
  source: string;
}

/** Text bodies are cut to this many characters before they are scanned. */
export const MAX_TEXT_CHARS = 4096;
/** error_description and friends are cut to this many characters. */
const MAX_DESCRIPTION_CHARS = 1000;

// An RFC 6749 error code: a short word of lower-case letters, digits and _ . - :
// (HTTP reason phrases like "Unauthorized" and sentences are not codes).
const ERROR_CODE = /^[a-z][a-z0-9_.:-]{2,63}$/;

const SOURCES: Record<AnswerShape, string> = {
  'oauth-json': 'JSON body (RFC 6749 error response)',
  'json-string': 'JSON body that is a bare string',
  'json-nested': 'JSON body with "error" as a nested object',
  'json-list': 'JSON body with a list of errors',
  'problem-json': 'RFC 9457 problem details (application/problem+json)',
  'json-other': 'JSON body without an OAuth error',
  form: 'form-encoded body',
  text: 'plain-text body',
  html: 'HTML page',
  'www-authenticate': 'WWW-Authenticate header only',
  empty: 'empty body',
};

/** Reads any response into a {@link ServerAnswer}. Never throws. */
export function readServerAnswer(r: HttpResponseRecord): ServerAnswer {
  const challenges = parseChallenges(r.headers['www-authenticate']);
  const fromBody = fromJson(r) ?? fromText(r);
  const www = primaryChallenge(challenges)?.params;
  let a: Omit<ServerAnswer, 'status' | 'challenges' | 'source'> = fromBody;
  if (!a.error && www?.['error']) {
    a = {
      error: www['error'],
      ...(www['error_description'] ? { description: cut(www['error_description']) } : a.description ? { description: a.description } : {}),
      ...(www['error_uri'] ? { uri: www['error_uri'] } : {}),
      shape: a.shape === 'empty' || a.shape === 'text' ? 'www-authenticate' : a.shape,
    };
  }
  const shape = a.shape === 'empty' && challenges.length ? 'www-authenticate' : a.shape;
  return { status: r.status, ...a, shape, challenges, source: SOURCES[shape] };
}

type BodyAnswer = Omit<ServerAnswer, 'status' | 'challenges' | 'source'>;

function fromJson(r: HttpResponseRecord): BodyAnswer | undefined {
  const j = r.json;
  if (j === undefined) return undefined;
  if (typeof j === 'string') return { shape: 'json-string', ...codeOrWords(j) };
  if (j === null || typeof j !== 'object') return { shape: 'json-other' };
  if (Array.isArray(j)) return fromList(j) ?? { shape: 'json-other' };
  const o = j as Record<string, unknown>;
  const problem = /application\/problem\+json/i.test(r.headers['content-type'] ?? '') || (typeof o['type'] === 'string' && 'detail' in o);
  const err = o['error'];
  if (typeof err === 'string' && ERROR_CODE.test(err.trim())) {
    return {
      shape: problem ? 'problem-json' : 'oauth-json',
      error: err.trim(),
      ...words(o['error_description'] ?? o['detail'] ?? o['message']),
      ...(typeof o['error_uri'] === 'string' ? { uri: o['error_uri'] } : {}),
    };
  }
  if (err !== null && typeof err === 'object' && !Array.isArray(err))
    return { shape: 'json-nested', ...fromObject(err as Record<string, unknown>) };
  const list = Array.isArray(err) ? err : Array.isArray(o['errors']) ? (o['errors'] as unknown[]) : undefined;
  if (list) return fromList(list) ?? { shape: 'json-list' };
  if (problem) {
    const code = codeFromProblemType(o['type']);
    return {
      shape: 'problem-json',
      ...(code ? { error: code } : {}),
      ...words(o['detail'] ?? o['title']),
      ...(typeof o['type'] === 'string' && /^https?:/.test(o['type']) ? { uri: o['type'] } : {}),
    };
  }
  // Okta's management-API shape ({errorCode, errorSummary}), Spring's ({error: "Unauthorized", message}) and the like.
  const other = fromObject(o);
  return { shape: 'json-other', ...other, ...(typeof err === 'string' && !other.description ? words(err) : {}) };
}

/** `{code|error|error_code|errorCode|type, message|description|error_description|detail|errorSummary}`. */
function fromObject(o: Record<string, unknown>): Pick<BodyAnswer, 'error' | 'description'> {
  let error: string | undefined;
  for (const k of ['error', 'code', 'error_code', 'errorCode', 'type']) {
    const v = o[k];
    if (typeof v === 'string' && ERROR_CODE.test(v.trim())) {
      error = v.trim();
      break;
    }
  }
  const d = ['error_description', 'description', 'message', 'detail', 'errorSummary', 'title']
    .map((k) => o[k])
    .find((v) => typeof v === 'string' && v.trim() !== '');
  return { ...(error ? { error } : {}), ...words(d) };
}

function fromList(list: unknown[]): BodyAnswer | undefined {
  const first = list[0];
  if (typeof first === 'string') return { shape: 'json-list', ...codeOrWords(first) };
  if (first !== null && typeof first === 'object' && !Array.isArray(first))
    return { shape: 'json-list', ...fromObject(first as Record<string, unknown>) };
  return undefined;
}

function fromText(r: HttpResponseRecord): BodyAnswer {
  const text = r.body.length > MAX_TEXT_CHARS ? r.body.slice(0, MAX_TEXT_CHARS) : r.body;
  const t = text.trim();
  if (t === '') return { shape: 'empty' };
  const ct = (r.headers['content-type'] ?? '').toLowerCase();
  if (/text\/html|application\/xhtml/.test(ct) || /^<(!doctype html|html|head|body)/i.test(t)) return { shape: 'html' };
  if (/application\/x-www-form-urlencoded/.test(ct) || /^error=/.test(t)) {
    const p = new URLSearchParams(t);
    const e = p.get('error')?.trim();
    if (e && ERROR_CODE.test(e)) {
      return {
        shape: 'form',
        error: e,
        ...words(p.get('error_description') ?? undefined),
        ...(p.get('error_uri') ? { uri: p.get('error_uri') ?? '' } : {}),
      };
    }
  }
  return { shape: 'text', ...codeOrWords(t) };
}

/** A bare string is a code when it looks like one, otherwise the server's words. */
function codeOrWords(s: string): Pick<BodyAnswer, 'error' | 'description'> {
  const t = s.trim();
  return ERROR_CODE.test(t) ? { error: t } : words(t);
}

function words(v: unknown): Pick<BodyAnswer, 'description'> {
  return typeof v === 'string' && v.trim() !== '' ? { description: cut(v.trim()) } : {};
}

function cut(s: string): string {
  return s.length > MAX_DESCRIPTION_CHARS ? `${s.slice(0, MAX_DESCRIPTION_CHARS)}…` : s;
}

/** `https://example.com/probs/invalid-client` → `invalid_client` when the last segment is an OAuth-style code. */
function codeFromProblemType(type: unknown): string | undefined {
  if (typeof type !== 'string' || type.length > 500) return undefined;
  const last = type.split(/[/#:]/).pop()?.toLowerCase().replace(/-/g, '_');
  return last &&
    /^(invalid|unauthorized|unsupported|access|server|temporarily|insufficient|use_dpop|interaction|login|consent)_[a-z_]+$/.test(last)
    ? last
    : undefined;
}
