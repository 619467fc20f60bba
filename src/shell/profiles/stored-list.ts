/**
 * The parsed form of the stored client list (globalState), kept in step with it.
 *
 * globalState hands out the same array until the list changes — by a write of this
 * window, or another window of the same VS Code replacing it with a fresh copy — so the
 * array's identity tells when to parse again. A parse validates only entries whose JSON
 * text it has not validated before (stringifying costs a tenth of validating), and it
 * can run in slices: after another window rewrote 10,000 clients, validating them all takes
 * 100–200 ms, which must not freeze the editor (no block over 50 ms).
 */
import { parseStoredProfile, type ClientProfile } from '../../core/essentials';
import { TimeSlice } from '../../core/time-slice';

/** A stored client as the shell sees it. */
export type StoredProfile = ClientProfile & { readonly source: 'stored' };

/** A stored client read through the one parser. @throws ConfigError CONFIG_INVALID naming the field. */
export function storedProfile(value: unknown, where: string): StoredProfile {
  return Object.assign(parseStoredProfile(value, where), { source: 'stored' as const });
}

interface Parse {
  readonly raw: unknown;
  readonly entries: readonly unknown[];
  next: number;
  readonly profiles: StoredProfile[];
  readonly byText: Map<string, StoredProfile>;
}

export class StoredList {
  private parsed: { raw: unknown; profiles: StoredProfile[]; byText: Map<string, StoredProfile> } | undefined;
  private pending: Parse | undefined;

  constructor(private readonly log: (message: string) => void) {}

  /** The profiles of `raw` (the value in globalState), parsing now what is not parsed yet. */
  read(raw: unknown): StoredProfile[] {
    if (this.parsed && this.parsed.raw === raw) return this.parsed.profiles;
    const job = this.start(raw);
    this.advance(job);
    return this.finish(job);
  }

  /**
   * The profiles of the value `current()` returns, parsed in slices of at most
   * SLICE_MS (core/time-slice.ts) with a turn of the event loop between slices. A read() meanwhile
   * finishes the parse at once; a newer value restarts it.
   */
  async settle(current: () => unknown): Promise<StoredProfile[]> {
    for (;;) {
      const raw = current();
      if (this.parsed && this.parsed.raw === raw) return this.parsed.profiles;
      const job = this.start(raw);
      const slice = new TimeSlice();
      let done = this.advance(job, slice);
      while (!done && this.pending === job && current() === raw) {
        await slice.next();
        if (this.pending === job && current() === raw) done = this.advance(job, slice);
      }
      if (done && this.pending === job) return this.finish(job);
    }
  }

  /**
   * Records a list this window just wrote: `raw` is what globalState now holds (its own
   * copy of `profiles`' entries), `profiles` the validated profiles it came from, so the
   * next read neither stringifies nor validates anything.
   */
  remember(raw: unknown, profiles: StoredProfile[], texts: readonly string[]): void {
    const byText = new Map<string, StoredProfile>();
    profiles.forEach((p, i) => byText.set(texts[i]!, p));
    this.pending = undefined;
    this.parsed = { raw, profiles, byText };
  }

  private start(raw: unknown): Parse {
    if (this.pending && this.pending.raw === raw) return this.pending;
    const job: Parse = { raw, entries: Array.isArray(raw) ? (raw as unknown[]) : [], next: 0, profiles: [], byText: new Map() };
    this.pending = job;
    return job;
  }

  /** Parses entries until the slice is spent (all of them without one); true when every entry is parsed. */
  private advance(job: Parse, slice?: TimeSlice): boolean {
    const previous = this.parsed?.byText;
    const { entries } = job;
    while (job.next < entries.length) {
      if (slice?.spent(job.next)) return false;
      const i = job.next++;
      const entry = entries[i];
      const text = JSON.stringify(entry);
      let profile = previous?.get(text) ?? job.byText.get(text);
      if (!profile) {
        try {
          profile = storedProfile(entry, `Stored profile ${i + 1}`);
        } catch (e) {
          this.log(`Skipped a damaged stored profile: ${e instanceof Error ? e.message : String(e)}`);
          continue;
        }
      }
      job.byText.set(text, profile);
      job.profiles.push(profile);
    }
    return true;
  }

  private finish(job: Parse): StoredProfile[] {
    this.pending = undefined;
    this.parsed = { raw: job.raw, profiles: job.profiles, byText: job.byText };
    return job.profiles;
  }
}
