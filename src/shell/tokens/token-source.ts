/**
 * Obtaining and renewing a profile's tokens, the same way for the Get Token command,
 * auto-refresh, the authentication provider and the task input: the grant runs through
 * the ExchangeRunner (logged, diagnosed, recorded in the history), the response is merged
 * with the held set by the core (refresh-token rotation, kept scope and id_token), and the
 * result is stored in SecretStorage only.
 */
import { clientCredentials, mergeTokenResponse, refreshToken, type TokenSet } from '../../core';
import type { RunMode, RunResult } from '../exchange-runner';
import type { WorkbenchProfile } from '../profiles/profile-store';
import type { ShellServices } from '../services';

export type TokenGrant = 'client_credentials' | 'refresh_token';

export interface TokenRequestOptions {
  scope?: string;
  resource?: string[];
  /** Progress title; default "Getting a token for …" / "Refreshing the token for …". */
  title?: string;
}

export interface ObtainResult extends RunResult<TokenSet> {
  grant: TokenGrant;
  /** The stored set after the merge (undefined when the grant failed). */
  stored?: TokenSet;
}

function statusText(x: RunResult<TokenSet>['exchange']): string {
  if (x.response) return `${x.response.status}`;
  return x.error ? x.error.code : 'no response';
}

/**
 * Runs `grant` for the profile and stores the merged token set. `held` is the set being
 * renewed (its refresh token is used for `refresh_token`).
 */
export async function obtainTokens(
  s: ShellServices,
  profile: WorkbenchProfile,
  grant: TokenGrant,
  held: TokenSet | undefined,
  mode: RunMode,
  options: TokenRequestOptions = {},
): Promise<ObtainResult> {
  const params = { ...(options.scope ? { scope: options.scope } : {}), ...(options.resource ? { resource: options.resource } : {}) };
  const refresh = grant === 'refresh_token' ? held?.refresh_token : undefined;
  const run = await s.runner.run<TokenSet>(
    {
      profile,
      title: options.title ?? `${grant === 'refresh_token' ? 'Refreshing the token' : 'Getting a token'} for ${profile.name}`,
      call: (ctx) => (refresh ? refreshToken(ctx, { refreshToken: refresh, ...params }) : clientCredentials(ctx, params)),
      summarize: (x) => `${grant} → ${statusText(x)}${x.error?.oauth ? ` ${x.error.oauth.error}` : ''}`,
    },
    mode,
  );
  const tokens = run.exchange.result;
  if (!tokens) return { ...run, grant };
  const stored = mergeTokenResponse(held, tokens, grant);
  s.log.rememberSecret(stored.access_token, stored.refresh_token, stored.id_token);
  await s.session.setTokens(profile.id, stored);
  return { ...run, grant, stored };
}
