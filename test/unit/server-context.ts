/**
 * The per-suite oidc-provider fixture most unit suites share: started and discovered
 * before the suite's first test, closed after its last, so each suite does not repeat
 * the same before/after hooks.
 */
import type { CallContext } from '../../src/core/client-auth';
import { createClientAssertion } from '../../src/core/crypto/assertion';
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
    if (!as || !metadata)
      throw new Error('useAuthServer: the server starts in a before() hook; read it from hooks and tests, not at suite definition');
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

/**
 * A real RS256 client assertion signed with a demo client's key (iss = sub = its
 * client_id), `aud` = the issuer unless given; `now` (epoch seconds) and `lifetime`
 * shift its times for clock and lifetime rules.
 */
export async function signAssertion(
  ctx: CallContext,
  issuer: string,
  o: { aud?: string | string[]; now?: number; lifetime?: number } = {},
): Promise<string> {
  const now = o.now;
  const { jwt } = await createClientAssertion({
    clientId: ctx.profile.clientId,
    audience: o.aud ?? issuer,
    alg: 'RS256',
    method: 'private_key_jwt',
    privateKey: ctx.secrets.privateKey!,
    kid: ctx.profile.keyId!,
    ...(now !== undefined ? { now: () => now } : {}),
    ...(o.lifetime ? { lifetimeSeconds: o.lifetime } : {}),
  });
  return jwt;
}
