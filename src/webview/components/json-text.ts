/**
 * The text model of the panel's JSON renderers (pure, no DOM: tested in node at the
 * response cap, SECURITY.md 13/18). Values reach the webview already bounded (the
 * transport parses no JSON deeper than 64 levels or with more than 10,000 values); a
 * value that still cannot be written (too deep for `JSON.stringify`) is named, not thrown.
 */

const UNPRINTABLE = '(this value is nested too deeply to show)';

/** Pretty-printed JSON (2 spaces). */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return UNPRINTABLE;
  }
}

/** A JSON value as one line of text (strings without quotes). */
export function jsonInline(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return UNPRINTABLE;
  }
}
