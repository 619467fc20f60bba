/**
 * A tiny strict validator toolkit for the panel's message protocol.
 *
 * Used on BOTH sides of the webview boundary (extension host and browser), so it
 * imports nothing. Each checker returns the value typed or throws a
 * {@link ProtocolViolation} whose message names the path and the expectation —
 * never the offending value, which may be a secret.
 */

/** Thrown by checkers; carries only a path and an expectation (no values). */
export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
}

/** A checker: returns `value` typed, or throws {@link ProtocolViolation}. */
export type Check<T> = (value: unknown, path: string) => T;

/** Throws a violation for `path`; the message never includes the value. */
export function fail(path: string, expected: string): never {
  throw new ProtocolViolation(`${path}: expected ${expected}`);
}

/** Upper bound for ordinary strings (URLs, scopes, names). */
export const MAX_SHORT = 8 * 1024;
/** Upper bound for strings that may carry tokens, assertions or bodies. */
export const MAX_LONG = 4 * 1024 * 1024;

export function str(max = MAX_SHORT): Check<string> {
  return (v, p) => {
    if (typeof v !== 'string') fail(p, 'a string');
    if (v.length > max) fail(p, `a string of at most ${max} characters`);
    return v;
  };
}

export const bool: Check<boolean> = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'a boolean'));

export function num(opts: { int?: boolean; min?: number; max?: number } = {}): Check<number> {
  return (v, p) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(p, 'a finite number');
    if (opts.int && !Number.isInteger(v)) fail(p, 'an integer');
    if (opts.min !== undefined && v < opts.min) fail(p, `a number >= ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) fail(p, `a number <= ${opts.max}`);
    return v;
  };
}

export function literal<const T extends string | number | boolean | null>(expected: T): Check<T> {
  return (v, p) => (v === expected ? expected : fail(p, JSON.stringify(expected)));
}

export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return (v, p) => ((values as readonly unknown[]).includes(v) ? (v as T) : fail(p, `one of ${values.join(', ')}`));
}

export function arrayOf<T>(item: Check<T>, max = 1000): Check<T[]> {
  return (v, p) => {
    if (!Array.isArray(v)) fail(p, 'an array');
    if (v.length > max) fail(p, `an array of at most ${max} items`);
    return v.map((x, i) => item(x, `${p}[${i}]`));
  };
}

export function optional<T>(check: Check<T>): Check<T | undefined> & { optional: true } {
  const c = ((v: unknown, p: string) => (v === undefined ? undefined : check(v, p))) as Check<T | undefined> & {
    optional: true;
  };
  c.optional = true;
  return c;
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v, p) => (v === null ? null : check(v, p));
}

/** Sets an own property even for keys like `__proto__` (claims are untrusted). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

type Shape = Record<string, Check<unknown>>;
type IsOptional<C> = C extends { optional: true } ? true : false;
type Out<S extends Shape> = {
  [K in keyof S as IsOptional<S[K]> extends true ? never : K]: S[K] extends Check<infer T> ? T : never;
} & {
  [K in keyof S as IsOptional<S[K]> extends true ? K : never]?: S[K] extends Check<infer T> ? T : never;
};
type Flat<T> = { [K in keyof T]: T[K] };

/**
 * A plain object with exactly these keys: unknown keys are a violation (strict),
 * keys whose checker is {@link optional} may be absent.
 */
export function object<S extends Shape>(shape: S): Check<Flat<Out<S>>> {
  return (v, p) => {
    if (!isPlainObject(v)) fail(p, 'an object');
    for (const k of Object.keys(v)) if (!Object.prototype.hasOwnProperty.call(shape, k)) fail(`${p}.${k}`, 'no such field');
    const out: Record<string, unknown> = {};
    for (const [k, check] of Object.entries(shape)) {
      const r = check(v[k], `${p}.${k}`);
      if (r !== undefined) out[k] = r;
    }
    return out as Flat<Out<S>>;
  };
}

/** A dictionary with string keys and checked values (e.g. response headers). */
export function record<T>(value: Check<T>, maxKeys = 500): Check<Record<string, T>> {
  return (v, p) => {
    if (!isPlainObject(v)) fail(p, 'an object');
    const keys = Object.keys(v);
    if (keys.length > maxKeys) fail(p, `an object with at most ${maxKeys} keys`);
    const out: Record<string, T> = {};
    for (const k of keys) define(out, k, value(v[k], `${p}.${k}`));
    return out;
  };
}

/**
 * Any JSON value (claims, response bodies), bounded in depth and size. Rejects
 * functions, class instances, NaN and the like: only what JSON can carry.
 */
export function json(maxDepth = 32, maxNodes = 200_000): Check<unknown> {
  return (v, p) => {
    let nodes = 0;
    const walk = (x: unknown, path: string, depth: number): unknown => {
      if (++nodes > maxNodes) fail(p, `a JSON value with at most ${maxNodes} nodes`);
      if (x === null || typeof x === 'string' || typeof x === 'boolean') return x;
      if (typeof x === 'number') return Number.isFinite(x) ? x : fail(path, 'a finite number');
      if (depth >= maxDepth) fail(path, `JSON nested at most ${maxDepth} deep`);
      if (Array.isArray(x)) return x.map((e, i) => walk(e, `${path}[${i}]`, depth + 1));
      if (isPlainObject(x)) {
        const out: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(x)) define(out, k, walk(e, `${path}.${k}`, depth + 1));
        return out;
      }
      return fail(path, 'a JSON value');
    };
    return walk(v, p, 0);
  };
}

/** A JSON object (claims, headers of a JWT). */
export function jsonObject(): Check<Record<string, unknown>> {
  const any = json();
  return (v, p) => {
    if (!isPlainObject(v)) fail(p, 'an object');
    return any(v, p) as Record<string, unknown>;
  };
}

/**
 * A tagged union on `type`: picks the checker by tag, so unknown tags are rejected
 * by name (which is safe to log) rather than by trying every member.
 */
export function tagged<M extends Record<string, Check<unknown>>>(
  members: M,
): Check<{ [K in keyof M]: M[K] extends Check<infer T> ? T : never }[keyof M]> {
  return (v, p) => {
    if (!isPlainObject(v)) fail(p, 'an object');
    const tag = v.type;
    if (typeof tag !== 'string' || !Object.prototype.hasOwnProperty.call(members, tag)) fail(`${p}.type`, 'a known message type');
    return members[tag]!(v, p) as never;
  };
}

/** Result of validating untrusted input. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Runs a checker without throwing; `reason` is safe to log (no values). */
export function parseWith<T>(check: Check<T>, value: unknown, root = 'message'): Parsed<T> {
  try {
    return { ok: true, value: check(value, root) };
  } catch (e) {
    if (e instanceof ProtocolViolation) return { ok: false, reason: e.message };
    throw e;
  }
}
