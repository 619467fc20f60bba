/**
 * The facts every rule reads, computed once per diagnosis: which endpoint the
 * request targets, how it authenticates the client, the decoded assertion, the
 * provider, and the clock.
 */
import { decodeJwt } from '../crypto/jwt';
import type {
  ClientAuthMethod,
  ClientProfile,
  CredentialedEndpoint,
  Endpoints,
  Exchange,
  Operation,
  Param,
  ServerMetadata,
} from '../types';
import { formValue, headerValue, isPlaceholder, queryValue, safeDecode, type DraftRequest } from './draft';
import { detectProvider, type ProviderInfo } from './providers';

/**
 * Non-secret facts about the client's key or secret, for checks the draft alone
 * cannot make (the shell derives them from SecretStorage without passing the secret).
 */
export interface KeyFacts {
  /** Key type of the private key (`oct` for a client secret used with HS*). */
  kty?: 'RSA' | 'EC' | 'OKP' | 'oct';
  crv?: string;
  /** Length of the client secret in bytes (UTF-8). */
  secretBytes?: number;
  /** The mTLS client certificate, when the profile holds one. */
  clientCertificate?: CertificateFacts;
  /** The certificate of the signing key (x5t headers), when the profile holds one. */
  signingCertificate?: CertificateFacts;
}

/** Non-secret facts about a stored certificate (see `certificateFacts`). */
export interface CertificateFacts {
  subjectDn: string;
  subjectAltNames: string[];
  notBefore: string;
  notAfter: string;
  x5tS256: string;
  /** False when the stored key is not the certificate's; undefined when not checked. */
  keyMatches?: boolean;
}

/** What the request presents as client authentication. */
export type PresentedMethod = ClientAuthMethod | 'jwt' | 'bearer';

export interface AssertionView {
  /** Length of the raw value (the value itself is never shown). */
  length: number;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  /** Why it could not be decoded. */
  error?: string;
  /** A placeholder such as `{client_assertion}` or a redacted value: not checked. */
  placeholder: boolean;
}

export interface BasicView {
  clientId?: string;
  secretBytes?: number;
  /** Why the header is malformed. */
  problem?: string;
  /** Raw id/secret contain characters RFC 6749 §2.3.1 requires to be form-encoded first. */
  notFormEncoded?: string[];
}

/**
 * A call the same client made successfully a short while ago (the shell supplies them
 * from its history): evidence that rules causes out — a client that just got a token with
 * client_secret_basic is registered, and that method works for it.
 */
export interface RecentSuccess {
  clientId: string;
  /** How that call authenticated the client. */
  authMethod: ClientAuthMethod;
  /** Which endpoint answered 2xx. */
  endpoint?: keyof Endpoints;
  /** When (ISO time); informational. */
  at?: string;
}

export interface RuleContext {
  draft: DraftRequest;
  endpoint?: keyof Endpoints;
  /** Known endpoint URLs (profile overrides win over metadata). */
  urls: Partial<Record<keyof Endpoints, string>>;
  issuer?: string;
  /** Without profile and metadata: the issuer the URL implies (Okta, Keycloak, Entra path shapes), never shown as known. */
  inferredIssuer?: string;
  profile?: ClientProfile;
  metadata?: ServerMetadata;
  provider: ProviderInfo;
  /** Client authentication methods the request presents (empty: nothing at all). */
  methods: PresentedMethod[];
  basic?: BasicView;
  assertion?: AssertionView;
  /** Local clock, epoch seconds. */
  now: number;
  key?: KeyFacts;
  exchange?: Exchange;
  recentSuccesses?: RecentSuccess[];
}

export const CREDENTIALED: readonly (keyof Endpoints)[] = [
  'token',
  'introspection',
  'revocation',
  'pushed_authorization_request',
  'device_authorization',
] satisfies CredentialedEndpoint[];

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Human name of an endpoint, for titles. */
export function endpointLabel(e: keyof Endpoints | undefined): string {
  switch (e) {
    case 'token':
      return 'token';
    case 'introspection':
      return 'introspection';
    case 'revocation':
      return 'revocation';
    case 'pushed_authorization_request':
      return 'pushed authorization (PAR)';
    case 'device_authorization':
      return 'device authorization';
    case 'userinfo':
      return 'userinfo';
    case 'authorization':
      return 'authorization';
    case 'jwks_uri':
      return 'JWKS';
    default:
      return 'this';
  }
}

export interface ContextInput {
  draft: DraftRequest;
  exchange?: Exchange;
  profile?: ClientProfile;
  metadata?: ServerMetadata;
  endpoint?: keyof Endpoints;
  now: number;
  key?: KeyFacts;
  recentSuccesses?: RecentSuccess[];
}

