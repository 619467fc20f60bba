import assert from 'node:assert/strict';
import { describeExpiry, exactExpiry, formatDuration, msUntilNextChange } from '../../src/shell/status/expiry-format';

const NOW = 1_750_000_000;

describe('expiry format (status bar and tree display)', () => {
  it('formats durations compactly and rounds down', () => {
    assert.equal(formatDuration(0), '<1m');
    assert.equal(formatDuration(59.9), '<1m');
    assert.equal(formatDuration(60), '1m');
    assert.equal(formatDuration(42 * 60 + 59), '42m');
    assert.equal(formatDuration(3600 + 5 * 60), '1h 05m');
    assert.equal(formatDuration(3 * 86400 + 4 * 3600 + 59), '3d 4h');
    assert.equal(formatDuration(400 * 86400), '1y 35d');
  });

  it('shows minutes left for a valid token', () => {
    const v = describeExpiry(true, NOW + 42 * 60 + 10, NOW);
    assert.equal(v.state, 'valid');
    assert.equal(v.short, '42m');
    assert.equal(v.description, 'expires in 42m');
    assert.equal(v.remainingSeconds, 42 * 60 + 10);
    assert.equal(v.warning, false);
  });

  it('warns strictly under the threshold', () => {
    assert.equal(describeExpiry(true, NOW + 4 * 60, NOW, 5).warning, true);
    assert.equal(describeExpiry(true, NOW + 5 * 60, NOW, 5).warning, false);
    assert.equal(describeExpiry(true, NOW + 20 * 60, NOW, 30).warning, true);
    assert.equal(describeExpiry(true, NOW + 60, NOW, 0).warning, false);
  });

  it('reads "expired" for a past or exactly-now expiry, never a negative time', () => {
    for (const exp of [NOW, NOW - 1, NOW - 86400 * 365]) {
      const v = describeExpiry(true, exp, NOW);
      assert.equal(v.state, 'expired');
      assert.equal(v.short, 'expired');
      assert.doesNotMatch(v.short + v.description, /-|NaN/);
    }
  });

  it('reads "unknown" for a missing or invalid exp, never NaN', () => {
    for (const exp of [undefined, null, NaN, Infinity, -5, 0, '1750000000', 1e20, {}]) {
      const v = describeExpiry(true, exp, NOW);
      assert.equal(v.state, 'unknown', `exp=${JSON.stringify(exp) ?? 'undefined'}`);
      assert.equal(v.short, 'unknown');
      assert.equal(v.description, 'expiry unknown');
      assert.doesNotMatch(v.short + v.description, /NaN|-/);
    }
    assert.equal(describeExpiry(true, NOW + 100, NaN).state, 'unknown');
  });

  it('reads "no token" when there is none', () => {
    const v = describeExpiry(false, NOW + 100, NOW);
    assert.equal(v.state, 'none');
    assert.equal(v.short, 'no token');
  });

  it('schedules the next repaint at the next minute boundary, capped at a minute', () => {
    const nowMs = NOW * 1000;
    // 42m 10s left: the text changes from 42m to 41m... at 42m 00s, i.e. in 10 s.
    assert.equal(msUntilNextChange(NOW + 42 * 60 + 10, nowMs, 5), 10_050);
    // Just above the threshold: it changes when the threshold is crossed.
    assert.equal(msUntilNextChange(NOW + 5 * 60 + 3, nowMs, 5), 3_050);
    // Unknown or expired: the regular one-minute tick.
    assert.equal(msUntilNextChange(undefined, nowMs), 60_000);
    assert.equal(msUntilNextChange(NOW - 10, nowMs), 60_000);
    // Never longer than a minute, never zero.
    assert.ok(msUntilNextChange(NOW + 86400, nowMs) <= 60_000);
    assert.ok(msUntilNextChange(NOW + 0.001, nowMs) >= 250);
  });

  it('gives the exact expiry as ISO UTC, or nothing when invalid', () => {
    assert.equal(exactExpiry(NOW), new Date(NOW * 1000).toISOString());
    assert.equal(exactExpiry(NaN), undefined);
  });
});
