/**
 * "Copy as curl" of a recorded exchange, for the command and the panel alike.
 * Redacted (default): secrets are shell variables, and comment lines above the command
 * say how to fill each one. With secrets: a client assertion is single use and short
 * lived, so replaying the one that was sent fails — a FRESH assertion is signed now,
 * by the core's one client-authentication path, for the same endpoint and `aud`.
 */
import {
  applyClientAuth,
  resolveEndpoints,
  toCurl,
  WorkbenchError,
  type CredentialedEndpoint,
  type Exchange,
  type HttpRequestRecord,
} from '../core';
import type { HistoryRecord } from './history/history-record';
import type { WorkbenchProfile } from './profiles/profile-store';
import type { ShellServices } from './services';

export interface CurlCopy {
  text: string;
  /** One sentence for the notification. */
  note: string;
}

/** The endpoints that authenticate the client (and so may carry an assertion). */
export const ASSERTION_ENDPOINTS: CredentialedEndpoint[] = [
  'token',
  'introspection',
  'revocation',
  'pushed_authorization_request',
  'device_authorization',
];

/** How to fill each shell variable of a redacted copy. */
function fillHints(r: HttpRequestRecord, profile: WorkbenchProfile): string[] {
  const names = new Set([...r.headers, ...(r.form ?? [])].filter((p) => p.secret).map((p) => p.name.toLowerCase()));
  const basic = r.headers.some((h) => h.secret && /^basic\s/i.test(h.value));
  const hints: string[] = [];
  if (names.has('client_assertion'))
    hints.push(
      `# CLIENT_ASSERTION: a fresh client assertion of "${profile.name}" — run "OAuth: Copy Client Assertion" right before this command (valid 60 s, single use): export CLIENT_ASSERTION='<paste>'`,
    );
  if (names.has('client_secret')) hints.push(`# CLIENT_SECRET: the client secret of "${profile.name}"`);
  if (basic)
    hints.push(
      `# BASIC_CREDENTIALS: base64 of client_id:client_secret (each form-urlencoded first), e.g. $(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64)`,
    );
  if (names.has('token')) hints.push('# TOKEN: the token to send — "OAuth: Copy Access Token" copies the current one');
  if (r.headers.some((h) => h.secret && /^bearer\s/i.test(h.value)))
    hints.push('# ACCESS_TOKEN: an access token — "OAuth: Copy Access Token"');
  return hints;
}

/** The endpoint a request went to, as the core names it (by URL, among the client's endpoints). */
function endpointOf(url: string, profile: WorkbenchProfile, s: ShellServices): CredentialedEndpoint {
  const endpoints = resolveEndpoints(profile, s.session.metadata(profile.id));
  return ASSERTION_ENDPOINTS.find((e) => endpoints[e] === url) ?? 'token';
}

/**
 * The curl command of `record`. `raw` is its unredacted exchange while memory holds it.
 * @throws WorkbenchError when secrets are asked for but the request's other secrets (a token) are no longer kept.
 */
export async function curlForCopy(
  s: ShellServices,
  profile: WorkbenchProfile,
  record: HistoryRecord,
  raw: Exchange | undefined,
  reveal: boolean,
): Promise<CurlCopy> {
  if (!reveal) {
    const request = record.exchange.request;
    const hints = fillHints(request, profile);
    return {
      text: [...hints, toCurl(request, { reveal: false })].join('\n'),
      note: hints.some((h) => h.startsWith('# CLIENT_ASSERTION'))
        ? 'Copied the curl command: secrets are shell variables; the lines above it say how to fill them ($CLIENT_ASSERTION: a fresh assertion, valid 60 s, single use).'
        : 'Copied the curl command: secrets are shell variables; the lines above it say how to fill them.',
    };
  }
  if (!raw) {
    throw new WorkbenchError(
      'TOKEN_MISSING',
      'The secrets of that request are not kept (the history is redacted; values stay only while the window is open): send it again, then copy.',
    );
  }
  if (!raw.assertion) return { text: toCurl(raw, { reveal: true }), note: 'Copied the curl command with its secrets.' };
  // A fresh assertion for the same endpoint and aud, signed by the core's client authentication.
  const aud = raw.assertion.claims.aud;
  const asSent: WorkbenchProfile = typeof aud === 'string' ? { ...profile, audience: 'custom', customAudience: aud } : profile;
  const p = s.runner.coreProfile(asSent);
  const { ctx } = await s.runner.callContext(p, undefined, { interactive: true });
  const { request, assertion } = await applyClientAuth(raw.request, endpointOf(raw.request.url, profile, s), ctx);
  const lifetime =
    typeof assertion?.claims.exp === 'number' && typeof assertion.claims.iat === 'number'
      ? assertion.claims.exp - assertion.claims.iat
      : 60;
  return {
    text: toCurl(request, { reveal: true }),
    note: `Copied the curl command with its secrets and a NEW client assertion signed just now: valid ${lifetime} s, single use — run it once, within that time.`,
  };
}
