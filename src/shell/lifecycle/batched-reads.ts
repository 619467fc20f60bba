/**
 * Coalesces the small async reads a view asks for while it renders (the tree asks
 * for the token state of each of its 10,000 clients) into batches: keys requested
 * during one synchronous pass are read together, `size` at a time, and the batch
 * callback runs once per batch — so the view refreshes once per batch, not once per key.
 */
export class BatchedReads<K> {
  private readonly queued = new Set<K>();
  private readonly reading = new Set<K>();
  private scheduled = false;

  /**
   * @param readBatch reads the keys of one batch (and stores what it read); its
   *   completion is the batch's one notification point.
   */
  constructor(
    private readonly readBatch: (keys: K[]) => Promise<void>,
    private readonly size = 1000,
  ) {}

  /** Queues a read of `key` unless one is queued or running; the batch starts after the current synchronous work. */
  request(key: K): void {
    if (this.queued.has(key) || this.reading.has(key)) return;
    this.queued.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => void this.flush());
  }

  /** True while a read of `key` is queued or running. */
  pending(key: K): boolean {
    return this.queued.has(key) || this.reading.has(key);
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const keys = [...this.queued];
    this.queued.clear();
    for (const k of keys) this.reading.add(k);
    for (let i = 0; i < keys.length; i += this.size) {
      const batch = keys.slice(i, i + this.size);
      try {
        await this.readBatch(batch);
      } catch {
        // readBatch reports its own failures; the next request of these keys reads them again.
      } finally {
        for (const k of batch) this.reading.delete(k);
      }
    }
  }
}
