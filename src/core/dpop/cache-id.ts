/** Apart from mode.ts, so that the credentials store (loaded at activation) loads no key import. */

/** The KeyCache slot of a profile's DPoP key (apart from its signing key). */
export function dpopCacheId(profileId: string): string {
  return `${profileId}\u0000dpop`;
}
