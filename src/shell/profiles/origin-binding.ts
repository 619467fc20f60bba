/**
 * SECURITY.md 6: a stored secret is bound to the origin(s) it was entered for. The
 * origins are non-secret metadata kept in globalState. Before a credentialed request
 * goes to an origin outside that set — because discovery metadata, a profile edit, an
 * import or a setting moved an endpoint — the caller must ask the user (or, without
 * UI, refuse unless `allowNewOrigin: true`).
 */
import type * as vscode from 'vscode';

const KEY = 'oauthWorkbench.secretOrigins.v1';

/** The origin (`scheme://host:port`) of a URL, or undefined when it is not a URL. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export class OriginBinding {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, string[]> {
    const raw: unknown = this.state.get(KEY);
    if (typeof raw !== 'object' || raw === null) return {};
    const out: Record<string, string[]> = {};
    for (const [id, list] of Object.entries(raw)) {
      if (Array.isArray(list)) out[id] = list.filter((o): o is string => typeof o === 'string');
    }
    return out;
  }

  /** Origins the profile's secrets may go to. Empty: nothing bound yet. */
  origins(profileId: string): string[] {
    return this.all()[profileId] ?? [];
  }

  /** True when a credentialed request to `url` needs the user's consent first. */
  isNewOrigin(profileId: string, url: string): boolean {
    const origin = originOf(url);
    if (origin === undefined) return true;
    return !this.origins(profileId).includes(origin);
  }

  /** Adds the origins of `urls` (e.g. when a secret is entered, or the user allowed a new origin). */
  async bind(profileId: string, urls: Iterable<string | undefined>): Promise<void> {
    const all = this.all();
    const set = new Set(all[profileId] ?? []);
    for (const u of urls) {
      const o = u ? originOf(u) : undefined;
      if (o) set.add(o);
    }
    all[profileId] = [...set].sort();
    await this.state.update(KEY, all);
  }

  /** Replaces the bound origins (a secret was entered anew: it belongs to today's endpoints only). */
  async rebind(profileId: string, urls: Iterable<string | undefined>): Promise<void> {
    await this.clear(profileId);
    await this.bind(profileId, urls);
  }

  async clear(profileId: string): Promise<void> {
    const all = this.all();
    if (!(profileId in all)) return;
    delete all[profileId];
    await this.state.update(KEY, all);
  }

  /** Copies the bindings of one profile to another (duplicate). */
  async copy(fromId: string, toId: string): Promise<void> {
    await this.bind(toId, this.origins(fromId));
  }
}