export function buildContext(input: ContextInput): RuleContext {
  const { draft, profile, metadata } = input;
  const urls = knownUrls(profile, metadata);
  const issuer = metadata?.issuer ?? profile?.issuer;
  const endpoint = input.endpoint ?? inferEndpoint(draft, urls, input.exchange?.operation);
  const inferred = issuer ? undefined : issuerFromEndpointUrl(draft.url);
  const ctx: RuleContext = {
    draft,
    urls,
    provider: detectProvider(issuer ?? inferred),
    methods: [],
    now: input.now,
  };
  if (endpoint) ctx.endpoint = endpoint;
  if (issuer) ctx.issuer = issuer;
  if (inferred) ctx.inferredIssuer = inferred;
  if (profile) ctx.profile = profile;
  if (metadata) ctx.metadata = metadata;
  if (input.key) ctx.key = input.key;
  if (input.exchange) ctx.exchange = input.exchange;
  if (input.recentSuccesses?.length) ctx.recentSuccesses = input.recentSuccesses;

  const assertionParam = draft.form.find((p) => p.name === 'client_assertion');
  if (assertionParam) ctx.assertion = viewAssertion(assertionParam, input.exchange, input.now);
  const basic = basicView(draft.headers);
  if (basic) ctx.basic = basic;
  ctx.methods = presentedMethods(draft, ctx.assertion, basic);
  return ctx;
}

function knownUrls(profile?: ClientProfile, metadata?: ServerMetadata): Partial<Record<keyof Endpoints, string>> {
  const out: Partial<Record<keyof Endpoints, string>> = {};
  const fromMeta: Record<keyof Endpoints, string | undefined> = {
    authorization: metadata?.authorization_endpoint,
    token: metadata?.token_endpoint,
    introspection: metadata?.introspection_endpoint,
    revocation: metadata?.revocation_endpoint,
    userinfo: metadata?.userinfo_endpoint,
    jwks_uri: metadata?.jwks_uri,
    pushed_authorization_request: metadata?.pushed_authorization_request_endpoint,
    device_authorization: metadata?.device_authorization_endpoint,
  };
  for (const k of Object.keys(fromMeta) as (keyof Endpoints)[]) {
    const v = profile?.endpoints?.[k] ?? fromMeta[k];
    if (typeof v === 'string' && v) out[k] = v;
  }
  return out;
}

/**
 * The issuer an endpoint URL implies by its well-known path shape: Okta
 * (`/oauth2/v1/…` → the org server, `/oauth2/<id>/v1/…` → that custom server), Keycloak
 * (`/realms/<realm>/protocol/openid-connect/…`), Entra ID (`/<tenant>/oauth2/v2.0/…`).
 */
export function issuerFromEndpointUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const p = u.pathname;
  if (/^\/oauth2\/v1\//.test(p)) return u.origin;
  const okta = /^(\/oauth2\/[^/]+)\/v1\//.exec(p);
  if (okta) return `${u.origin}${okta[1] ?? ''}`;
  const kc = /^(.*\/realms\/[^/]+)\/protocol\/openid-connect\//.exec(p);
  if (kc) return `${u.origin}${kc[1] ?? ''}`;
  const entra = /^\/([^/]+)\/oauth2\/v2\.0\//.exec(p);
  if (entra && /microsoftonline/.test(u.hostname)) return `${u.origin}/${entra[1] ?? ''}/v2.0`;
  return undefined;
}

