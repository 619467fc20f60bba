/**
 * The per-suite oidc-provider fixture most unit suites share: started and discovered
 * before the suite's first test, closed after its last, so each suite does not repeat
 * the same before/after hooks.
 */
import type { CallContext } from '../../src/core/client-auth';
import { discover } from '../../src/core/discovery';
import type { ClientProfile, ServerMetadata } from '../../src/core/types';
import { profileFor, startAuthServer, type AuthServer, type AuthServerOptions, type DemoClientName } from '../fixtures/auth-server';

export interface ServerContext {
  /** The running fixture. */
  readonly as: AuthServer;
  /** Its metadata, as `discover` found it. */
  readonly metadata: ServerMetadata;
  /** A fresh CallContext for one of the fixture's demo clients (`profileFor` + the discovered metadata). */
  contextFor(name: DemoClientName, overrides?: Partial<ClientProfile>): CallContext;
}

/**
 * Registers before/after hooks in the calling `describe` that start the fixture with
 * `options`, discover it, and close it. The returned fields are readable from that
 * suite's later hooks and tests (before the server is up they throw, rather than
 * hand out `undefined`).
 */
export function useAuthServer(options: AuthServerOptions = {}): ServerContext {
  let as: AuthServer | undefined;
  let metadata: ServerMetadata | undefined;
  before(async () => {
    as = await startAuthServer(options);
    metadata = (await discover(as.issuer)).metadata;
  });
  after(async () => {
    await as?.close();
  });
  const ready = (): { as: AuthServer; metadata: ServerMetadata } => {
    if (!as || !metadata) throw new Error('useAuthServer: the server starts in a before() hook; read it from hooks and tests, not at suite definition');
    return { as, metadata };
  };
  return {
    get as() {
      return ready().as;
    },
    get metadata() {
      return ready().metadata;
    },
    contextFor(name, overrides = {}) {
      const s = ready();
      return { ...profileFor(s.as, name, overrides), metadata: s.metadata };
    },
  };
}
