/**
 * Short, escaped excerpts of response bodies for error messages (SECURITY.md item 9).
 * Token-like values are masked first: an excerpt must never carry a secret.
 */
import { maskSecretsInText } from '../redact';

const MAX = 200;

/** Escapes control characters and quotes (JSON string rules), collapses whitespace, cuts at 200 chars. */
export function bodyExcerpt(body: string): string {
  const masked = maskSecretsInText(body);
  const flat = masked.replace(/\s+/g, ' ').trim();
  const cut = flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
  const escaped = JSON.stringify(cut).slice(1, -1);
  return escaped.length > MAX ? `${escaped.slice(0, MAX - 1)}…` : escaped;
}
