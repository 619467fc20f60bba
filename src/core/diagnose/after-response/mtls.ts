/**
 * After the response: mTLS (RFC 8705) refusals — no client certificate arrived, or it
 * did not match the registered subject / trusted CA — and Entra's AADSTS700027 for an
 * assertion whose certificate it cannot find.
 */
import { usesMtls } from '../../mtls/use';
import type { RuleContext } from '../context';
import { finding, type Finding } from '../findings';
import { oauthErrorOf, oauthEvidence } from './response-facts';

export function mtlsRules(ctx: RuleContext): Finding[] {
  const x = ctx.exchange;
  const e = oauthErrorOf(x);
  if (!x || !e || e.error !== 'invalid_client') return [];
  const d = e.description ?? '';
  const cert = ctx.key?.clientCertificate;
  const evidence = [...oauthEvidence(x, e), ...(cert ? [`client certificate subject: ${cert.subjectDn}`] : [])];
  // Servers often hide the reason behind "client authentication failed"; plain http cannot carry a certificate at all.
  const mtls = ctx.profile !== undefined && usesMtls(ctx.profile);
  const plainHttp = x.request.url.startsWith('http:');
  if (/certificate (was )?not (provided|presented)|no (client )?certificate/i.test(d) || (mtls && plainHttp)) {
    return [
      finding('MTLS_NO_CLIENT_CERTIFICATE', {
        title: 'The server received no client certificate',
        evidence: [...evidence, `request: ${x.request.method} ${x.request.url.split('?')[0]}`],
      }),
    ];
  }
  if (/subject|not verified|unregistered client certificate|certificate.*(match|trusted)/i.test(d) || (mtls && !plainHttp && cert)) {
    return [
      finding('MTLS_SUBJECT_MISMATCH', {
        title: 'The client certificate is not the one registered for this client (subject or CA)',
        evidence: [...evidence, ...(cert?.subjectAltNames.length ? [`subjectAltName: ${cert.subjectAltNames.join(', ')}`] : [])],
      }),
    ];
  }
  if (
    /AADSTS700027/.test(d) &&
    ctx.assertion?.header &&
    ctx.assertion.header['x5t#S256'] === undefined &&
    ctx.assertion.header['x5t'] === undefined
  ) {
    return [
      finding('ENTRA_CERT_THUMBPRINT_MISSING', {
        title: 'Entra ID could not find the certificate: the assertion carries no x5t#S256 / x5t',
        evidence,
      }),
    ];
  }
  return [];
}
