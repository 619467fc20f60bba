/**
 * Issue "Trust under attack", item 6: each numeric setting has one validator; a value
 * that is not a number in its range falls back to the default with a message naming
 * the setting, what is wrong and the allowed range.
 */
import assert from 'node:assert/strict';
import {
  ASSERTION_LIFETIME_SECONDS,
  TIMEOUT_SECONDS,
  validateNumber,
  WARNING_THRESHOLD_MINUTES,
} from '../../src/shell/settings/numeric-settings';

describe('numeric settings: one validator per setting, a clear message', () => {
  it('timeoutSeconds of 10,000,000 (every request timed out at once) → 30, with the allowed range', () => {
    const r = validateNumber(TIMEOUT_SECONDS, 10_000_000);
    assert.equal(r.value, 30);
    assert.match(
      r.problem ?? '',
      /oauthWorkbench\.http\.timeoutSeconds is 10000000, outside 1–600; it must be a number of seconds from 1 to 600/,
    );
  });

  it('accepts values in range, keeps the default for an unset value, refuses other types', () => {
    assert.deepEqual(validateNumber(TIMEOUT_SECONDS, 2.5), { value: 2.5 });
    assert.deepEqual(validateNumber(TIMEOUT_SECONDS, undefined), { value: 30 });
    for (const bad of ['30', Number.NaN, Number.POSITIVE_INFINITY, 0, -1, 601, {}, true]) {
      const r = validateNumber(TIMEOUT_SECONDS, bad);
      assert.equal(r.value, 30, JSON.stringify(bad));
      assert.ok(r.problem, JSON.stringify(bad));
    }
  });

  it('lifetimeSeconds must be a whole number of seconds from 1 to 3600', () => {
    assert.deepEqual(validateNumber(ASSERTION_LIFETIME_SECONDS, 120), { value: 120 });
    assert.match(validateNumber(ASSERTION_LIFETIME_SECONDS, 0.5).problem ?? '', /not a whole number/);
    assert.equal(validateNumber(ASSERTION_LIFETIME_SECONDS, 0.5).value, 60);
  });

  it('an invalid expiry warning threshold falls back to 5 (negative, a string, NaN)', () => {
    for (const bad of [-1, 'ten', Number.NaN]) assert.equal(validateNumber(WARNING_THRESHOLD_MINUTES, bad).value, 5, String(bad));
    assert.equal(validateNumber(WARNING_THRESHOLD_MINUTES, 0).value, 0);
  });
});
