/** Shared by the authorization-code and device-code suites: a flow must end in one FlowFailure code. */
import assert from 'node:assert/strict';
import { FlowFailure } from '../../src/core/operations/flow-failure';

/** Awaits `p`, fails unless it rejects with a FlowFailure of `code`, and returns that failure. */
export async function expectFlowFailure(p: Promise<unknown>, code: string): Promise<FlowFailure> {
  const err = await p.then(
    () => assert.fail(`expected FlowFailure ${code}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof FlowFailure, `expected FlowFailure, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  return err;
}
