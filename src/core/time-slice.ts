/**
 * Long synchronous work cut into slices, with a turn of the event loop between them, so
 * that thousands of items never block the extension host for long (SECURITY.md 18: no
 * step over 50 ms).
 */

/** Longest run of work between two turns of the event loop, in ms (a turn costs ~0.1 ms). */
export const SLICE_MS = 8;

/** One slice's deadline. The clock is read every 32nd item only: reading it costs as much as a small item. */
export class TimeSlice {
  private end: number;

  constructor(private readonly ms: number = SLICE_MS) {
    this.end = performance.now() + ms;
  }

  /** True when item `i` is a check point and this slice's time is spent. */
  spent(i: number): boolean {
    return (i & 31) === 31 && performance.now() > this.end;
  }

  /** One turn of the event loop, then a fresh slice. */
  async next(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.end = performance.now() + this.ms;
  }
}
