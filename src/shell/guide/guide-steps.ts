/**
 * The Add Client guide as one function per step over a typed state: each step asks
 * one question (guide-state.ts) and turns the answer into the next state and step.
 * No UI here — guide-ui.ts shows the questions — so every step is tested with the
 * real authorization server and real keys in plain node.
 *
 * issuer → discovery (what the server supports, or its error shown whole, with a
 * retry, another issuer, plain http for this client, or a manual token endpoint) →
 * client id → auth method → secret, private key or client certificate → alg and kid →
 * audience → DPoP (when the server offers it) → scope → name.
 * With `discoveryWithClientId` (Okta answers per client) the client id comes before discovery.
 */
import { detectProvider, isLoopbackHost, type ClientAuthMethod, type DpopMode, type ServerMetadata, type SigningAlg } from '../../core';
import { urlProblem } from '../profiles/profile-schema';
import { AUDIENCE_DETAIL, AUDIENCE_LABEL, defaultAudience, DPOP_DETAIL, DPOP_LABEL, METHOD_DETAIL } from './client-labels';
import { offersDpop, type GuideState, type PickItem, type Question, type Reply, type StepId, type Transition } from './guide-state';

/** What the steps need from outside: discovery (the core's discover, logged by the shell). */
export interface GuideContext {
  discover(issuer: string, o: { clientId?: string; allowInsecureHttp?: boolean }): Promise<ServerMetadata>;
}

export interface GuideStep {
  ask(st: GuideState): Question;
  answer(st: GuideState, reply: Reply, ctx: GuideContext): Transition | Promise<Transition>;
  /** Shown while `answer` works on `reply` (discovery). */
  busy?(st: GuideState, reply: Reply): string | undefined;
}

const METHOD_ORDER: ClientAuthMethod[] = [
  'private_key_jwt',
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth',
  'none',
];

/** The step after the client's credentials and their settings: DPoP when the server offers it, else the scope. */
function afterCredentials(st: GuideState): Transition {
  return go(st, offersDpop(st) ? 'dpop' : 'scope');
}

/** Where each method's credential is asked. */
function credentialStep(m: ClientAuthMethod): StepId {
  if (m === 'private_key_jwt') return 'privateKey';
  if (m === 'tls_client_auth' || m === 'self_signed_tls_client_auth') return 'certificate';
  return 'secret';
}

/** The method the guide suggests: the first one the server lists, in order of preference. */
export function preferredMethod(st: GuideState): ClientAuthMethod {
  const supported = st.metadata?.token_endpoint_auth_methods_supported;
  return st.authMethod ?? METHOD_ORDER.find((m) => !supported || supported.includes(m)) ?? 'private_key_jwt';
}

function text(reply: Reply): string {
  return reply.kind === 'text' ? reply.value.trim() : '';
}
function picked(reply: Reply): string | undefined {
  return reply.kind === 'pick' ? reply.id : undefined;
}
const go = (state: GuideState, next: StepId | 'done'): Transition => ({ state, next });

/** True when the issuer is plain http to a host other than loopback (and not allowed yet). */
export function offersInsecureHttp(st: GuideState): boolean {
  try {
    const u = new URL(st.issuer);
    return u.protocol === 'http:' && !isLoopbackHost(u.hostname) && !st.allowInsecureHttp;
  } catch {
    return false;
  }
}

