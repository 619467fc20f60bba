/**
 * After the response: clocks. The server's `Date` header against the local clock,
 * and the client assertion's iat/nbf/exp as the server sees them.
 */
import { claim, humanSeconds, iso } from '../evidence';
import { finding, type Finding } from '../findings';
import type { RuleContext } from '../context';
import { responseHeader } from './response-facts';

/** Clock difference tolerated before a finding (seconds; the Date header has 1 s resolution). */
export const CLOCK_SKEW_THRESHOLD_S = 30;

export function clockRules(ctx: RuleContext, localNowSeconds: number | undefined): Finding[] {
  const x = ctx.exchange;
  const r = x?.response;
  if (!x || !r) return [];
  const dateHeader = responseHeader(r, 'date');
  if (!dateHeader) return [];
  const serverMs = Date.parse(dateHeader);
  if (Number.isNaN(serverMs)) return [];
  const server = Math.floor(serverMs / 1000);
  const out: Finding[] = [];

  // The local time the response arrived: injected clock, else the exchange's own timing.
  const started = Date.parse(x.timings.startedAt);
  const arrived = localNowSeconds ?? (Number.isNaN(started) ? undefined : (started + (x.timings.headersMs ?? x.timings.totalMs)) / 1000);
  if (arrived !== undefined) {
    const skew = Math.round(arrived - server);
    if (Math.abs(skew) > CLOCK_SKEW_THRESHOLD_S) {
      out.push(
        finding('CLOCK_SKEW', {
          title: `The local clock is ${humanSeconds(skew)} ${skew > 0 ? 'ahead of' : 'behind'} the server's`,
          evidence: [`server Date: ${dateHeader}`, `local time at the response: ${iso(arrived)}`, `threshold: ${CLOCK_SKEW_THRESHOLD_S} s`],
          action: { kind: 'sync-clock', label: 'Synchronise the clock' },
        }),
      );
    }
  }

  const c = ctx.assertion?.claims;
  if (c) {
    const iat = typeof c['iat'] === 'number' ? c['iat'] : undefined;
    const nbf = typeof c['nbf'] === 'number' ? c['nbf'] : undefined;
    const exp = typeof c['exp'] === 'number' ? c['exp'] : undefined;
    const problems: string[] = [];
    const issued = Math.max(iat ?? -Infinity, nbf ?? -Infinity);
    if (Number.isFinite(issued) && issued - server > CLOCK_SKEW_THRESHOLD_S)
      problems.push(`issued ${humanSeconds(issued - server)} in the server's future`);
    if (exp !== undefined && exp < server) problems.push(`already expired ${humanSeconds(server - exp)} ago by the server's clock`);
    if (problems.length) {
      out.push(
        finding('ASSERTION_CLOCK_SKEW', {
          severity: r.status >= 400 ? 'error' : 'warning',
          title: `By the server's clock the client assertion was ${problems.join(' and ')}`,
          evidence: [
            `server Date: ${dateHeader} (${server})`,
            ...(iat !== undefined ? [claim('iat', iat) + ` (${iso(iat)})`] : []),
            ...(nbf !== undefined ? [claim('nbf', nbf) + ` (${iso(nbf)})`] : []),
            ...(exp !== undefined ? [claim('exp', exp) + ` (${iso(exp)})`] : []),
            `threshold: ${CLOCK_SKEW_THRESHOLD_S} s`,
          ],
          action: { kind: 'sync-clock', label: 'Synchronise the clock' },
        }),
      );
    }
  }
  return out;
}
