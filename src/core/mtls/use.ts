/**
 * When a client presents its certificate (RFC 8705) and how: the `tls_client_auth` /
 * `self_signed_tls_client_auth` methods, or `mtls: true` for certificate-bound tokens
 * with another method. Its credentialed requests go through an undici dispatcher that
 * presents the certificate (same proxy and CA settings as the others; one per
 * certificate, cached).
 */
import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { CallContext } from '../client-auth';
import { ConfigError } from '../errors';
import { createDispatcher } from '../http/dispatcher';
import type { HttpOptions } from '../http/transport';
import { loadClientCertificate, type ClientCertificate } from './certificate';
import { TLS_AUTH_METHODS, usesMtls } from './uses-mtls';

export { TLS_AUTH_METHODS, usesMtls } from './uses-mtls';

const dispatchers = new Map<string, Dispatcher>();
const DISPATCHER_LIMIT = 8;

function dispatcherFor(http: HttpOptions | undefined, cert: ClientCertificate): Dispatcher {
  const settings = http?.dispatcherOptions ?? {};
  const id = createHash('sha256')
    .update(JSON.stringify([settings, cert.info.x5tS256, createHash('sha256').update(cert.tls.key).digest('hex')]))
    .digest('hex');
  let d = dispatchers.get(id);
  if (!d) {
    if (dispatchers.size >= DISPATCHER_LIMIT) {
      const [oldest, old] = dispatchers.entries().next().value as [string, Dispatcher];
      dispatchers.delete(oldest);
      void old.close().catch(() => undefined);
    }
    d = createDispatcher({ ...settings, clientCertificate: cert.tls });
    dispatchers.set(id, d);
  }
  return d;
}

/**
 * The client certificate of an mTLS client, or undefined when it does not use mTLS.
 * @throws ConfigError CONFIG_MISSING_SECRET (mTLS without a certificate); KeyError
 */
export async function mtlsCertificate(ctx: CallContext): Promise<ClientCertificate | undefined> {
  if (!usesMtls(ctx.profile)) return undefined;
  const cert = await loadClientCertificate(ctx.secrets);
  if (!cert) {
    const m = ctx.profile.authMethod;
    throw new ConfigError(
      'CONFIG_MISSING_SECRET',
      `Profile "${ctx.profile.name}" ${TLS_AUTH_METHODS.includes(m) ? `uses ${m}` : 'presents a client certificate (mtls)'} but has no client certificate. Import a certificate and key (PEM) or a PKCS#12 file ("OAuth: Set Client Certificate"); they are kept in VS Code's secret storage.`,
    );
  }
  return cert;
}

/** HttpOptions whose dispatcher presents `cert`. */
export function httpWithCertificate(http: HttpOptions | undefined, cert: ClientCertificate): HttpOptions {
  return { ...http, dispatcher: dispatcherFor(http, cert) };
}
