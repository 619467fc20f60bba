/**
 * The error an interactive flow throws when it cannot complete (state/nonce mismatch,
 * the user denied, the code expired, timeout, cancel). It carries the exchanges made
 * so far so the UI can still show every request that was sent.
 */
import { FlowError, WorkbenchError, type ErrorCode } from '../errors';
import type { Exchange } from '../types';

export class FlowFailure extends FlowError {
  constructor(
    code: ErrorCode,
    message: string,
    /** Every exchange made before the flow stopped (PAR, token, device polls...). */
    readonly exchanges: Exchange[],
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/**
 * Runs a later step of a flow: an input error or a refused origin thrown there (nothing
 * of that step was sent) becomes a {@link FlowFailure} that still carries the exchanges
 * made before it, so the UI shows what was sent.
 */
export async function laterStep<T>(exchanges: Exchange[], step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof FlowFailure || !(e instanceof WorkbenchError)) throw e;
    throw new FlowFailure(e.code, e.message, [...exchanges], { cause: e });
  }
}

/** AbortSignal that fires when any of the given signals fires. */
export function combineSignals(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
