/**
 * THE definition of a client profile's non-secret fields. Everything else comes from it:
 * - the TypeScript types ({@link ProfileFields}, `ClientProfile` in types.ts) are inferred from it;
 * - the run-time parser (profile/parse.ts) runs it on settings, stored state, imported and
 *   shared client files and command arguments;
 * - the JSON schemas (the `oauthWorkbench.profiles` setting in package.json and
 *   schemas/oauth-clients.schema.json for `.vscode/oauth-clients.json`) are generated from it
 *   by scripts/generate-schemas.ts, and test/unit/profile-definition.test.ts fails when a
 *   committed schema drifts from what this file generates.
 *
 * Messages are the second half of "field … problem" sentences: the parser prefixes the
 * source and the field name (`Setting … entry 2: "issuer" must be …`).
 * valibot (8 KB in the bundle) does the parsing; its JSON Schema converter is a
 * devDependency used only by the generator.
 */
import * as v from 'valibot';

export const CLIENT_AUTH_METHODS = [
  'none',
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth',
] as const;
/**
 * How the client authenticates at every endpoint that authenticates clients.
 * `tls_client_auth` / `self_signed_tls_client_auth` (RFC 8705 §2): the client certificate
 * presented on the TLS connection is the authentication.
 */
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

export const HMAC_ALGS = ['HS256', 'HS384', 'HS512'] as const;
export const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
/** JWS algorithms accepted for client assertions. `none` is never accepted. */
export const SIGNING_ALGS = [...ASYMMETRIC_ALGS, ...HMAC_ALGS] as const;
export type HmacAlg = (typeof HMAC_ALGS)[number];
export type AsymmetricAlg = (typeof ASYMMETRIC_ALGS)[number];
export type SigningAlg = HmacAlg | AsymmetricAlg;

/**
 * When the client sends DPoP proofs (RFC 9449) to the token endpoint: `off` (default),
 * `auto` — when the server advertises `dpop_signing_alg_values_supported` —, `always`.
 */
export const DPOP_MODES = ['off', 'auto', 'always'] as const;
export type DpopMode = (typeof DPOP_MODES)[number];

/**
 * Which certificate thumbprint headers a `private_key_jwt` assertion carries when the
 * client holds the certificate of its signing key (Entra ID certificate credentials):
 * `x5t#S256` (base64url SHA-256 of the DER), `x5t` (SHA-1), `both`, or `none`.
 * Default: `both` for Entra ID (login.microsoftonline.com), else `none`.
 */
export const CERTIFICATE_HEADER_MODES = ['none', 'x5t#S256', 'x5t', 'both'] as const;
export type CertificateHeaderMode = (typeof CERTIFICATE_HEADER_MODES)[number];

/**
 * Which `aud` the client assertion carries: `issuer` (RFC 7523bis default), `endpoint`
 * (the URL being called — Okta), `token_endpoint`, or `custom` (`customAudience`).
 */
export const AUDIENCE_MODES = ['issuer', 'endpoint', 'token_endpoint', 'custom'] as const;
export type AudienceMode = (typeof AUDIENCE_MODES)[number];

/** Endpoints the core may call. Keys match RFC 8414 metadata names without `_endpoint`. */
export const ENDPOINT_NAMES = [
  'authorization',
  'token',
  'introspection',
  'revocation',
  'userinfo',
  'jwks_uri',
  'pushed_authorization_request',
  'device_authorization',
] as const;
export type EndpointName = (typeof ENDPOINT_NAMES)[number];

/**
 * Ids written by people (settings, client files) are at most 60 characters, so that a
 * source prefix (`settings-`, `file-…-<hash>`) keeps the internal id within
 * {@link PROFILE_ID_MAX}; internal ids become SecretStorage keys.
 */
export const SOURCE_ID_MAX = 60;
export const PROFILE_ID_MAX = 80;
export const SOURCE_ID_PATTERN = `^[A-Za-z0-9_-]{1,${SOURCE_ID_MAX}}$`;
export const PROFILE_ID_PATTERN = `^[A-Za-z0-9_-]{1,${PROFILE_ID_MAX}}$`;

/** True for an absolute http(s) URL. Whether plain http is allowed is decided when sending. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.host !== '';
  } catch {
    return false;
  }
}

/**
 * Longest accepted string field. Checked before any trimming or splitting, so a hostile
 * file or setting with megabyte fields is refused in constant time (SECURITY.md 18).
 */
export const MAX_FIELD_LENGTH = 4096;
const bounded = () =>
  v.pipe(v.string('must be a string.'), v.maxLength(MAX_FIELD_LENGTH, `must be at most ${MAX_FIELD_LENGTH} characters.`));

const text = (description: string) =>
  v.optional(v.pipe(bounded(), v.trim(), v.minLength(1, 'must not be empty.'), v.description(description)));

const url = (description: string) =>
  v.pipe(
    bounded(),
    v.trim(),
    v.check(isHttpUrl, 'must be an absolute http(s) URL.'),
    v.description(description),
    v.metadata({ format: 'uri' }),
  );

