/**
 * Adding a client honours its discovery settings (issue 8, item 8): with
 * `discoveryWithClientId` the discovery request carries `?client_id=` (Okta answers
 * per client), and the flag is kept in the profile. The guide's steps are tested in
 * plain node (test/unit/guide-steps.test.ts); its UI in the e2e suite.
 */
import * as assert from 'node:assert/strict';
import type { TestingApi } from '../../src/extension';
import { outputLog } from './observe';
import { demoClient, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

describe('Add Client: discovery settings are honoured', function () {
  this.timeout(30_000);
  let api: TestingApi;
  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
  });
  after(async () => resetWorkbench(api));

  it('discoveryWithClientId: the discovery request carries ?client_id= and the profile keeps the flag', async () => {
    const basic = demoClient('basic');
    const added = await run<{ id: string }>('addProfile', {
      name: 'Per-client discovery',
      issuer: testServer().issuer,
      clientId: basic.clientId,
      authMethod: 'client_secret_basic',
      clientSecret: basic.clientSecret,
      discoveryWithClientId: true,
    });
    const log = await outputLog(api, `openid-configuration?client_id=${basic.clientId}`);
    assert.ok(
      log.includes(`/.well-known/openid-configuration?client_id=${basic.clientId}`),
      `the discovery URL carries the client id: ${log
        .split('\n')
        .filter((l) => l.includes('discovery'))
        .join(' | ')}`,
    );
    assert.equal(api.services.store.get(added.id)?.discoveryWithClientId, true);
  });
});
