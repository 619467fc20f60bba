/**
 * The "OAuth Clients" tree with thousands of clients (issue "Fast by measurement"):
 * the stored list is parsed once per change, not per read, and the token states and
 * secret states the nodes need are read in batches, with one tree refresh per batch
 * (before: one refresh per client).
 */
import * as assert from 'node:assert/strict';
import type { TestingApi } from '../../src/extension';
import { PROFILES_KEY } from '../../src/shell/profiles/profile-store';
import type { ClientNode } from '../../src/shell/tree/clients-tree';
import { measureBlocking } from '../unit/helpers/event-loop';
import { eventually, resetWorkbench, workbench } from './workbench-helpers';

const COUNT = 2500;
const BATCH = 1000;

describe('OAuth Clients tree with 2,500 clients', function () {
  this.timeout(120_000);
  let api: TestingApi;
  const ids = Array.from({ length: COUNT }, (_, i) => `scale-${i}`);
  let refreshes = 0;

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
  });
  beforeEach(async () => {
    // Token states read by an earlier test would not be read again.
    for (const id of ids) api.services.session.forget(id);
    // One write of the whole list (as an import does); a new list object for every test.
    await api.services.context.globalState.update(
      PROFILES_KEY,
      ids.map((id, i) => ({
        id,
        name: `Scale ${i}`,
        issuer: 'https://idp.example.com',
        clientId: `c-${i}`,
        authMethod: 'client_secret_post',
      })),
    );
  });
  afterEach(async () => {
    await api.services.context.globalState.update(PROFILES_KEY, []);
  });

  const counting = async (work: () => Promise<void>): Promise<number> => {
    refreshes = 0;
    const sub = api.tree.onDidChangeTreeData(() => refreshes++);
    try {
      await work();
      // Late refreshes (one per client, as before) would land here.
      await new Promise((r) => setTimeout(r, 300));
      return refreshes;
    } finally {
      sub.dispose();
    }
  };

  it('parses the stored list once per change: reads hand out the same profile objects until the list changes', async () => {
    const first = api.services.store.get('scale-7');
    assert.ok(first);
    assert.equal(api.services.store.get('scale-7'), first);
    assert.equal(
      api.services.store.list().find((p) => p.id === 'scale-7'),
      first,
    );
    assert.equal((await api.tree.getChildren()).length, COUNT);
    assert.equal(api.services.store.get('scale-7'), first, 'rendering the tree did not parse the list again');
    // The render queued token reads; let them finish so that they do not land in the next test's count.
    await eventually(() => assert.ok(ids.every((id) => api.services.session.tokenLoaded(id))), 60_000);
    await api.services.context.globalState.update(PROFILES_KEY, []);
    assert.equal(api.services.store.get('scale-7'), undefined, 'a change is seen at once');
  });

  it('after one client changes, the others keep their parsed objects; a damaged entry is still refused', async () => {
    const store = api.services.store;
    const seven = store.get('scale-7');
    const eight = store.get('scale-8');
    assert.ok(seven && eight);
    await store.update('scale-8', { name: 'Renamed 8', issuer: eight.issuer, clientId: eight.clientId, authMethod: eight.authMethod });
    assert.equal(store.get('scale-7'), seven, 'an unchanged client was not parsed again');
    assert.notEqual(store.get('scale-8'), eight);
    assert.equal(store.get('scale-8')?.name, 'Renamed 8');
    // Another window writes the list anew: same text, same profile; a damaged entry is skipped.
    const raw = api.services.context.globalState.get<Record<string, unknown>[]>(PROFILES_KEY)!;
    await api.services.context.globalState.update(PROFILES_KEY, [
      ...raw.map((e) => ({ ...e })),
      { id: 'scale-bad', name: 'Bad', issuer: 'not a url', clientId: 'x', authMethod: 'client_secret_post' },
    ]);
    assert.equal(store.get('scale-7'), seven, 'an entry with the same JSON keeps its parsed profile');
    assert.equal(store.get('scale-bad'), undefined, 'a damaged entry is refused as before');
    assert.equal(store.list().filter((p) => p.id.startsWith('scale-')).length, COUNT);
  });

  it('reads the root after EVERY client changed (another window rewrote the list) in slices: the extension host keeps turning meanwhile', async () => {
    const state = api.services.context.globalState;
    const store = api.services.store;
    // 10,000 clients, every one changed (validating them all takes 100-200 ms in one block).
    const synced = Array.from({ length: 10_000 }, (_, i) => ({
      id: `sync-${i}`,
      name: `Synced ${i}`,
      issuer: 'https://idp.example.com',
      clientId: `s-${i}`,
      authMethod: 'client_secret_post',
    }));
    await state.update(PROFILES_KEY, synced);
    const { result: roots, turns } = await measureBlocking(() => api.tree.getChildren());
    assert.equal(roots.length, 10_000);
    assert.equal(store.get('sync-9999')?.name, 'Synced 9999');
    // Work done in one block counts 2 turns (the one after it and the closing one).
    assert.ok(turns > 2, `the host turned ${turns - 2} time(s) while 10,000 changed clients were read`);
    // Let the root's token reads finish so that they do not land in the next test's count.
    await eventually(() => assert.ok(synced.every((p) => api.services.session.tokenLoaded(p.id))), 60_000);
    for (const p of synced) api.services.session.forget(p.id);
  });

  it('reads the token states of the root in batches: one refresh per 1,000 clients, not one per client', async () => {
    const n = await counting(async () => {
      for (const node of await api.tree.getChildren()) api.tree.getTreeItem(node);
      await eventually(() => assert.ok(ids.every((id) => api.services.session.tokenLoaded(id))), 60_000);
    });
    assert.equal(n, Math.ceil(COUNT / BATCH));
    const shown = (await api.tree.getChildren()).find((c) => c.profileId === 'scale-0');
    assert.match(String(shown?.item.description), /no token/);
  });

  it('reads the secret states of expanded clients in batches: one refresh per 1,000', async () => {
    const secretNode = (profile: ClientNode): ClientNode | undefined =>
      profile
        .children()
        .find((c) => c.kind === 'client')
        ?.children()
        .find((d) => d.item.contextValue === 'secret.clientSecret');
    const n = await counting(async () => {
      const roots = await api.tree.getChildren();
      for (const node of roots) secretNode(node);
      await eventually(() => {
        for (const node of [roots[0]!, roots[COUNT - 1]!]) assert.match(String(secretNode(node)?.item.description), /not set/);
      }, 60_000);
    });
    // The token states of the root's children come in the same first render.
    assert.equal(n, 2 * Math.ceil(COUNT / BATCH));
  });
});
