/**
 * Before sending: certificates of sender-constrained clients — the mTLS alias not used,
 * a certificate whose key is another, an expired certificate, and Entra ID assertions
 * without the certificate thumbprint header (with the Entra certificate hint).
 */
import { usesMtls } from '../../mtls/use';
import type { CertificateFacts, RuleContext } from '../context';
import { finding, type Finding } from '../findings';

const ALIAS_NAMES: Record<string, string> = {
  token: 'token_endpoint',
  introspection: 'introspection_endpoint',
  revocation: 'revocation_endpoint',
  userinfo: 'userinfo_endpoint',
  pushed_authorization_request: 'pushed_authorization_request_endpoint',
  device_authorization: 'device_authorization_endpoint',
};

function aliasNotUsed(ctx: RuleContext): Finding[] {
  if (!ctx.profile || !usesMtls(ctx.profile) || !ctx.endpoint) return [];
  const name = ALIAS_NAMES[ctx.endpoint];
  const alias = name ? ctx.metadata?.mtls_endpoint_aliases?.[name] : undefined;
  const target = ctx.draft.url.split('?')[0];
  if (!alias || alias === target) return [];
  return [
    finding('MTLS_ALIAS_NOT_USED', {
      title: `The ${name} has an mTLS alias, but the request goes to the plain endpoint`,
      evidence: [`request: ${ctx.draft.method} ${target}`, `metadata mtls_endpoint_aliases.${name}: ${alias}`],
      action: { kind: 'use-endpoint', label: 'Use the mTLS alias', args: { endpoint: ctx.endpoint, url: alias } },
    }),
  ];
}

function certificateProblems(what: string, c: CertificateFacts | undefined, now: number): Finding[] {
  if (!c) return [];
  const out: Finding[] = [];
  const subject = `${what} subject: ${c.subjectDn}`;
  if (c.keyMatches === false) {
    out.push(
      finding('CERT_KEY_MISMATCH', {
        title: `The ${what} and its stored key do not belong together`,
        evidence: [subject, `x5t#S256: ${c.x5tS256}`],
      }),
    );
  }
  const notAfter = Date.parse(c.notAfter) / 1000;
  const notBefore = Date.parse(c.notBefore) / 1000;
  if (notAfter < now || notBefore > now) {
    out.push(
      finding('CERT_EXPIRED', {
        title: notAfter < now ? `The ${what} expired on ${c.notAfter}` : `The ${what} is not valid before ${c.notBefore}`,
        evidence: [subject, `valid from ${c.notBefore} to ${c.notAfter}`],
      }),
    );
  }
  return out;
}

function entraThumbprint(ctx: RuleContext): Finding[] {
  if (ctx.provider.kind !== 'entra' || !ctx.assertion?.header || ctx.profile?.authMethod === 'client_secret_jwt') return [];
  const h = ctx.assertion.header;
  if (typeof h['alg'] === 'string' && h['alg'].startsWith('HS')) return [];
  const hint = finding('PROVIDER_ENTRA_CERTIFICATE', {
    title: `${ctx.provider.name}: certificate credentials`,
    evidence: [`issuer: ${ctx.issuer ?? '?'}`],
  });
  if (h['x5t#S256'] !== undefined || h['x5t'] !== undefined) return [hint];
  return [
    // Before sending it is a heads-up (federated credentials use a kid); AADSTS700027 after the response makes it an error.
    finding('ENTRA_CERT_THUMBPRINT_MISSING', {
      title: 'The assertion names no certificate (x5t#S256 / x5t): Entra ID finds certificate credentials by thumbprint',
      evidence: [`assertion header: ${JSON.stringify(h)}`],
      severity: 'info',
    }),
    hint,
  ];
}

export function certificateRules(ctx: RuleContext): Finding[] {
  return [
    ...aliasNotUsed(ctx),
    ...certificateProblems('client certificate', ctx.key?.clientCertificate, ctx.now),
    ...certificateProblems('signing certificate', ctx.key?.signingCertificate, ctx.now),
    ...entraThumbprint(ctx),
  ];
}
