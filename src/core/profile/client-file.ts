/**
 * Shared client files: a committed, secret-free JSON document (by convention
 * `.vscode/oauth-clients.json`) listing a team's clients, read by the extension and the
 * CLI alike. Also reads the older export format (`{ "profiles": [...] }`) and bare lists,
 * so one reader serves import, the workspace file and the CLI.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../errors';
import { jsonShape } from '../json-limits';
import { TimeSlice } from '../time-slice';
import type { ClientProfile } from '../types';
import type { ProfileFields } from './definition';
import { coreFields, isRecord, markParsedFields, parseClientFileEntry, slugId } from './parse';

/** The `format` value of a client file. */
export const CLIENT_FILE_FORMAT = 'oauth-workbench.clients';
/** Where the extension and the CLI look for the shared file, relative to a workspace folder. */
export const CLIENT_FILE_PATH = '.vscode/oauth-clients.json';
/** Larger files are refused before parsing (a team's file is a few KB; an export of 1,000 clients about 300 KB). */
export const CLIENT_FILE_MAX_BYTES = 512 * 1024;

/**
 * A client file is 4 levels deep; JSON.parse has no depth limit and takes ~600 ms on 1 MiB of
 * `[[[…`. No limit on the number of values: the size cap bounds them, and an export of 1,000
 * clients has more than json-limits' default.
 */
const SHAPE_LIMITS = { maxDepth: 16, maxMembers: Number.POSITIVE_INFINITY };

/** Field names that hold secrets: never read from a file, reported when present. */
export const SECRET_FIELD_NAMES = [
  'clientSecret',
  'client_secret',
  'privateKey',
  'private_key',
  'tokens',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'password',
  'privateKeyFile',
  'clientSecretFile',
] as const;

/** A client read from a file: the profile (internal id) and the id written in the file. */
export interface FileClient {
  profile: ClientProfile;
  /** The entry's `id`, or the slug of its name. */
  fileId: string;
  /** The profile's fields without any id, as validated (what an import stores under a new id). */
  fields: ProfileFields;
}

export interface ClientFileResult {
  clients: FileClient[];
  /** One message per skipped entry, naming the entry and the problem (never a value). */
  problems: string[];
  /** Secret fields found (and ignored), as `entry N: field`. */
  ignoredSecrets: string[];
}

/**
 * The internal id of a file client: its file id plus a hash of issuer and client_id, so
 * that the same client in two repositories shares its stored secret, and two different
 * clients that happen to share a file id never do.
 */
export function fileClientId(fileId: string, issuer: string, clientId: string): string {
  const hash = createHash('sha256').update(`${issuer}\n${clientId}`).digest('base64url').slice(0, 8);
  return `file-${fileId}-${hash}`;
}

/** The list of entries in a parsed document: `clients` (this format), `profiles` (old export) or a bare list. */
function entriesOf(value: unknown): unknown[] | undefined {
  const list: unknown = isRecord(value) ? (value.clients ?? value.profiles) : value;
  return Array.isArray(list) ? (list as unknown[]) : undefined;
}

/**
 * Parses a client file (or an export). Invalid entries are skipped and reported; secret
 * fields are ignored and reported; duplicate ids keep the first entry.
 * @param where names the file in messages.
 * @throws ConfigError CONFIG_INVALID (rejects) when the text is not JSON, too large, or has no client list.
 */
export async function parseClientFile(text: string, where: string): Promise<ClientFileResult> {
  if (text.length > CLIENT_FILE_MAX_BYTES) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `${where} is larger than ${CLIENT_FILE_MAX_BYTES / 1024} KiB; a client file lists clients only.`,
    );
  }
  if (jsonShape(text, SHAPE_LIMITS) !== 'ok') {
    throw new ConfigError(
      'CONFIG_INVALID',
      `${where} nests deeper than ${SHAPE_LIMITS.maxDepth} levels; a client file is { "clients": [ { … } ] }.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `${where} is not valid JSON (${e instanceof SyntaxError ? e.message.slice(0, 120) : 'parse error'}). Write { "clients": [ … ] } (no comments).`,
    );
  }
  const list = entriesOf(value);
  if (!list) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `${where} has no "clients" list. Write { "clients": [ { "name": …, "issuer": …, "clientId": … } ] }.`,
    );
  }
  const result: ClientFileResult = { clients: [], problems: [], ignoredSecrets: [] };
  const seen = new Map<string, number>();
  const slice = new TimeSlice();
  for (const [i, entry] of list.entries()) {
    // ~15 µs per client: a file of thousands is parsed in slices, not in one block.
    if (slice.spent(i)) await slice.next();
    const label = `${where} client ${i + 1}`;
    if (isRecord(entry))
      for (const f of SECRET_FIELD_NAMES) if (entry[f] !== undefined) result.ignoredSecrets.push(`client ${i + 1}: ${f}`);
    try {
      const { id, ...rest } = parseClientFileEntry(entry, label);
      const fields = markParsedFields(rest);
      const fileId = id ?? slugId(fields.name);
      const profile: ClientProfile = { ...fields, id: fileClientId(fileId, fields.issuer, fields.clientId) };
      const first = seen.get(profile.id);
      if (first !== undefined) {
        result.problems.push(`${label} repeats client ${first} (same id, issuer and client_id); it is skipped.`);
        continue;
      }
      seen.set(profile.id, i + 1);
      result.clients.push({ fileId, profile, fields });
    } catch (e) {
      result.problems.push(e instanceof Error ? e.message : String(e));
    }
  }
  return result;
}

/**
 * A client file document for profiles (export, or a file to commit): their non-secret
 * fields only; ids are the file ids of file clients and otherwise left out (the name's slug).
 */
export function clientFileDocument(profiles: readonly (ClientProfile & { fileId?: string })[]): Record<string, unknown> {
  return {
    $schema: 'https://oauth-workbench.invalid/schemas/oauth-clients.schema.json',
    format: CLIENT_FILE_FORMAT,
    version: 1,
    clients: profiles.map((p) => {
      const { id: _id, ...fields } = coreFields(p);
      return p.fileId ? { id: p.fileId, ...fields } : fields;
    }),
  };
}