/** Comparable form of a URL: lower-case scheme and host, no trailing slash, no query. */
export function normaliseUrl(u: string): string {
  try {
    const x = new URL(u);
    return `${x.protocol}//${x.host}${x.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return u
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .toLowerCase();
  }
}

const OPERATION_ENDPOINT: Partial<Record<Operation, keyof Endpoints>> = {
  client_credentials: 'token',
  refresh_token: 'token',
  jwt_bearer: 'token',
  token_exchange: 'token',
  password: 'token',
  authorization_code: 'token',
  device_code: 'token',
  device_authorization: 'device_authorization',
  par: 'pushed_authorization_request',
  introspect: 'introspection',
  revoke: 'revocation',
  userinfo: 'userinfo',
  jwks: 'jwks_uri',
};

function inferEndpoint(draft: DraftRequest, urls: Partial<Record<keyof Endpoints, string>>, op?: Operation): keyof Endpoints | undefined {
  const target = normaliseUrl(draft.url);
  for (const [k, v] of Object.entries(urls) as [keyof Endpoints, string][]) {
    if (normaliseUrl(v) === target) return k;
  }
  if (op && OPERATION_ENDPOINT[op]) return OPERATION_ENDPOINT[op];
  const path = (() => {
    try {
      return new URL(draft.url).pathname.toLowerCase();
    } catch {
      return draft.url.toLowerCase();
    }
  })();
  if (/introspect/.test(path)) return 'introspection';
  if (/revoke|revocation/.test(path)) return 'revocation';
  if (/userinfo/.test(path)) return 'userinfo';
  if (/(^|\/)(par|request)$/.test(path) || /pushed/.test(path)) return 'pushed_authorization_request';
  if (/device(_authorization|\/code|authorization)?$/.test(path) || /devicecode/.test(path)) return 'device_authorization';
  if (/(^|\/)(jwks|certs|keys)(\.json)?$/.test(path)) return 'jwks_uri';
  if (/(^|\/)(authorize|auth)$/.test(path)) return 'authorization';
  if (/token$/.test(path)) return 'token';
  if (formValue(draft, 'grant_type') !== undefined) return 'token';
  return undefined;
}

function viewAssertion(p: Param, exchange: Exchange | undefined, now: number): AssertionView {
  const value = p.value.trim();
  const view: AssertionView = { length: value.length, placeholder: false };
  if (value === '') return { ...view, error: 'empty' };
  if (isPlaceholder(value) || /redacted|\*{3,}/i.test(value)) {
    // A redacted record still carries the decoded assertion the engine used.
    if (exchange?.assertion) return { ...view, header: exchange.assertion.header, claims: exchange.assertion.claims };
    return { ...view, placeholder: true };
  }
  try {
    const d = decodeJwt(value, now);
    return { ...view, header: d.header, claims: d.claims };
  } catch (e) {
    if (exchange?.assertion) return { ...view, header: exchange.assertion.header, claims: exchange.assertion.claims };
    return { ...view, error: e instanceof Error ? e.message : String(e) };
  }
}

function basicView(headers: Param[]): BasicView | undefined {
  const auth = headerValue(headers, 'authorization');
  if (!auth || !/^basic\b/i.test(auth)) return undefined;
  const token = auth.replace(/^basic\s*/i, '').trim();
  if (isPlaceholder(token)) return {};
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token) || token.length % 4 === 1) return { problem: 'the value after "Basic" is not base64' };
  const text = Buffer.from(token, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon === -1) return { problem: 'the decoded value has no ":" between client_id and client_secret' };
  const rawId = text.slice(0, colon);
  const rawSecret = text.slice(colon + 1);
  const view: BasicView = { clientId: safeDecode(rawId), secretBytes: Buffer.byteLength(safeDecode(rawSecret)) };
  if (rawSecret === '') view.problem = 'the client_secret part is empty';
  // Servers following RFC 6749 §2.3.1 form-decode both parts: a raw "+" becomes a space
  // and a stray "%" breaks decoding, so such a secret no longer matches.
  const changesWhenDecoded = (s: string) => /\+/.test(s) || /%(?![0-9A-Fa-f]{2})/.test(s);
  const bad: string[] = [];
  if (changesWhenDecoded(rawId)) bad.push('client_id');
  if (changesWhenDecoded(rawSecret)) bad.push('client_secret');
  if (bad.length) view.notFormEncoded = bad;
  return view;
}

function presentedMethods(draft: DraftRequest, assertion: AssertionView | undefined, basic: BasicView | undefined): PresentedMethod[] {
  const m: PresentedMethod[] = [];
  const auth = headerValue(draft.headers, 'authorization');
  if (basic) m.push('client_secret_basic');
  else if (auth && /^bearer\b/i.test(auth)) m.push('bearer');
  if (formValue(draft, 'client_secret') !== undefined) m.push('client_secret_post');
  if (assertion) {
    const alg = assertion.header?.['alg'];
    m.push(typeof alg === 'string' ? (/^HS/i.test(alg) ? 'client_secret_jwt' : 'private_key_jwt') : 'jwt');
  }
  if (m.length === 0 && formValue(draft, 'client_id') !== undefined) m.push('none');
  return m;
}

/** The client_id the request presents (body, Basic user, or assertion sub/iss), if any. */
export function presentedClientIds(ctx: RuleContext): Array<{ where: string; value: string }> {
  const out: Array<{ where: string; value: string }> = [];
  const body = formValue(ctx.draft, 'client_id');
  if (body !== undefined) out.push({ where: 'client_id in the body', value: body });
  if (ctx.basic?.clientId !== undefined) out.push({ where: 'user name in the Basic header', value: ctx.basic.clientId });
  const sub = ctx.assertion?.claims?.['sub'];
  if (typeof sub === 'string') out.push({ where: 'assertion sub', value: sub });
  const q = queryValue(ctx.draft, 'client_id');
  if (q !== undefined && out.length === 0) out.push({ where: 'client_id in the query', value: q });
  return out;
}

/**
 * A recent success of this client with the method this request uses (and, when
 * `endpoint` is given, at that endpoint): the client is registered and the method works.
 */
export function provenBySuccess(ctx: RuleContext, endpoint?: keyof Endpoints): RecentSuccess | undefined {
  const ids = new Set(presentedClientIds(ctx).map((c) => c.value));
  if (ctx.profile) ids.add(ctx.profile.clientId);
  const method = ctx.methods[0] === 'jwt' ? ctx.profile?.authMethod : ctx.methods[0];
  return ctx.recentSuccesses?.find(
    (s) => ids.has(s.clientId) && s.authMethod === method && (endpoint === undefined || s.endpoint === endpoint),
  );
}

/** True when the endpoint authenticates the client. */
export function isCredentialed(ctx: RuleContext): boolean {
  return ctx.endpoint !== undefined && CREDENTIALED.includes(ctx.endpoint);
}
