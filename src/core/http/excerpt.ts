/**
 * Short, escaped excerpts of response bodies for error messages (SECURITY.md 9, 18, 19).
 * An excerpt must never carry a secret and must cost the same on a 1 MiB body as on a
 * short one: the call's secrets are masked by value on the whole body first (native
 * substring search, so no secret is cut in half by the excerpt's end), then only the
 * first few KiB are scanned for secret fields and JWT-shaped values, then cut.
 */
import { currentScrubber, type Scrubber } from '../redaction';
import { maskSecretFields } from '../redaction/field-scan';
import { maskJwtShaped } from '../redaction/jwt-scan';

/** Longest excerpt, after escaping. */
const MAX = 200;
/** Characters of the body shown, before escaping. */
const SHOWN = 160;
/** Characters scanned: what is shown plus room for a long field or JWT that starts in it. */
const WINDOW = 4096;

function firstNonSpace(text: string): number {
  const i = text.search(/\S/);
  return i === -1 ? text.length : i;
}

/**
 * Escapes control characters and quotes (JSON string rules), collapses whitespace,
 * cuts at 200 characters. `scrubber` defaults to the current call's.
 */
export function bodyExcerpt(body: string, scrubber: Scrubber = currentScrubber()): string {
  const valued = scrubber.hasSecrets ? scrubber.values(body) : body;
  const start = firstNonSpace(valued);
  const window = valued.slice(start, start + WINDOW);
  const masked = maskJwtShaped(maskSecretFields(window));
  const flat = masked.replace(/\s+/g, ' ').trim();
  const cut = flat.length > SHOWN || valued.length > start + WINDOW ? `${flat.slice(0, SHOWN)}…` : flat;
  const escaped = JSON.stringify(cut).slice(1, -1);
  return escaped.length > MAX ? `${escaped.slice(0, MAX - 1)}…` : escaped;
}
