/**
 * Preflight: how a pasted curl command would really run (issue "Trust under attack",
 * item 4). A backslash glued to the URL (`'…/introspect'\` then `--header` on the next
 * line, as in Okta's docs and the forum thread) makes bash join the two lines: curl
 * calls `…/introspect--header` and takes the header value for a second URL.
 */
import { finding, type Finding } from '../findings';
import type { RuleContext } from '../context';

export function curlPasteRules(ctx: RuleContext): Finding[] {
  const glued = ctx.draft.gluedLines ?? [];
  if (glued.length === 0) return [];
  const lines = glued.map((g) => g.line).join(', ');
  const wouldCall = glued.find((g) => g.wouldCall)?.wouldCall;
  return [
    finding('CURL_GLUED_CONTINUATION', {
      title: `A backslash glues line ${lines} to the line before it: curl would not send what you meant`,
      evidence: [
        ...(wouldCall ? [`curl would call ${wouldCall}, and read the value of that option as a second URL`] : []),
        `line${glued.length > 1 ? 's' : ''} ${lines} start${glued.length > 1 ? '' : 's'} with an option right after a backslash that has no space before it`,
        'the workbench read the URL and the options apart, as meant',
      ],
    }),
  ];
}
