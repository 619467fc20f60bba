/**
 * Token references of the panel (`current`, `exchange`, `pasted`) resolved to values
 * on the host — the webview never holds a token, it only names one.
 */
import type { TokenSet } from '../../core';
import type { ShellServices } from '../services';
import type { Draft, TokenKind, TokenOption, TokenRef } from '../../webview/protocol';
import type { ResolvedTokens } from './draft-call';
import { OPERATION_LABEL, findTokens } from './view-model';

const KIND_LABEL: Record<TokenKind, string> = { access_token: 'access token', refresh_token: 'refresh token', id_token: 'ID token' };

async function currentTokens(s: ShellServices, profileId: string): Promise<TokenSet | undefined> {
  if (!s.session.tokenLoaded(profileId)) await s.session.reloadTokens(profileId);
  return s.session.token(profileId)?.tokens;
}

/** The value a token reference points at; undefined when it no longer exists. */
export async function resolveTokenRef(s: ShellServices, profileId: string, ref: TokenRef, pasted: string): Promise<string | undefined> {
  switch (ref.source) {
    case 'none':
      return undefined;
    case 'pasted':
      return pasted.trim() || undefined;
    case 'current': {
      const v = (await currentTokens(s, profileId))?.[ref.kind];
      return typeof v === 'string' && v !== '' ? v : undefined;
    }
    case 'exchange': {
      const raw = s.history.raw(ref.exchangeId)?.exchange;
      return raw ? findTokens(raw).find((t) => t.kind === ref.kind)?.value : undefined;
    }
  }
}

/**
 * The `token_type` an access token was issued with, as the server said it (the
 * token response's `token_type`); a pasted token has none (presented as Bearer).
 */
async function tokenTypeOf(s: ShellServices, profileId: string, ref: TokenRef): Promise<string | undefined> {
  if (ref.source === 'current' && ref.kind === 'access_token') return (await currentTokens(s, profileId))?.token_type;
  if (ref.source === 'exchange' && ref.kind === 'access_token') {
    const json = s.history.raw(ref.exchangeId)?.exchange.response?.json;
    const t = json && typeof json === 'object' ? (json as Record<string, unknown>).token_type : undefined;
    return typeof t === 'string' ? t : undefined;
  }
  return undefined;
}

export async function resolveTokens(s: ShellServices, profileId: string, d: Draft): Promise<ResolvedTokens> {
  const token = await resolveTokenRef(s, profileId, d.token, d.pastedToken);
  const tokenType = token ? await tokenTypeOf(s, profileId, d.token) : undefined;
  const actorToken = await resolveTokenRef(s, profileId, d.actorToken, d.pastedActorToken);
  return { ...(token ? { token } : {}), ...(tokenType ? { tokenType } : {}), ...(actorToken ? { actorToken } : {}) };
}

/** Labels of the tokens the user can pick: the profile's current ones, then those memory still holds from the history, newest first. */
export async function tokenOptions(s: ShellServices, profileId: string): Promise<TokenOption[]> {
  const out: TokenOption[] = [];
  const current = await currentTokens(s, profileId);
  for (const kind of ['access_token', 'refresh_token', 'id_token'] as const) {
    if (typeof current?.[kind] === 'string' && current[kind] !== '')
      out.push({ ref: { source: 'current', kind }, label: `Current ${KIND_LABEL[kind]}` });
  }
  await s.history.load(profileId);
  for (const record of [...s.history.list(profileId)].reverse()) {
    const raw = s.history.raw(record.id)?.exchange;
    if (!raw || raw.error) continue;
    const time = raw.timings.startedAt.slice(11, 19);
    for (const t of findTokens(raw)) {
      if (t.kind === 'response_jwt') continue;
      out.push({
        ref: { source: 'exchange', exchangeId: raw.id, kind: t.kind },
        label: `${KIND_LABEL[t.kind]} from ${OPERATION_LABEL[raw.operation] ?? raw.operation} at ${time}`,
      });
    }
  }
  return out;
}
