/**
 * A pasted curl command (parsed by the core's parseCurl) as the panel's form: which
 * operation its grant_type or endpoint names, and its parameters in the form's fields.
 * The client's own authentication replaces whatever authentication the paste carried
 * (that is the point of "send correctly with this client"), so client_id, secrets and
 * assertions are not carried over. Also the redacted rendition of what was read, shown
 * in the panel instead of the pasted text (which may hold secrets), and the way back
 * from that rendition to the values it hides. Pure (no vscode), tested in plain node.
 */
import { placeholderVariable, toCurl, type DraftRequest, type Endpoints, type HttpRequestRecord, type Param } from '../../core';
import { emptyDraft, type Draft, type PanelOperation } from '../../webview/protocol';

const GRANT_OPERATION: Record<string, PanelOperation> = {
  client_credentials: 'client_credentials',
  refresh_token: 'refresh_token',
  password: 'password',
  authorization_code: 'authorization_code',
  'urn:ietf:params:oauth:grant-type:jwt-bearer': 'jwt_bearer',
  'urn:ietf:params:oauth:grant-type:token-exchange': 'token_exchange',
  'urn:ietf:params:oauth:grant-type:device_code': 'device_code',
};

const ENDPOINT_OPERATION: Partial<Record<keyof Endpoints, PanelOperation>> = {
  introspection: 'introspect',
  revocation: 'revoke',
  userinfo: 'userinfo',
};

/** Parameters the client's own authentication (or the operation itself) sets. */
const NOT_CARRIED = new Set(['grant_type', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type']);

/** Form fields a parameter fills, per name (the rest become extra parameters). */
const FIELD_OF: Record<string, keyof Draft> = {
  scope: 'scope',
  audience: 'audience',
  token_type_hint: 'tokenTypeHint',
  subject_token_type: 'subjectTokenType',
  requested_token_type: 'requestedTokenType',
  actor_token_type: 'actorTokenType',
  username: 'username',
  password: 'password',
  prompt: 'prompt',
};

/** Secret parameters that go to the form's pasted-value fields (kept on the host, never shown). */
const PASTED_OF: Record<string, 'pastedToken' | 'pastedActorToken' | 'pastedAssertion'> = {
  token: 'pastedToken',
  refresh_token: 'pastedToken',
  subject_token: 'pastedToken',
  actor_token: 'pastedActorToken',
  assertion: 'pastedAssertion',
};

const normalise = (url: string): string =>
  url
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();

/** The operation a pasted request performs: its grant_type, else the endpoint its URL is (for the client's endpoints). */
export function operationOf(parsed: DraftRequest, endpoints: Endpoints): PanelOperation | undefined {
  const params = [...parsed.form, ...(parsed.query ?? [])];
  const grant = params.find((p) => p.name === 'grant_type')?.value;
  if (grant !== undefined) return GRANT_OPERATION[grant];
  const target = normalise(parsed.url);
  for (const [name, url] of Object.entries(endpoints) as [keyof Endpoints, string][]) {
    if (normalise(url) === target) return ENDPOINT_OPERATION[name];
  }
  return undefined;
}

/**
 * The form for a pasted request, or undefined when its operation is not one the panel
 * authors. `dropped` names what the client's authentication replaces.
 */
export function draftFromCurl(parsed: DraftRequest, endpoints: Endpoints): { draft: Draft; dropped: string[] } | undefined {
  const operation = operationOf(parsed, endpoints);
  if (!operation) return undefined;
  const draft = emptyDraft(operation);
  const dropped: string[] = [];
  const resources: string[] = [];
  if (parsed.headers.some((h) => h.name.toLowerCase() === 'authorization')) {
    if (operation === 'userinfo') {
      const bearer = /^\s*bearer\s+(\S+)/i.exec(parsed.headers.find((h) => h.name.toLowerCase() === 'authorization')!.value)?.[1];
      if (bearer) {
        draft.token = { source: 'pasted' };
        draft.pastedToken = bearer;
      }
    } else dropped.push('Authorization header');
  }
  for (const p of [...parsed.form, ...(parsed.query ?? [])]) {
    const field = FIELD_OF[p.name];
    const pasted = PASTED_OF[p.name];
    if (NOT_CARRIED.has(p.name)) {
      if (p.name !== 'grant_type') dropped.push(p.name);
    } else if (p.name === 'resource') {
      resources.push(p.value);
    } else if (pasted) {
      draft[pasted] = p.value;
      if (pasted === 'pastedToken') draft.token = { source: 'pasted' };
      else if (pasted === 'pastedActorToken') draft.actorToken = { source: 'pasted' };
      else draft.assertionSource = 'pasted';
    } else if (field === 'tokenTypeHint') {
      if (p.value === 'access_token' || p.value === 'refresh_token') draft.tokenTypeHint = p.value;
    } else if (field) {
      (draft as unknown as Record<string, string>)[field] = p.value;
    } else if (!p.secret) {
      draft.extra.push({ name: p.name, value: p.value });
    }
  }
  draft.resource = resources.join(' ');
  return { draft, dropped };
}

/** The request as a record toCurl renders and the panel shows (query parameters back in the URL). */
export function curlRecord(parsed: DraftRequest): HttpRequestRecord {
  let url = parsed.url;
  if (parsed.query?.length) url += `?${new URLSearchParams(parsed.query.map((q) => [q.name, q.value])).toString()}`;
  return { method: parsed.method === 'GET' ? 'GET' : 'POST', url, headers: parsed.headers, form: parsed.form };
}

/** What was read, as a curl command whose secret values are shell variables (`"$TOKEN"`): safe to show. */
export function redactedCurl(parsed: DraftRequest): string {
  return toCurl(curlRecord(parsed), { reveal: false });
}

/** The secret values of a parsed request, by the shell variable that stands for each in {@link redactedCurl}. */
export function hiddenValues(parsed: DraftRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of [...parsed.headers, ...parsed.form, ...(parsed.query ?? [])]) {
    if (!p.secret) continue;
    const scheme = p.name.toLowerCase() === 'authorization' ? /^(\w+)\s+(.*)$/.exec(p.value) : null;
    // The variable names toCurl uses for these values.
    if (scheme) out.set(scheme[1]!.toLowerCase() === 'basic' ? 'BASIC_CREDENTIALS' : 'ACCESS_TOKEN', scheme[2]!);
    else out.set(placeholderVariable(p.name), p.value);
  }
  return out;
}

/** A re-parsed rendition with its `$VARIABLE` values put back from `hidden` (values the user did not change). */
export function restoreHidden(parsed: DraftRequest, hidden: ReadonlyMap<string, string>): DraftRequest {
  const put = (p: Param): Param => {
    const whole = /^\$([A-Z0-9_]+)$/.exec(p.value)?.[1];
    if (whole && hidden.has(whole)) return { ...p, value: hidden.get(whole)!, secret: true };
    const scheme = /^(\w+)\s+\$([A-Z0-9_]+)$/.exec(p.value);
    if (scheme && hidden.has(scheme[2]!)) return { ...p, value: `${scheme[1]} ${hidden.get(scheme[2]!)!}`, secret: true };
    return p;
  };
  return {
    ...parsed,
    headers: parsed.headers.map(put),
    form: parsed.form.map(put),
    ...(parsed.query ? { query: parsed.query.map(put) } : {}),
  };
}