/** Runs discovery for the state; its failure is kept whole for the next step. */
async function discoverInto(st: GuideState, ctx: GuideContext): Promise<Transition> {
  try {
    const metadata = await ctx.discover(st.issuer, {
      ...(st.discoveryWithClientId && st.clientId ? { clientId: st.clientId } : {}),
      ...(st.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
    });
    return go({ ...st, metadata, discoveryError: undefined, tokenEndpoint: undefined }, 'support');
  } catch (e) {
    return go({ ...st, metadata: undefined, discoveryError: e instanceof Error ? e.message : String(e) }, 'discoveryFailed');
  }
}

/** After the server step: the client id, unless it was asked for before discovery. */
function afterServer(st: GuideState): Transition {
  return go(st, st.discoveryWithClientId && st.clientId ? 'method' : 'clientId');
}

const discovering = (issuerUrl: string): string => `discovering ${issuerUrl}…`;

const issuer: GuideStep = {
  ask: (st) => ({
    kind: 'input',
    prompt: 'Issuer URL of the authorization server (its discovery document is read next)',
    placeholder: 'https://your-org.okta.com/oauth2/default',
    value: st.issuer,
    validate: (v) => urlProblem(v, 'issuer URL'),
  }),
  // Kept exactly as typed: discovery must return this exact issuer (trailing slash included).
  answer: (st, reply, ctx) => {
    const next: GuideState = { ...st, issuer: text(reply), metadata: undefined, tokenEndpoint: undefined };
    return next.discoveryWithClientId && !next.clientId ? go(next, 'clientId') : discoverInto(next, ctx);
  },
  busy: (st, reply) => (st.discoveryWithClientId && !st.clientId ? undefined : discovering(text(reply))),
};

const discoveryFailed: GuideStep = {
  ask: (st) => ({
    kind: 'choice',
    message: `Discovery of ${st.issuer} failed.`,
    detail: st.discoveryError ?? 'Discovery failed.',
    options: [
      { id: 'retry', label: 'Retry Discovery' },
      { id: 'issuer', label: 'Change the Issuer URL' },
      ...(offersInsecureHttp(st) ? [{ id: 'http', label: 'Allow Plain http for This Client' }] : []),
      { id: 'manual', label: 'Enter the Token Endpoint Manually' },
    ],
  }),
  answer: (st, reply, ctx) => {
    const id = reply.kind === 'choice' ? reply.id : undefined;
    if (id === 'retry') return discoverInto(st, ctx);
    if (id === 'http') return discoverInto({ ...st, allowInsecureHttp: true }, ctx);
    if (id === 'manual') return go(st, 'tokenEndpoint');
    return go(st, 'issuer'); // "Change the issuer URL", or the dialog was dismissed
  },
  busy: (st, reply) => (reply.kind === 'choice' && (reply.id === 'retry' || reply.id === 'http') ? discovering(st.issuer) : undefined),
};

const tokenEndpoint: GuideStep = {
  ask: (st) => ({
    kind: 'input',
    prompt: 'Token endpoint URL (introspection and revocation can be added later with "Edit Client")',
    value: st.tokenEndpoint ?? `${st.issuer.replace(/\/+$/, '')}/token`,
    validate: (v) => urlProblem(v, 'token endpoint URL'),
  }),
  answer: (st, reply) => afterServer({ ...st, tokenEndpoint: text(reply) }),
};

function supportItems(m: ServerMetadata): PickItem[] {
  const yes = (v: unknown): string => (typeof v === 'string' && v ? '$(check)' : '$(close)');
  const list = (v: string[] | undefined): string => (v && v.length ? v.join(', ') : 'not listed');
  const provider = detectProvider(m.issuer);
  return [
    {
      id: 'continue',
      label: `$(arrow-right) Continue with ${m.issuer}`,
      ...(provider.kind !== 'generic' ? { detail: `Recognised: ${provider.name}` } : {}),
    },
    { id: 'h-endpoints', label: 'Endpoints', separator: true },
    { id: 'token', label: `${yes(m.token_endpoint)} token`, description: m.token_endpoint ?? 'missing' },
    {
      id: 'introspection',
      label: `${yes(m.introspection_endpoint)} introspection`,
      description: m.introspection_endpoint ?? 'not offered',
    },
    { id: 'revocation', label: `${yes(m.revocation_endpoint)} revocation`, description: m.revocation_endpoint ?? 'not offered' },
    {
      id: 'device',
      label: `${yes(m.device_authorization_endpoint)} device authorization`,
      description: m.device_authorization_endpoint ?? 'not offered',
    },
    { id: 'h-supports', label: 'Supports', separator: true },
    { id: 'methods', label: '$(shield) client authentication', description: list(m.token_endpoint_auth_methods_supported) },
    { id: 'algs', label: '$(symbol-key) assertion algorithms', description: list(m.token_endpoint_auth_signing_alg_values_supported) },
    { id: 'grants', label: '$(symbol-event) grant types', description: list(m.grant_types_supported) },
    { id: 'scopes', label: '$(list-flat) scopes', description: list(m.scopes_supported) },
  ];
}

const support: GuideStep = {
  ask: (st) => ({
    kind: 'pick',
    placeholder: `What ${st.metadata?.issuer ?? st.issuer} supports — press Enter to continue`,
    items: st.metadata ? supportItems(st.metadata) : [{ id: 'continue', label: '$(arrow-right) Continue' }],
    active: 'continue',
  }),
  answer: (st) => afterServer(st),
};

const clientId: GuideStep = {
  ask: (st) => ({
    kind: 'input',
    prompt: `Client ID, as registered at the provider${st.discoveryWithClientId ? ' (discovery runs with it next)' : ''}`,
    value: st.clientId,
    validate: (v) => (v.trim() === '' ? 'Enter the client ID.' : /\s/.test(v.trim()) ? 'A client ID has no spaces.' : undefined),
  }),
  answer: (st, reply, ctx) => {
    const next = { ...st, clientId: text(reply) };
    return next.discoveryWithClientId && !next.metadata && !next.tokenEndpoint ? discoverInto(next, ctx) : go(next, 'method');
  },
  busy: (st) => (st.discoveryWithClientId && !st.metadata && !st.tokenEndpoint ? discovering(st.issuer) : undefined),
};

const method: GuideStep = {
  ask: (st) => {
    const supported = st.metadata?.token_endpoint_auth_methods_supported;
    const items: PickItem[] = METHOD_ORDER.map((m) => ({
      id: m,
      label: m,
      ...(supported
        ? { description: supported.includes(m) ? '$(check) supported by the server' : '$(warning) not listed by the server' }
        : {}),
      detail: METHOD_DETAIL[m],
    }));
    items.sort((a, b) => Number(supported?.includes(b.id) ?? 0) - Number(supported?.includes(a.id) ?? 0));
    return { kind: 'pick', placeholder: 'How does this client authenticate?', items, active: preferredMethod(st) };
  },
  answer: (st, reply) => {
    const m = picked(reply) as ClientAuthMethod | undefined;
    if (!m || !METHOD_ORDER.includes(m)) return go(st, 'method');
    // Another method: the credentials of the old one do not carry over.
    const next: GuideState =
      st.authMethod === m
        ? st
        : {
            ...st,
            authMethod: m,
            clientSecret: undefined,
            privateKey: undefined,
            loadedKey: undefined,
            certificate: undefined,
            signingAlg: undefined,
            keyId: undefined,
          };
    return m === 'none' ? afterCredentials(next) : go(next, credentialStep(m));
  },
};

const secret: GuideStep = {
  ask: (st) => ({
    kind: 'input',
    prompt: 'Client secret (kept in VS Code secret storage only)',
    password: true,
    value: st.clientSecret ?? '',
    validate: (v) =>
      v === '' ? 'Enter the client secret.' : v !== v.trim() ? 'The secret starts or ends with a space: check what you pasted.' : undefined,
  }),
  // Not trimmed: a secret is used exactly as entered (validation refuses outer spaces).
  answer: (st, reply) => {
    const next = { ...st, clientSecret: reply.kind === 'text' ? reply.value : undefined };
    return st.authMethod === 'client_secret_jwt' ? go(next, 'alg') : afterCredentials(next);
  },
};

const privateKey: GuideStep = {
  ask: () => ({ kind: 'privateKey' }),
  answer: (st, reply) =>
    reply.kind === 'key'
      ? go({ ...st, privateKey: reply.material, loadedKey: reply.loaded, generatedJwks: reply.generatedJwks }, 'alg')
      : go(st, 'privateKey'),
};

const certificate: GuideStep = {
  ask: () => ({ kind: 'certificate' }),
  answer: (st, reply) =>
    reply.kind === 'certificate' ? afterCredentials({ ...st, certificate: reply.certificate }) : go(st, 'certificate'),
};

const alg: GuideStep = {
  ask: (st) => {
    const serverAlgs = st.metadata?.token_endpoint_auth_signing_alg_values_supported;
    const keyAlgs: SigningAlg[] = st.authMethod === 'client_secret_jwt' ? ['HS256', 'HS384', 'HS512'] : (st.loadedKey?.algs ?? ['RS256']);
    const items: PickItem[] = keyAlgs.map((a) => ({
      id: a,
      label: a,
      ...(serverAlgs
        ? { description: serverAlgs.includes(a) ? '$(check) supported by the server' : '$(warning) not listed by the server' }
        : {}),
    }));
    items.sort((a, b) => Number(serverAlgs?.includes(b.id) ?? 0) - Number(serverAlgs?.includes(a.id) ?? 0));
    const keyDesc = st.loadedKey ? ` (${st.loadedKey.description})` : '';
    return {
      kind: 'pick',
      placeholder: `Signing algorithm for client assertions${keyDesc}`,
      items,
      ...(items[0] ? { active: st.signingAlg ?? items[0].id } : {}),
    };
  },
  answer: (st, reply) => {
    const a = picked(reply) as SigningAlg | undefined;
    if (!a) return go(st, 'alg');
    return go({ ...st, signingAlg: a }, st.authMethod === 'private_key_jwt' ? 'kid' : 'audience');
  },
};

const kid: GuideStep = {
  ask: (st) => ({
    kind: 'input',
    prompt:
      "Key ID (kid header): the kid the provider shows for the registered key. Default: the key's own kid or its RFC 7638 thumbprint.",
    value: st.keyId ?? st.loadedKey?.kid ?? '',
    validate: (v) => (/\s/.test(v.trim()) ? 'A kid has no spaces.' : undefined),
  }),
  answer: (st, reply) => {
    const v = text(reply);
    return go({ ...st, keyId: v && v !== st.loadedKey?.kid ? v : undefined }, 'audience');
  },
};

const audience: GuideStep = {
  ask: (st) => {
    const provider = detectProvider(st.issuer);
    const recommended = defaultAudience(st.issuer);
    const items: PickItem[] = (['issuer', 'endpoint', 'token_endpoint', 'custom'] as const).map((mode) => ({
      id: mode,
      label: AUDIENCE_LABEL[mode],
      ...(mode === recommended ? { description: provider.kind === 'generic' ? 'default' : `recommended for ${provider.name}` } : {}),
      detail: AUDIENCE_DETAIL[mode],
    }));
    return { kind: 'pick', placeholder: 'Audience (aud) of the client assertion', items, active: st.audience ?? recommended };
  },
  answer: (st, reply) => {
    const mode = picked(reply);
    if (mode !== 'issuer' && mode !== 'endpoint' && mode !== 'token_endpoint' && mode !== 'custom') return go(st, 'audience');
    const next: GuideState = { ...st, audience: mode };
    return mode === 'custom' ? go(next, 'customAudience') : afterCredentials(next);
  },
};

const customAudience: GuideStep = {
  ask: (st) => ({
    kind: 'input',
    prompt: 'The aud value to put in client assertions',
    value: st.customAudience ?? st.issuer,
    validate: (v) => (v.trim() === '' ? 'Enter the audience.' : undefined),
  }),
  answer: (st, reply) => afterCredentials({ ...st, customAudience: text(reply) }),
};

const dpop: GuideStep = {
  ask: (st) => {
    const algs = st.metadata?.dpop_signing_alg_values_supported ?? [];
    const shown = algs.length > 3 ? `${algs.slice(0, 3).join(', ')}, …` : algs.join(', ');
    const note: Record<DpopMode, string> = { off: 'default', auto: shown, always: '' };
    const items: PickItem[] = (['off', 'auto', 'always'] as const).map((mode) => ({
      id: mode,
      label: DPOP_LABEL[mode],
      ...(note[mode] ? { description: note[mode] } : {}),
      detail: DPOP_DETAIL[mode],
    }));
    // Off by default: a server that supports DPoP may still refuse proofs from a client not registered for them.
    return {
      kind: 'pick',
      placeholder: 'Send DPoP proofs (RFC 9449)? This server supports them; the key is made on first use.',
      items,
      active: st.dpop ?? 'off',
    };
  },
  answer: (st, reply) => {
    const mode = picked(reply);
    if (mode !== 'auto' && mode !== 'always' && mode !== 'off') return go(st, 'dpop');
    return go({ ...st, dpop: mode }, 'scope');
  },
};

const scope: GuideStep = {
  ask: (st) => {
    const known = st.metadata?.scopes_supported?.filter((x) => x !== 'openid' && x !== 'offline_access');
    return {
      kind: 'input',
      prompt: `Default scope for token requests, space-separated (optional)${known?.length ? ` — the server lists: ${known.slice(0, 12).join(' ')}` : ''}`,
      value: st.scope ?? '',
      placeholder: 'e.g. api.read api.write',
    };
  },
  answer: (st, reply) => go({ ...st, scope: text(reply) || undefined }, 'name'),
};

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const name: GuideStep = {
  ask: (st) => ({
    kind: 'input',
    prompt: 'Name shown in the OAuth Clients view',
    value: st.name ?? `${st.clientId} @ ${hostOf(st.issuer)}`,
    validate: (v) => (v.trim() === '' ? 'Enter a name.' : undefined),
  }),
  answer: (st, reply) => go({ ...st, name: text(reply) }, 'done'),
};

/** Every step of the guide, by id. */
export const STEPS: Record<StepId, GuideStep> = {
  issuer,
  discoveryFailed,
  tokenEndpoint,
  support,
  clientId,
  method,
  secret,
  privateKey,
  certificate,
  alg,
  kid,
  audience,
  customAudience,
  dpop,
  scope,
  name,
};

/** The first step for a state (prefilled from a command argument). */
export const FIRST_STEP: StepId = 'issuer';

/** The profile fields of a finished guide (validated by parseProfileFields before saving). */
export function profileFieldsOf(st: GuideState): Record<string, unknown> {
  const jwt = st.authMethod === 'private_key_jwt' || st.authMethod === 'client_secret_jwt';
  return {
    name: st.name,
    issuer: st.issuer,
    clientId: st.clientId,
    authMethod: st.authMethod,
    signingAlg: st.signingAlg,
    keyId: st.keyId,
    audience: jwt ? st.audience : undefined,
    customAudience: jwt && st.audience === 'custom' ? st.customAudience : undefined,
    scope: st.scope,
    endpoints: st.tokenEndpoint ? { token: st.tokenEndpoint } : undefined,
    // Only a server that offers DPoP is asked about it; "off" is the default and not written.
    dpop: st.dpop && st.dpop !== 'off' && offersDpop(st) ? st.dpop : undefined,
    ...(st.discoveryWithClientId ? { discoveryWithClientId: true } : {}),
    ...(st.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
  };
}
