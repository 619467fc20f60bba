/**
 * The parsed stored client list (src/shell/profiles/stored-list.ts): parsed once per
 * change of the globalState value, only changed entries validated again, and — for a
 * list of thousands replaced at once (by another window) — parsed in slices with turns of
 * the event loop in between, so that the tree never freezes the editor.
 */
import * as assert from 'node:assert/strict';
import { StoredList } from '../../src/shell/profiles/stored-list';
import { measureBlocking } from './helpers/event-loop';

const entry = (i: number, name = `Client ${i}`): Record<string, unknown> => ({
  id: `c-${i}`,
  name,
  issuer: `https://idp${i % 7}.example.com`,
  clientId: `client-${i}`,
  authMethod: i % 2 ? 'private_key_jwt' : 'client_secret_basic',
  scope: 'read  write',
});

/** A fresh copy of the list, as globalState hands out after another window wrote it. */
const copy = (list: unknown[]): unknown[] => JSON.parse(JSON.stringify(list)) as unknown[];

describe('StoredList', () => {
  it('parses through the one profile parser (normalised) and hands out the same objects until the value changes', () => {
    const list = new StoredList(() => undefined);
    const raw = [entry(1), entry(2)];
    const first = list.read(raw);
    assert.equal(first.length, 2);
    assert.equal(first[0]!.scope, 'read write', 'the parser normalised the scope');
    assert.equal(first[0]!.source, 'stored');
    assert.equal(list.read(raw), first, 'the same array for the same value');
  });

  it('after a change, keeps the parsed profile of every entry whose JSON is unchanged and parses the changed one', () => {
    const list = new StoredList(() => undefined);
    const raw = Array.from({ length: 50 }, (_, i) => entry(i));
    const before = list.read(raw);
    const changed = copy(raw);
    changed[7] = entry(7, 'Renamed');
    const after = list.read(changed);
    assert.notEqual(after, before);
    assert.equal(after[7]!.name, 'Renamed');
    assert.notEqual(after[7], before[7]);
    for (const i of [0, 6, 8, 49]) assert.equal(after[i], before[i], `entry ${i} was not parsed again`);
  });

  it('skips a damaged entry and says which and why, keeping the others', () => {
    const said: string[] = [];
    const list = new StoredList((m) => said.push(m));
    const profiles = list.read([entry(1), { ...entry(2), issuer: 'not a url' }, 'junk', entry(3)]);
    assert.deepEqual(
      profiles.map((p) => p.id),
      ['c-1', 'c-3'],
    );
    assert.equal(said.length, 2);
    assert.match(said[0]!, /Skipped a damaged stored profile: Stored profile 2: "issuer" must be an absolute http\(s\) URL\./);
    assert.match(said[1]!, /Stored profile 3/);
  });

  it('reads a missing or non-list value as no clients', () => {
    const list = new StoredList(() => undefined);
    assert.deepEqual(list.read(undefined), []);
    assert.deepEqual(list.read({ not: 'a list' }), []);
  });

  it('settles a list of 20,000 in slices: the event loop turns while it parses, and the result is the whole list', async () => {
    const list = new StoredList(() => undefined);
    const raw = Array.from({ length: 20_000 }, (_, i) => entry(i));
    const { result: profiles, turns } = await measureBlocking(() => list.settle(() => raw));
    assert.equal(profiles.length, 20_000);
    assert.equal(profiles[19_999]!.id, 'c-19999');
    // Work done in one block counts 2 turns (the one after it and the closing one).
    assert.ok(turns > 2, `the event loop turned ${turns - 2} time(s) while 20,000 clients were parsed`);
    assert.equal(list.read(raw), profiles, 'a read afterwards parses nothing');
  });

  it('a read() while a settle is under way finishes the parse at once; the settle resolves with the same list', async () => {
    const list = new StoredList(() => undefined);
    const raw = Array.from({ length: 20_000 }, (_, i) => entry(i));
    const settling = list.settle(() => raw);
    const now = list.read(raw);
    assert.equal(now.length, 20_000);
    assert.equal(await settling, now);
  });

  it('a settle that sees the value replaced meanwhile resolves with the newest list', async () => {
    const list = new StoredList(() => undefined);
    let raw: unknown[] = Array.from({ length: 20_000 }, (_, i) => entry(i));
    const settling = list.settle(() => raw);
    await new Promise((r) => setImmediate(r));
    raw = [entry(1, 'Only one')];
    const profiles = await settling;
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['Only one'],
    );
  });

  it('remember(): a list this window wrote is read back without parsing, and its texts serve the next parse', () => {
    const said: string[] = [];
    const list = new StoredList((m) => said.push(m));
    const written = list.read([entry(1), entry(2)]);
    // globalState's own copy of what was written.
    const raw = copy([entry(1), entry(2)]);
    list.remember(
      raw,
      written,
      raw.map((e) => JSON.stringify(e)),
    );
    assert.equal(list.read(raw), written);
    const next = copy(raw);
    next.push(entry(3));
    const after = list.read(next);
    assert.equal(after[0], written[0], 'an unchanged entry is found by its text');
    assert.equal(after[2]!.id, 'c-3');
  });
});
