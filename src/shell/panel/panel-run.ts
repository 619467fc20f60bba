/**
 * Sends a draft: the core does the OAuth work (grants, endpoints, interactive flows);
 * this module only picks the core function for the draft's PanelCall and records every
 * exchange the core returns — log, diagnosis, session, panel history — like every
 * command does. The origin check (SECURITY.md 6) is the core's: the runner's context
 * asks before any credential leaves, at every step of the flow.
 */
import { FlowFailure, WorkbenchError, type Exchange } from '../../core';
import { diagnoseExchange } from '../diagnosis';
import type { ShellServices } from '../services';
import type { Draft, Outcome } from '../../webview/protocol';
import { draftToCall } from './draft-call';
import type { HistoryItem, PanelHistory } from './history';
import { panelContext, type PanelContext } from './panel-context';
import { sendCall, type RunHooks } from './send-call';
import { resolveTokens } from './tokens';
import { verifyTokens } from './verify-tokens';
import { findTokens, isOk, summarize, type Verification } from './view-model';

export type { RunHooks } from './send-call';

export interface RunOutcome {
  outcome: Outcome;
  message: string | null;
  /** The exchanges recorded, in order (the last one is shown). */
  items: HistoryItem[];
  /** Signature checks of the last exchange's JWTs. */
  verifications: Partial<Record<string, Verification>>;
}

/**
 * Runs one draft end to end. Never rejects: input errors (no token chosen, missing
 * secret, refused origin) come back as a failed outcome with a plain message.
 */
export async function runDraft(
  s: ShellServices,
  history: PanelHistory,
  profileId: string,
  draft: Draft,
  hooks: RunHooks,
  /** `interactive: false` refuses a missing secret or a new origin instead of asking (as commands without UI do). */
  mode: { interactive: boolean } = { interactive: true },
): Promise<RunOutcome> {
  const items: HistoryItem[] = [];
  let pc: PanelContext | undefined;
  const record = async (exchanges: Exchange[]): Promise<void> => {
    if (!pc) return;
    const key = await s.runner.keyFacts(pc.profile, pc.secrets);
    for (const x of exchanges) {
      const findings = diagnoseExchange(x, pc.ctx.profile, pc.metadata, key);
      s.log.exchange(x, findings, pc.profile.name);
      s.session.recordExchange(profileId, x, findings, `${x.operation} → ${summarize(x)}`, isOk(x));
      const item: HistoryItem = { raw: x, findings, draft };
      history.add(profileId, item);
      items.push(item);
    }
  };
  try {
    hooks.progress('Preparing…');
    pc = await panelContext(s, profileId, draft, { signal: hooks.signal, interactive: mode.interactive });
    const call = draftToCall(draft, await resolveTokens(s, history, profileId, draft));
    hooks.progress('Sending…');
    const { exchanges, idToken } = await sendCall(pc.ctx, call, hooks);
    await record(exchanges);
    const last = items[items.length - 1];
    const verifications: RunOutcome['verifications'] = {};
    if (last && isOk(last.raw)) {
      Object.assign(verifications, await verifyTokens(findTokens(last.raw), pc.ctx));
      if (idToken) verifications.id_token = { result: idToken };
    }
    const failed = !last || !isOk(last.raw);
    const cancelled = failed && hooks.signal.aborted;
    return {
      outcome: cancelled ? 'cancelled' : failed ? 'failed' : 'ok',
      message: cancelled ? 'Cancelled.' : failed ? (last?.raw.error?.message ?? 'The request did not complete.') : null,
      items,
      verifications,
    };
  } catch (e) {
    if (e instanceof FlowFailure) await record(e.exchanges);
    const cancelled = hooks.signal.aborted || (e instanceof WorkbenchError && (e.code === 'FLOW_CANCELLED' || e.code === 'HTTP_ABORTED'));
    // Core and shell errors say what is wrong without secret values (their contract).
    const message = e instanceof Error ? e.message : String(e);
    return {
      outcome: cancelled ? 'cancelled' : 'failed',
      message: cancelled ? `Cancelled. ${message}` : message,
      items,
      verifications: {},
    };
  }
}
