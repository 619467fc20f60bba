/**
 * Where a diagnosis fix applies — this request (the panel changes its draft), the
 * client (the profile is saved), or both — so every screen labels a fix by where it
 * applies, and the notification and the panel save a client the same way.
 * Pure (no vscode).
 */
import { DPOP_MODES, type AudienceMode, type DpopMode, type FindingAction, type SigningAlg } from '../core';
import { AUDIENCE_MODES, SIGNING_ALGS } from './profiles/profile-schema';

/** Fix kinds the panel applies to the request it shows. */
export const REQUEST_FIX_KINDS: ReadonlySet<FindingAction['kind']> = new Set([
  'switch-audience',
  'retry',
  'add-param',
  'remove-param',
  'introspect-token',
  'add-client-assertion',
  'use-profile-auth',
  // Opens the Add Client guide for the server an API names (a new client, never a silent add).
  'add-client',
]);

/** A change to the client profile that a fix stands for. */
export interface ClientPatch {
  audience?: AudienceMode;
  signingAlg?: SigningAlg;
  dpop?: DpopMode;
}

/** The profile change a fix saves, or undefined when it is not about the client's configuration. */
export function clientPatch(action: FindingAction | undefined): ClientPatch | undefined {
  if (action?.kind === 'switch-audience' && AUDIENCE_MODES.includes(action.args?.audience as AudienceMode))
    return { audience: action.args?.audience as AudienceMode };
  if (action?.kind === 'set-signing-alg' && SIGNING_ALGS.includes(action.args?.suggested as SigningAlg))
    return { signingAlg: action.args?.suggested as SigningAlg };
  if (action?.kind === 'set-dpop-mode' && DPOP_MODES.includes(action.args?.dpop as DpopMode))
    return { dpop: action.args?.dpop as DpopMode };
  return undefined;
}

/** "audience endpoint, signingAlg ES256" — what a save changes, for messages. */
export function describePatch(patch: ClientPatch): string {
  return Object.entries(patch)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}
