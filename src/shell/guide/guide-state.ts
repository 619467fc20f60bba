/**
 * The Add Client guide's typed state, its questions and answers (plain data, so the
 * step functions run and are tested without a UI), and its step counter, which counts
 * only the steps the chosen authentication method shows. Pure.
 */
import type { AudienceMode, CheckedCertificate, ClientAuthMethod, DpopMode, JWK, LoadedKey, ServerMetadata, SigningAlg } from '../../core';

export interface GuideState {
  issuer: string;
  /** Discovery ran with `?client_id=` (Okta answers per client): it then runs after the client id. */
  discoveryWithClientId: boolean;
  /** Plain http to a host other than loopback, allowed for this client by the user. */
  allowInsecureHttp: boolean;
  metadata?: ServerMetadata;
  /** The last discovery failure, shown whole. */
  discoveryError?: string;
  /** Set when discovery failed and the user typed the token endpoint. */
  tokenEndpoint?: string;
  clientId: string;
  authMethod?: ClientAuthMethod;
  clientSecret?: string;
  privateKey?: string;
  loadedKey?: LoadedKey;
  generatedJwks?: { keys: JWK[] };
  /** The mTLS client certificate (tls_client_auth, self_signed_tls_client_auth), checked by the core. */
  certificate?: CheckedCertificate;
  /** DPoP (RFC 9449): asked when the server advertises it. */
  dpop?: DpopMode;
  signingAlg?: SigningAlg;
  keyId?: string;
  audience?: AudienceMode;
  customAudience?: string;
  scope?: string;
  name?: string;
}

export const STEP_IDS = [
  'issuer',
  'discoveryFailed',
  'tokenEndpoint',
  'support',
  'clientId',
  'method',
  'secret',
  'privateKey',
  'certificate',
  'alg',
  'kid',
  'audience',
  'customAudience',
  'dpop',
  'scope',
  'name',
] as const;
export type StepId = (typeof STEP_IDS)[number];

export interface PickItem {
  id: string;
  label: string;
  description?: string;
  detail?: string;
  /** A heading between items (not selectable). */
  separator?: boolean;
}

/** What a step asks. */
export type Question =
  | {
      kind: 'input';
      prompt: string;
      value: string;
      placeholder?: string;
      password?: boolean;
      /** A problem with the value, or undefined when it is acceptable. */
      validate?: (value: string) => string | undefined;
    }
  | { kind: 'pick'; placeholder: string; items: PickItem[]; active?: string }
  /** A message shown whole with labelled options (a dialog); no option chosen (Escape) is `undefined`. */
  | { kind: 'choice'; message: string; detail: string; options: { id: string; label: string }[] }
  /** Where the private key comes from (clipboard, paste, file, generate): a key checked by the core. */
  | { kind: 'privateKey' }
  /** The mTLS client certificate (PEM files or PKCS#12, with a passphrase when encrypted): checked by the core. */
  | { kind: 'certificate' };

/** The user's answer to a question. */
export type Reply =
  | { kind: 'text'; value: string }
  | { kind: 'pick'; id: string }
  | { kind: 'choice'; id: string | undefined }
  | { kind: 'key'; material: string; loaded: LoadedKey; generatedJwks?: { keys: JWK[] } }
  | { kind: 'certificate'; certificate: CheckedCertificate };

/** Where a step leads: another step, or the end of the guide. */
export interface Transition {
  state: GuideState;
  next: StepId | 'done';
}

/** Which numbered step a step belongs to (an alg and its kid are one step; a dialog has none). */
const GROUP: Record<StepId, string | undefined> = {
  issuer: 'issuer',
  discoveryFailed: undefined,
  tokenEndpoint: 'server',
  support: 'server',
  clientId: 'clientId',
  method: 'method',
  secret: 'credential',
  privateKey: 'credential',
  certificate: 'credential',
  alg: 'alg',
  kid: 'alg',
  audience: 'audience',
  customAudience: 'audience',
  dpop: 'dpop',
  scope: 'scope',
  name: 'name',
};

/** True when the server advertises DPoP (RFC 9449 `dpop_signing_alg_values_supported`): the guide then asks about it. */
export function offersDpop(st: GuideState): boolean {
  return (st.metadata?.dpop_signing_alg_values_supported?.length ?? 0) > 0;
}

/** The numbered steps the guide shows for the state's method (or the one it will most likely be). */
export function shownGroups(st: GuideState, likelyMethod: ClientAuthMethod = 'private_key_jwt'): string[] {
  const method = st.authMethod ?? likelyMethod;
  const jwt = method === 'private_key_jwt' || method === 'client_secret_jwt';
  return [
    'issuer',
    'server',
    'clientId',
    'method',
    ...(method === 'none' ? [] : ['credential']),
    ...(jwt ? ['alg', 'audience'] : []),
    ...(offersDpop(st) ? ['dpop'] : []),
    'scope',
    'name',
  ];
}

/** "step N of M" for a step, counting only the steps shown; undefined for a dialog. */
export function stepNumber(id: StepId, st: GuideState, likelyMethod?: ClientAuthMethod): { step: number; totalSteps: number } | undefined {
  const group = GROUP[id];
  if (!group) return undefined;
  const groups = shownGroups(st, likelyMethod);
  return { step: groups.indexOf(group) + 1, totalSteps: groups.length };
}
