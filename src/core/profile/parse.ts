/**
 * Run-time validation of profile data that comes from outside the type system: settings,
 * stored state, imported and shared client files, command argument objects — all through
 * the one definition (profile/definition.ts). Checks field types and allowed values only;
 * what the fields MEAN is decided where they are used.
 */
import * as v from 'valibot';
import { ConfigError } from '../errors';
import type { ClientProfile } from '../types';
import {
  CLIENT_FILE_ENTRY,
  isHttpUrl,
  MAX_RESOURCES,
  PROFILE_FIELD_NAMES,
  PROFILE_FIELDS,
  PROFILE_ID_PATTERN,
  SETTINGS_ENTRY,
  SOURCE_ID_MAX,
  SOURCE_ID_PATTERN,
  TOO_MANY_RESOURCES,
  type ProfileFields,
} from './definition';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `null`, empty and blank strings mean "not set" (settings UIs and hand-edited JSON write them). */
function isUnset(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function withoutUnset(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value)) {
    if (isUnset(x)) continue;
    if (k === 'endpoints' && isRecord(x)) {
      const eps = withoutUnset(x);
      if (Object.keys(eps).length > 0) out[k] = eps;
      continue;
    }
    if (k === 'resource' && Array.isArray(x) && x.length === 0) continue;
    // valibot checks every item before the list's length: refuse a huge list first (SECURITY.md 18).
    if (k === 'resource' && Array.isArray(x) && x.length > MAX_RESOURCES) throw new TooLong(`"resource" ${TOO_MANY_RESOURCES}`);
    out[k] = x;
  }
  return out;
}

/** A problem found before the schema runs (its message lacks the source). */
class TooLong extends Error {}

function run<S extends v.GenericSchema<unknown, unknown>>(schema: S, value: unknown, where: string): v.InferOutput<S> {
  if (!isRecord(value)) throw new ConfigError('CONFIG_INVALID', `${where}: expected an object with name, issuer, clientId and authMethod.`);
  let input: Record<string, unknown>;
  try {
    input = withoutUnset(value);
  } catch (e) {
    if (e instanceof TooLong) throw new ConfigError('CONFIG_INVALID', `${where}: ${e.message}`);
    throw e;
  }
  const result = v.safeParse(schema, input, { abortEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  throw new ConfigError('CONFIG_INVALID', path ? `${where}: "${path}" ${issue.message}` : `${where}: ${issue.message}`);
}

/**
 * Fields objects this parser returned, with their JSON text at the time. A store that
 * must write only valid profiles can skip validating such an object again while its text
 * is unchanged (a stringify costs a tenth of a validation: an import of 1,000 clients
 * validates each once, not twice).
 */
const issued = new WeakMap<object, string>();

/** Records `fields` as validated profile fields (the parser's output, or an exact part of it). */
export function markParsedFields(fields: ProfileFields): ProfileFields {
  issued.set(fields, JSON.stringify(fields));
  return fields;
}

/** True when `fields` is an object this parser returned and nothing in it has changed since. */
export function isParsedFields(fields: object): boolean {
  const text = issued.get(fields);
  return text !== undefined && text === JSON.stringify(fields);
}

/**
 * Validates the non-secret fields of a profile. Unknown fields are dropped, so a secret
 * put by mistake into an imported file or a setting never reaches the profile store.
 * @param where names the source in error messages, e.g. `Imported profile "Billing"`.
 * @throws ConfigError CONFIG_INVALID naming the field and what is wrong.
 */
export function parseProfileFields(value: unknown, where: string): ProfileFields {
  return markParsedFields(run(PROFILE_FIELDS, value, where));
}

/** An entry of the `oauthWorkbench.profiles` setting (fields, optional id, secret file paths). */
export function parseSettingsEntry(value: unknown, where: string): v.InferOutput<typeof SETTINGS_ENTRY> {
  return run(SETTINGS_ENTRY, value, where);
}

/** A client of a shared client file (fields and optional id; never secrets or file paths). */
export function parseClientFileEntry(value: unknown, where: string): v.InferOutput<typeof CLIENT_FILE_ENTRY> {
  return run(CLIENT_FILE_ENTRY, value, where);
}

/** Like {@link parseProfileFields} but also requires a safe `id` (letters, digits, `-`, `_`). */
export function parseStoredProfile(value: unknown, where: string): ClientProfile {
  // Not marked (markParsedFields): its result is a new object, and the stored list parses
  // thousands of entries, each already stringified once by its reader.
  const fields = run(PROFILE_FIELDS, value, where);
  const id = isRecord(value) ? value.id : undefined;
  if (typeof id !== 'string' || !isProfileId(id))
    throw new ConfigError('CONFIG_INVALID', `${where}: "id" must be letters, digits, "-" or "_".`);
  return { id, ...fields };
}

const PROFILE_ID = new RegExp(PROFILE_ID_PATTERN);
const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);

/** Internal profile ids become part of SecretStorage keys, so they are restricted to a safe alphabet. */
export function isProfileId(id: string): boolean {
  return PROFILE_ID.test(id);
}

/** Ids people write in settings and client files (shorter: a source prefix is added). */
export function isSourceId(id: string): boolean {
  return SOURCE_ID.test(id);
}

/** Makes an id from a name (settings and file clients without an explicit id). */
export function slugId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SOURCE_ID_MAX)
    .replace(/-+$/, '');
  return slug === '' ? 'profile' : slug;
}

/** Only the definition's fields and the id (what is exported, stored, or handed to the core). */
export function coreFields<P extends ClientProfile>(p: P): ClientProfile {
  const out: Record<string, unknown> = { id: p.id };
  for (const k of PROFILE_FIELD_NAMES) if (p[k] !== undefined) out[k] = p[k];
  return out as unknown as ClientProfile;
}

/** Why `value` is not a usable URL, or undefined when it is (for input validation). */
export function urlProblem(value: string, what: string): string | undefined {
  const x = value.trim();
  if (x === '') return `Enter the ${what}.`;
  if (!isHttpUrl(x)) return `The ${what} must be an absolute https:// URL (http:// only for localhost), e.g. https://login.example.com.`;
  return undefined;
}
