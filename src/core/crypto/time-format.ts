/** Human-readable absolute and relative times for JWT time claims. */
import { isoFromEpochMs } from '../iso-time';

/** "in 42 min", "3 h ago", "in 2 d 4 h", "now". */
export function relativeTime(epochSeconds: number, nowSeconds: number): string {
  const diff = Math.round(epochSeconds - nowSeconds);
  if (diff === 0) return 'now';
  const text = duration(Math.abs(diff));
  return diff > 0 ? `in ${text}` : `${text} ago`;
}

/** "42 s", "5 min", "3 h", "3 h 5 min", "2 d 4 h". */
export function duration(totalSeconds: number): string {
  const s = Math.floor(totalSeconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 2 * 86400) {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** ISO 8601 for an epoch in seconds, or undefined when out of the Date range. */
export function isoTime(epochSeconds: number): string | undefined {
  const ms = epochSeconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return isoFromEpochMs(ms);
}
