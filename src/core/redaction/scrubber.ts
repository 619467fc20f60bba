/**
 * The scrubber of one call (SECURITY.md 19): built from that call's own secrets, it
 * masks them in every encoding (by value), then the values of secret-named fields and
 * every JWT-shaped value (by shape). Every pass is linear: the by-value pass is the
 * engine's native substring search, one per encoded form; the others are single
 * forward scans.
 */
import { parseBoundedJson } from '../json-limits';
import { encodedForms, MIN_SECRET_LENGTH } from './encodings';
import { maskSecretFields } from './field-scan';
import { maskJwtShaped } from './jwt-scan';
import { isMasked, marker, ELLIPSIS } from './mask-token';
import { maskNamedValue } from './mask-named-value';
import { isSecretFieldName } from './secret-names';

/** A secret value and the label its marker shows (`client_secret` → `<client_secret>`). */
export interface SecretValue {
  value: string;
  label: string;
}

/** Deeper values are replaced whole (a bound for the recursive copy; parsed JSON never gets here, see json-limits). */
const MAX_DEPTH = 100;

type Form = { text: string; marker: string };

export class Scrubber {
  /** A scrubber with no secrets of its own: fields and JWT-shaped values only. */
  static readonly none = new Scrubber([]);

  private built: readonly Form[] | undefined;

  /**
   * The encoded forms are computed on first use, not when the scrubber is made: every
   * call makes one, and most calls (a 200) never scrub a text with it — building the
   * forms of an assertion and a token was a quarter of a client_credentials call's CPU.
   */
  private constructor(private readonly secrets: readonly SecretValue[]) {}

  /** A scrubber for these secrets (undefined, empty, short and masked values are skipped). */
  static of(secrets: Iterable<SecretValue | undefined>): Scrubber {
    const kept: SecretValue[] = [];
    for (const s of secrets) if (s && s.value.length >= MIN_SECRET_LENGTH && !isMasked(s.value)) kept.push(s);
    return kept.length === 0 ? Scrubber.none : new Scrubber(kept);
  }

  /** This scrubber plus more secrets. */
  with(secrets: Iterable<SecretValue | undefined>): Scrubber {
    const more = Scrubber.of(secrets);
    if (more.secrets.length === 0) return this;
    if (this.secrets.length === 0) return more;
    return new Scrubber([...this.secrets, ...more.secrets]);
  }

  /** Every encoded form of every secret, longest first (the first secret's marker wins a shared form). */
  private get forms(): readonly Form[] {
    if (this.built) return this.built;
    const byForm = new Map<string, string>();
    for (const s of this.secrets) for (const f of encodedForms(s.value)) if (!byForm.has(f)) byForm.set(f, marker(s.label));
    this.built = [...byForm].map(([text, m]) => ({ text, marker: m })).sort((a, b) => b.text.length - a.text.length);
    return this.built;
  }

  /** True when this scrubber knows secrets by value. */
  get hasSecrets(): boolean {
    return this.secrets.length > 0;
  }

  /** Length of the longest encoded form (how far a secret can reach across a cut). */
  get longestForm(): number {
    return this.forms[0]?.text.length ?? 0;
  }

  /** The call's secrets, in every encoding, replaced by their markers. */
  values(text: string): string {
    let out = text;
    for (const f of this.forms) if (out.includes(f.text)) out = out.split(f.text).join(f.marker);
    return out;
  }

  /** Deep copy of a JSON value with the call's secrets replaced by value in every string (nothing else masked). */
  valuesDeep(value: unknown, depth = 0): unknown {
    if (!this.hasSecrets) return value;
    if (typeof value === 'string') return this.values(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_DEPTH) return ELLIPSIS;
    if (Array.isArray(value)) return value.map((v) => this.valuesDeep(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = this.valuesDeep(v, depth + 1);
    return out;
  }

  /**
   * Our own prose that quotes what a server sent (finding evidence, titles, fixes): the
   * call's secrets by value and JWT-shaped values, but not field names — prose says
   * "the token: …" or "assertion: iss and sub differ", and the quotes were masked when cut.
   */
  quoting(text: string): string {
    return maskJwtShaped(this.values(text));
  }

  /** Free text (an error message, an excerpt, a header value): by value, by field name, by JWT shape. */
  plain(text: string): string {
    return maskJwtShaped(maskSecretFields(this.values(text)));
  }

  /**
   * A body: JSON (within the limits) is parsed, masked field by field and written back
   * compact; anything else (broken JSON, HTML, text, a form) is masked as text.
   */
  text(text: string): string {
    const trimmed = text.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      const parsed = parseBoundedJson(trimmed);
      if (parsed) return JSON.stringify(this.json(parsed.value));
    }
    return this.plain(text);
  }

  /** Deep copy of a JSON value: secret-named fields masked, every string scrubbed. */
  json(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.plain(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_DEPTH) return ELLIPSIS;
    if (Array.isArray(value)) return value.map((v) => this.json(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = typeof v === 'string' && isSecretFieldName(k) ? maskNamedValue(k, v) : this.json(v, depth + 1);
    }
    return out;
  }
}
