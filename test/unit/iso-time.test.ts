import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isoFromEpochMs } from '../../src/core/iso-time';

describe('iso-time: isoFromEpochMs writes what Date#toISOString writes', () => {
  const same = (ms: number): void => assert.equal(isoFromEpochMs(ms), new Date(ms).toISOString(), `for ${ms}`);

  it('edges: epoch, leap days, century rules, year 0000 and 9999, -0, negative and fractional ms', () => {
    for (const ms of [
      0,
      -0,
      -1,
      1,
      0.999,
      -0.5,
      -1.5,
      951_782_400_000, // 2000-02-29
      4_107_456_000_000, // 2100-03-01 (2100 is not a leap year)
      -62_167_219_200_000, // 0000-01-01
      -62_167_219_200_001, // just before: Date writes -000001
      253_402_300_799_999, // 9999-12-31T23:59:59.999
      253_402_300_800_000, // +010000
      8.64e15,
      -8.64e15,
    ])
      same(ms);
  });

  it('property: any integer in the Date range, and any double', () => {
    fc.assert(fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), same), { numRuns: 5000 });
    fc.assert(fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), same), { numRuns: 5000 });
    fc.assert(fc.property(fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), same), { numRuns: 2000 });
  });

  it('throws RangeError like Date for values outside its range', () => {
    for (const v of [Number.NaN, Infinity, -Infinity, 8.64e15 + 1]) assert.throws(() => isoFromEpochMs(v), RangeError);
  });
});
