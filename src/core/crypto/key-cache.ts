/**
 * Imported keys cached per profile so a request does not re-parse the PEM/JWK.
 * Entries are keyed by profile id + SHA-256 of the material (+ kid); the material
 * itself is never kept here. A new material for a profile evicts its old entries.
 */
import { createHash } from 'node:crypto';
import { importPrivateKey, type LoadedKey } from './keys';

export class KeyCache {
  private readonly entries = new Map<string, { profileId: string; loaded: Promise<LoadedKey> }>();

  /** The imported key for this profile and material; imports once, then returns the same object. */
  get(profileId: string, material: string, kid?: string): Promise<LoadedKey> {
    const digest = createHash('sha256').update(material).digest('hex');
    const cacheKey = `${profileId}\u0000${digest}\u0000${kid ?? ''}`;
    const hit = this.entries.get(cacheKey);
    if (hit) return hit.loaded;
    // The profile's key changed (or its kid did): forget the previous import.
    this.clear(profileId);
    const loaded = importPrivateKey(material, kid !== undefined ? { kid } : {});
    this.entries.set(cacheKey, { profileId, loaded });
    // Failures are not cached: the user fixes the key and tries again.
    loaded.catch(() => {
      if (this.entries.get(cacheKey)?.loaded === loaded) this.entries.delete(cacheKey);
    });
    return loaded;
  }

  /** Drops one profile's keys, or all keys. */
  clear(profileId?: string): void {
    if (profileId === undefined) {
      this.entries.clear();
      return;
    }
    for (const [k, v] of this.entries) if (v.profileId === profileId) this.entries.delete(k);
  }

  /** Number of cached keys (diagnostics and tests). */
  get size(): number {
    return this.entries.size;
  }
}
