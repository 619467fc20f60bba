/**
 * The CallContext for a panel request: the profile (with the draft's audience
 * override), its secrets, discovery metadata and HTTP options — all obtained through
 * the shell's ExchangeRunner, so the panel behaves like every command.
 */
import type { CallContext, ClientSecrets, ServerMetadata } from '../../core';
import type { WorkbenchProfile } from '../profiles/profile-store';
import type { ShellServices } from '../services';
import type { Draft } from '../../webview/protocol';
import { profileForDraft } from './draft-call';

export interface PanelContext {
  /** The shell's profile (for names, origin checks, session records). */
  profile: WorkbenchProfile;
  /** What the core gets. */
  ctx: CallContext;
  metadata: ServerMetadata | undefined;
  secrets: ClientSecrets;
}

/**
 * @param interactive may prompt for a missing secret (send), or must not (preview).
 * @throws WorkbenchError PROFILE_NOT_FOUND | CONFIG_MISSING_SECRET | discovery failures
 */
export async function panelContext(
  s: ShellServices,
  profileId: string,
  draft: Draft,
  o: { signal?: AbortSignal; interactive: boolean },
): Promise<PanelContext> {
  const profile = s.runner.coreProfile(s.store.require(profileId));
  const { metadata, secrets, ctx } = await s.runner.callContext(profile, o.signal, { interactive: o.interactive });
  ctx.profile = profileForDraft(ctx.profile, draft);
  return { profile, ctx, metadata, secrets };
}
