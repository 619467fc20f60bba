/**
 * Imported keys cached per profile so a request does not re-parse the PEM/JWK.
 * One entry per profile: the material it was imported from (kept to compare, never
 * handed out — it is no more secret than the KeyObject the entry holds anyway) and
 * the kid. A lookup compares the material as a string: a memcmp of a few KB, where
 * hashing it on every request cost more than signing (npm run bench). A new material
 * or kid for a profile replaces its entry.
 */
import { importPrivateKey, type LoadedKey } from './keys';

interface Entry {
  material: string;
  kid: string | undefined;
  loaded: Promise<LoadedKey>;
}

export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  /** The imported key for this profile and material; imports once, then returns the same object. */
  get(profileId: string, material: string, kid?: string): Promise<LoadedKey> {
    const hit = this.entries.get(profileId);
    if (hit && hit.material === material && hit.kid === kid) return hit.loaded;
    // The profile's key changed (or its kid did): the previous import is forgotten.
    const loaded = importPrivateKey(material, kid !== undefined ? { kid } : {});
    this.entries.set(profileId, { material, kid, loaded });
    // Failures are not cached: the user fixes the key and tries again.
    loaded.catch(() => {
      if (this.entries.get(profileId)?.loaded === loaded) this.entries.delete(profileId);
    });
    return loaded;
  }

  /** Drops one profile's key, or all keys. */
  clear(profileId?: string): void {
    if (profileId === undefined) this.entries.clear();
    else this.entries.delete(profileId);
  }

  /** Number of cached keys (diagnostics and tests). */
  get size(): number {
    return this.entries.size;
  }
}
