/**
 * This session's exchanges per profile, for the request panel's history. Kept in
 * memory only (never globalState): the raw exchange is needed for follow-ups on
 * its tokens and for an explicit, confirmed "copy as curl with secrets"; everything
 * shown is built from it redacted (view-model.ts). Bounded per profile.
 */
import type { Exchange, Finding } from '../../core';
import type { Draft } from '../../webview/protocol';

export interface HistoryItem {
  /** Unredacted; memory only. */
  raw: Exchange;
  findings: Finding[];
  /** The draft that produced it (for re-send). Holds pasted secrets: memory only. */
  draft: Draft | null;
}

export const MAX_HISTORY = 50;

export class PanelHistory {
  private readonly byProfile = new Map<string, HistoryItem[]>();

  add(profileId: string, item: HistoryItem): void {
    const list = this.byProfile.get(profileId) ?? [];
    list.push(item);
    if (list.length > MAX_HISTORY) list.splice(0, list.length - MAX_HISTORY);
    this.byProfile.set(profileId, list);
  }

  list(profileId: string): readonly HistoryItem[] {
    return this.byProfile.get(profileId) ?? [];
  }

  get(profileId: string, exchangeId: string): HistoryItem | undefined {
    return this.list(profileId).find((i) => i.raw.id === exchangeId);
  }

  last(profileId: string): HistoryItem | undefined {
    const l = this.list(profileId);
    return l[l.length - 1];
  }

  forget(profileId: string): void {
    this.byProfile.delete(profileId);
  }

  /** Forgets the history of every profile that no longer exists (open panel or not). */
  prune(exists: (profileId: string) => boolean): void {
    for (const id of [...this.byProfile.keys()]) if (!exists(id)) this.byProfile.delete(id);
  }
}