const flag = (description: string) => v.optional(v.pipe(v.boolean('must be true or false.'), v.description(description)));

function oneOf<const T extends readonly [string, ...string[]]>(values: T, description: string, enumDescriptions: string[] = []) {
  return v.pipe(
    v.picklist(values, (issue) => `must be one of: ${values.join(', ')} (got ${issue.received}).`),
    v.description<T[number], string>(description),
    // VS Code shows enumDescriptions beside each value in settings and JSON completions.
    v.metadata<T[number], { enumDescriptions?: string[] }>(enumDescriptions.length ? { enumDescriptions } : {}),
  );
}

const resourceIndicator = v.pipe(
  bounded(),
  v.trim(),
  v.check((r) => isHttpUrl(r) || r.startsWith('urn:')),
);
/** Most resource indicators in a profile (the parser checks the count before the items). */
export const MAX_RESOURCES = 64;
export const TOO_MANY_RESOURCES = `must list at most ${MAX_RESOURCES} resource indicators.`;
const RESOURCE_PROBLEM = 'must be a URL or a list of URLs (RFC 8707 resource indicators).';

/** Endpoint overrides; an unknown key names the known ones. */
const endpoints = v.pipe(
  v.strictObject(
    Object.fromEntries(ENDPOINT_NAMES.map((n) => [n, v.optional(url(`Override of the ${n.replace(/_/g, ' ')} URL.`))])) as Record<
      EndpointName,
      v.OptionalSchema<ReturnType<typeof url>, undefined>
    >,
    (issue) =>
      issue.expected === 'never'
        ? `is not a known endpoint (use ${ENDPOINT_NAMES.join(', ')}).`
        : 'must be an object such as { "token": "https://..." }.',
  ),
  v.description('Endpoint overrides (servers without discovery, or to force a URL).'),
);

/**
 * The non-secret fields of a client profile, in the order the JSON schemas list them.
 * Secrets (client secret, private key, tokens) are never fields: the parser drops them.
 */
export const PROFILE_FIELD_ENTRIES = {
  name: text('Display name in the OAuth Clients view. Default: "<clientId> @ <issuer host>".'),
  issuer: url('Issuer identifier; discovery must return exactly this value.'),
  clientId: v.pipe(bounded(), v.trim(), v.minLength(1, 'is required.'), v.description('The client_id.')),
  authMethod: v.optional(
    oneOf(CLIENT_AUTH_METHODS, 'How the client authenticates at every endpoint that authenticates clients.'),
    'client_secret_basic',
  ),
  signingAlg: v.optional(oneOf(SIGNING_ALGS, 'Client assertion algorithm (JWT methods). Default RS256 / HS256.')),
  keyId: text("kid header of client assertions. Default: the key's own kid or its RFC 7638 thumbprint."),
  audience: v.optional(
    oneOf(AUDIENCE_MODES, 'The aud of client assertions. Default: issuer.', [
      'The issuer identifier (RFC 7523bis default).',
      'The URL of the endpoint being called (Okta).',
      'Always the token endpoint.',
      'The value of customAudience.',
    ]),
  ),
  customAudience: text('aud when audience is "custom".'),
  assertionLifetime: v.optional(
    v.pipe(
      v.number('must be a whole number of seconds between 1 and 3600.'),
      v.integer('must be a whole number of seconds between 1 and 3600.'),
      v.minValue(1, 'must be a whole number of seconds between 1 and 3600.'),
      v.maxValue(3600, 'must be a whole number of seconds between 1 and 3600.'),
      v.description('Client assertion lifetime in seconds (default: the oauthWorkbench.assertion.lifetimeSeconds setting, 60).'),
    ),
  ),
  assertionTyp: text('Optional typ header of client assertions, e.g. client-authentication+jwt.'),
  scope: v.optional(
    v.pipe(
      bounded(),
      v.transform((s) => s.split(/\s+/).filter(Boolean).join(' ')),
      v.description('Default scope for token requests (space-separated).'),
    ),
  ),
  resource: v.optional(
    v.pipe(
      v.union([resourceIndicator, v.pipe(v.array(resourceIndicator), v.maxLength(MAX_RESOURCES, TOO_MANY_RESOURCES))], RESOURCE_PROBLEM),
      v.transform((r) => (typeof r === 'string' ? [r] : r)),
      v.description('RFC 8707 resource indicators for token requests.'),
    ),
  ),
  endpoints: v.optional(endpoints),
  discoveryWithClientId: flag('Send ?client_id= on discovery (Okta answers per client).'),
  allowInsecureHttp: flag('Allow plain http:// to hosts other than localhost for this profile.'),
  redirectUri: v.optional(url('Fixed redirect URI for the authorization code flow. Default: loopback on a free port.')),
  usePar: flag('Use pushed authorization requests (RFC 9126) even when the server does not require them.'),
  dpop: v.optional(
    oneOf(
      DPOP_MODES,
      'DPoP (RFC 9449) proofs at the token endpoint; DPoP-bound tokens are then sent with a proof to APIs. The DPoP key is kept in SecretStorage (generated on first use).',
      [
        'Never send DPoP proofs (default).',
        'Send DPoP proofs when the server advertises dpop_signing_alg_values_supported.',
        'Always send DPoP proofs (Okta apps with "Require DPoP").',
      ],
    ),
  ),
  dpopAlg: v.optional(oneOf(ASYMMETRIC_ALGS, "DPoP proof algorithm. Default: the DPoP key's (ES256 for a generated key).")),
  assertionCertificateHeader: v.optional(
    oneOf(
      CERTIFICATE_HEADER_MODES,
      'Certificate thumbprint headers of private_key_jwt assertions (Entra ID certificate credentials). Default: both for login.microsoftonline.com when a signing certificate is stored, else none.',
    ),
  ),
  mtls: flag(
    "Present the client certificate (RFC 8705) on every request, for certificate-bound tokens with another auth method; implied by tls_client_auth and self_signed_tls_client_auth. Uses the server's mtls_endpoint_aliases.",
  ),
  autoRefresh: flag(
    "Refresh this client's token in the background before it expires (refresh token, else the client's own grant). Default: on for the active client.",
  ),
} as const;

