/**
 * THE history of exchanges: every entry point (panel, palette, tree, status bar,
 * notifications, and the authentication provider, auto-refresh and CLI) records into
 * it through the ExchangeRunner. Per client, bounded (history-record.ts), persisted
 * REDACTED through a {@link HistoryStorage} (files under globalStorageUri — never
 * settings or globalState), clearable. The unredacted exchange and draft of the newest
 * records stay in memory only, for follow-ups on their tokens and an explicit,
 * confirmed "copy with secrets". Pure (no vscode): the storage is injected.
 */
import type { Exchange } from '../../core';
import type { Draft } from '../../webview/protocol';
import {
  bound,
  DEFAULT_LIMITS,
  parseHistory,
  serializeHistory,
  toHistoryRecord,
  type AuthUsed,
  type HistoryLimits,
  type HistoryRecord,
  type RecordInput,
} from './history-record';

/** Where a client's redacted history is kept (one text per client). */
export interface HistoryStorage {
  read(profileId: string): Promise<string | undefined>;
  write(profileId: string, text: string): Promise<void>;
  remove(profileId: string): Promise<void>;
}

/** What only memory holds for a record: the exchange and draft as they were, secrets included. */
export interface RawEntry {
  exchange: Exchange;
  draft: Draft | null;
}

/** How many of a client's newest records keep their raw exchange in memory. */
export const RAW_KEPT = 50;

type Listener = (profileId: string) => void;

export class ExchangeHistory {
  private readonly records = new Map<string, HistoryRecord[]>();
  private readonly loading = new Map<string, Promise<HistoryRecord[]>>();
  private readonly raws = new Map<string, RawEntry>();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly storage: HistoryStorage,
    private readonly limits: HistoryLimits = DEFAULT_LIMITS,
    /** Storage failures (logged by the caller; the history keeps working in memory). */
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  /** Fires with the profile id whose history changed (also once it was loaded). */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(profileId: string): void {
    for (const l of [...this.listeners]) l(profileId);
  }

  /** Reads the client's persisted history once; later calls return what is in memory. */
  load(profileId: string): Promise<readonly HistoryRecord[]> {
    const done = this.records.get(profileId);
    if (done) return Promise.resolve(done);
    let p = this.loading.get(profileId);
    if (!p) {
      p = this.storage.read(profileId).then(
        (text) => (text === undefined ? [] : parseHistory(text, profileId)),
        (e: unknown) => {
          this.onError(e);
          return [];
        },
      );
      p = p.then((list) => {
        this.loading.delete(profileId);
        if (!this.records.has(profileId)) {
          const kept = bound(list, this.limits).kept;
          this.records.set(profileId, kept);
          // Views showed an empty history until now: only a non-empty one changes them (a tree of
          // 2,500 clients without history would otherwise refresh once per client).
          if (kept.length > 0) this.fire(profileId);
        }
        return this.records.get(profileId)!;
      });
      this.loading.set(profileId, p);
    }
    return p;
  }

  /** True once the client's history was read. */
  loaded(profileId: string): boolean {
    return this.records.has(profileId);
  }

  /** The client's records, oldest first; empty until loaded (starts loading, fires when done). */
  list(profileId: string): readonly HistoryRecord[] {
    const list = this.records.get(profileId);
    if (!list) void this.load(profileId);
    return list ?? [];
  }

  get(profileId: string, id: string): HistoryRecord | undefined {
    return this.list(profileId).find((r) => r.id === id);
  }

  last(profileId: string): HistoryRecord | undefined {
    const l = this.list(profileId);
    return l[l.length - 1];
  }

  /** The unredacted exchange and draft of a record, while memory still holds them. */
  raw(id: string): RawEntry | undefined {
    return this.raws.get(id);
  }

  /**
   * The newest successful exchanges of a client that authenticated the same way as `auth`
   * (method, and the assertion's aud/alg/kid when given), newest first — the diagnosis's
   * evidence that the client is registered and its credentials work.
   */
  recentSuccesses(profileId: string, auth: AuthUsed, limit = 5): HistoryRecord[] {
    const same = (a: AuthUsed): boolean =>
      a.method === auth.method &&
      JSON.stringify(a.assertionAud) === JSON.stringify(auth.assertionAud) &&
      a.assertionAlg === auth.assertionAlg &&
      a.assertionKid === auth.assertionKid;
    return [...this.list(profileId)]
      .reverse()
      .filter((r) => r.ok && same(r.auth))
      .slice(0, limit);
  }

  /**
   * Records an exchange (redacted for keeping; the raw exchange and `rawDraft` — the draft
   * with its pasted secrets — stay in memory only) and persists the client's history.
   */
  async add(input: RecordInput, rawDraft: Draft | null = null): Promise<HistoryRecord> {
    const { profileId } = input;
    await this.load(profileId);
    const record = toHistoryRecord(input, this.limits);
    const current = (this.records.get(profileId) ?? []).filter((r) => r.id !== record.id);
    const { kept, dropped } = bound([...current, record], this.limits);
    this.records.set(profileId, kept);
    for (const id of dropped) this.raws.delete(id);
    this.raws.set(record.id, { exchange: input.exchange, draft: rawDraft });
    for (const r of kept.slice(0, Math.max(0, kept.length - RAW_KEPT))) this.raws.delete(r.id);
    this.fire(profileId);
    await this.persist(profileId);
    return record;
  }

  /** Empties a client's history, in memory and on disk. */
  async clear(profileId: string): Promise<void> {
    for (const r of this.records.get(profileId) ?? []) this.raws.delete(r.id);
    this.records.set(profileId, []);
    this.fire(profileId);
    await this.chain(profileId, () => this.storage.remove(profileId));
  }

  /** Forgets a deleted client entirely. */
  async forget(profileId: string): Promise<void> {
    await this.clear(profileId);
    this.records.delete(profileId);
  }

  /** Resolves when every pending write has finished (tests, deactivate). */
  async flush(): Promise<void> {
    await Promise.all([...this.writes.values()]);
  }

  private persist(profileId: string): Promise<void> {
    return this.chain(profileId, () => this.storage.write(profileId, serializeHistory(this.records.get(profileId) ?? [])));
  }

  /** Runs storage operations of one client one after the other (a write never overtakes a later clear). */
  private chain(profileId: string, op: () => Promise<void>): Promise<void> {
    const next = (this.writes.get(profileId) ?? Promise.resolve()).then(op).catch((e: unknown) => this.onError(e));
    this.writes.set(profileId, next);
    void next.then(() => {
      if (this.writes.get(profileId) === next) this.writes.delete(profileId);
    });
    return next;
  }
}
