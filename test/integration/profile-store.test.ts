/**
 * What the profile store writes is what every window reads back: it validates new and
 * edited clients with the one parser before writing (a value the next read would skip as
 * damaged never reaches globalState), and the list it wrote is read back without a
 * second parse.
 */
import * as assert from 'node:assert/strict';
import type { TestingApi } from '../../src/extension';
import { PROFILES_KEY } from '../../src/shell/profiles/profile-store';
import { resetWorkbench, workbench } from './workbench-helpers';

describe('Profile store writes', function () {
  this.timeout(60_000);
  let api: TestingApi;

  before(async () => {
    api = await workbench();
  });
  beforeEach(async () => {
    await resetWorkbench(api);
  });
  afterEach(async () => {
    // One write, not a delete per client (the next suite's reset would delete 1,000 one by one).
    await api.services.context.globalState.update(PROFILES_KEY, []);
  });

  const fields = { name: 'Billing', issuer: 'https://idp.example.com', clientId: 'billing', authMethod: 'client_secret_post' } as const;

  it('refuses an edit the next read would skip as damaged, naming the field; the client stays as it was', async () => {
    const store = api.services.store;
    const added = await store.add(fields);
    await assert.rejects(store.update(added.id, { ...fields, issuer: 'not a url' }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'CONFIG_INVALID');
      assert.match(e.message, /Client "Billing": "issuer" must be an absolute http\(s\) URL\./);
      return true;
    });
    // What another window (or a reload) reads: a fresh copy of the stored list.
    const raw = api.services.context.globalState.get<unknown[]>(PROFILES_KEY)!;
    await api.services.context.globalState.update(PROFILES_KEY, JSON.parse(JSON.stringify(raw)));
    assert.equal(store.get(added.id)?.issuer, 'https://idp.example.com');
  });

  it('an edit comes back normalised, exactly as a reload reads it', async () => {
    const store = api.services.store;
    const added = await store.add(fields);
    const updated = await store.update(added.id, { ...fields, name: '  Billing v2 ', scope: ' read   write ' });
    assert.equal(updated.name, 'Billing v2');
    assert.equal(updated.scope, 'read write');
    assert.equal(store.get(added.id), updated, 'the store hands out the object it wrote, without parsing it again');
    const raw = api.services.context.globalState.get<unknown[]>(PROFILES_KEY)!;
    await api.services.context.globalState.update(PROFILES_KEY, JSON.parse(JSON.stringify(raw)));
    assert.deepEqual(store.get(added.id), updated, 'a reload reads the same profile');
  });

  it('adds 1,000 clients with one write and one change event; reads hand out the added objects', async () => {
    const store = api.services.store;
    let changes = 0;
    const sub = store.onDidChange(() => changes++);
    try {
      const added = await store.addMany(Array.from({ length: 1000 }, (_, i) => ({ ...fields, name: `Client ${i}`, clientId: `c-${i}` })));
      assert.equal(changes, 1);
      assert.equal(added.length, 1000);
      assert.equal(store.get(added[999]!.id), added[999]);
      assert.equal(api.services.context.globalState.get<unknown[]>(PROFILES_KEY)?.length, 1000);
    } finally {
      sub.dispose();
    }
  });
});