/** Fields every parsed profile has although its source may omit them. */
const defaultName = (p: { name?: string | undefined; clientId: string; issuer: string }): string =>
  p.name ?? `${p.clientId} @ ${new URL(p.issuer).host}`;

/** Object-level message: a missing required key, or not an object at all. */
function objectProblem(issue: v.ObjectIssue): string {
  if (issue.received === 'undefined' && issue.expected?.startsWith('"')) {
    return issue.expected === '"issuer"' ? "is required (the authorization server's issuer URL)." : 'is required.';
  }
  return 'expected an object with name, issuer, clientId and authMethod.';
}

/** What the cross-field rules and the default name read. */
interface ParsedBase {
  name?: string | undefined;
  issuer: string;
  clientId: string;
  audience?: string | undefined;
  customAudience?: string | undefined;
}

/** Adds the cross-field rule, the default name and the rule's JSON Schema form to an entry object. */
function profileSchema<T extends ParsedBase>(object: v.GenericSchema<unknown, T>) {
  return v.pipe(
    object,
    // A whole-object rule: its message names the field itself (the issue has no path).
    v.check<T, string>((p) => p.audience !== 'custom' || !!p.customAudience, '"customAudience" is required when audience is "custom".'),
    v.transform((p: T) => ({ ...p, name: defaultName(p) })),
    v.metadata({ if: { properties: { audience: { const: 'custom' } }, required: ['audience'] }, then: { required: ['customAudience'] } }),
  );
}

/** The non-secret fields of a profile (no id): what settings, files, imports and arguments give. */
export const PROFILE_FIELDS = profileSchema(v.object(PROFILE_FIELD_ENTRIES, objectProblem));

/** Every non-secret field of a profile, without its id. */
export type ProfileFields = v.InferOutput<typeof PROFILE_FIELDS>;

const sourceId = v.optional(
  v.pipe(
    bounded(),
    v.trim(),
    v.regex(new RegExp(SOURCE_ID_PATTERN), `must be 1 to ${SOURCE_ID_MAX} letters, digits, "-" or "_".`),
    v.description('Stable id (letters, digits, - and _). Default: derived from the name.'),
  ),
);

/** One entry of the `oauthWorkbench.profiles` setting: the fields, an optional id and secret FILE paths. */
export const SETTINGS_ENTRY = profileSchema(
  v.object(
    {
      id: sourceId,
      ...PROFILE_FIELD_ENTRIES,
      privateKeyFile: text(
        'Path of a private key file (PEM or JWK), read once on first use and then kept in SecretStorage. ~ and ${workspaceFolder} are expanded.',
      ),
      clientSecretFile: text('Path of a file holding the client secret, read once on first use and then kept in SecretStorage.'),
      clientCertificateFile: text(
        'Path of the mTLS client certificate (PEM chain, leaf first), read once on first use and then kept in SecretStorage. ~ and ${workspaceFolder} are expanded.',
      ),
      clientCertificateKeyFile: text(
        'Path of the private key (PEM) of clientCertificateFile, read once on first use and then kept in SecretStorage.',
      ),
    },
    objectProblem,
  ),
);

/**
 * One client of a shared client file (`.vscode/oauth-clients.json`): the fields and an
 * optional id — never secrets, and no secret file paths either (a cloned repository must
 * not be able to make the extension read an arbitrary file and send it to a server).
 */
export const CLIENT_FILE_ENTRY = profileSchema(v.object({ id: sourceId, ...PROFILE_FIELD_ENTRIES }, objectProblem));

/** Names of the profile's fields (what is exported, compared and handed to the core). */
export const PROFILE_FIELD_NAMES = Object.keys(PROFILE_FIELD_ENTRIES) as (keyof ProfileFields)[];
