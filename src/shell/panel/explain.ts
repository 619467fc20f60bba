/**
 * "Explain a curl request" in the request panel: the pasted command parsed by the
 * core (parseCurl), diagnosed by the core against the panel's client (diagnose), and
 * loaded as a draft of the form when it is an operation the panel authors. The paste
 * may hold secrets: the webview only ever sees a rendition with `$VARIABLES` in their
 * place; the values stay here, in memory, for "Send correctly with this client".
 */
import { diagnose, parseCurl, resolveEndpoints, toErrorInfo, type DraftRequest, type Finding } from '../../core';
import { coreFields } from '../profiles/profile-store';
import type { ShellServices } from '../services';
import { OPERATIONS } from '../../webview/operations';
import type { Draft, ExplainView } from '../../webview/protocol';
import { curlRecord, draftFromCurl, hiddenValues, redactedCurl, restoreHidden } from './curl-draft';
import { toErrorView, toFindingView, toRequestView } from './view-model';

/** Where the text of an explanation came from. */
export const PASTE_SOURCES = ['clipboard', 'selection', 'argument', 'none'] as const;
export type PasteSource = (typeof PASTE_SOURCES)[number];

/** The host's side of the Explain box of one panel. */
export interface ExplainState {
  /** The text the box shows (secret values as $VARIABLES). */
  shown: string;
  parsed?: DraftRequest;
  /** Secret values of the paste by the variable that stands for them in `shown`. */
  hidden: Map<string, string>;
  findings: Finding[];
  /** The paste as the panel's form, pasted secrets included (host only). */
  draft?: Draft;
}

const SOURCE_LABEL: Record<PasteSource, string> = {
  clipboard: 'the clipboard',
  selection: 'the editor selection',
  argument: 'the command argument',
  none: '',
};

/** What the box opens with: the safe rendition of the paste, and a note saying what was read. */
export function openExplain(text: string | undefined, source: PasteSource): { state: ExplainState; text: string; note: string } {
  const empty: ExplainState = { shown: '', hidden: new Map(), findings: [] };
  if (!text || source === 'none') return { state: empty, text: '', note: 'Paste a curl command below, then Explain.' };
  const lines = text.split('\n').length;
  const read = `Read from ${SOURCE_LABEL[source]} (${lines} line${lines === 1 ? '' : 's'}, ${text.length} characters)`;
  try {
    const parsed = parseCurl(text);
    const shown = redactedCurl(parsed);
    return {
      state: { ...empty, shown, parsed, hidden: hiddenValues(parsed) },
      text: shown,
      note: `${read}. Secret values are shown as $VARIABLES; they stay in VS Code.`,
    };
  } catch (e) {
    // The unparsable text may hold secrets: it is not shown.
    return { state: empty, text: '', note: `${read}, but it is not a curl command the panel can read: ${toErrorInfo(e).message}` };
  }
}

/**
 * Explains `text` with the panel's client. The rendition the box was opened with maps
 * back to the paste it came from; an edited one gets its unchanged `$VARIABLES` back.
 */
export async function explainText(
  s: ShellServices,
  profileId: string,
  text: string,
  previous: ExplainState,
): Promise<{ state: ExplainState; view: ExplainView }> {
  const empty: ExplainView = { operation: null, request: null, warnings: [], findings: [], error: null, replaced: [] };
  let parsed: DraftRequest;
  try {
    parsed = text === previous.shown && previous.parsed ? previous.parsed : restoreHidden(parseCurl(text), previous.hidden);
  } catch (e) {
    return { state: { ...previous, shown: text, findings: [] }, view: { ...empty, error: toErrorView(toErrorInfo(e)) } };
  }
  const profile = s.runner.coreProfile(s.store.require(profileId));
  const metadata = await s.runner.metadata(profile, undefined).catch(() => undefined);
  const fields = coreFields(profile);
  const findings = diagnose({ draft: parsed, profile: fields, ...(metadata ? { metadata } : {}) });
  const mapped = draftFromCurl(parsed, resolveEndpoints(fields, metadata));
  s.log.info(
    `Explain: ${parsed.method} ${parsed.url} vs "${profile.name}" → findings: ${findings.map((f) => f.code).join(', ') || 'none'}`,
  );
  const hidden = new Map([...previous.hidden, ...hiddenValues(parsed)]);
  return {
    state: { shown: text, parsed, hidden, findings, ...(mapped ? { draft: mapped.draft } : {}) },
    view: {
      operation: mapped ? OPERATIONS[mapped.draft.operation].label : null,
      request: toRequestView(curlRecord(parsed)),
      warnings: parsed.warnings ?? [],
      findings: findings.map((f) => toFindingView(f)),
      error: null,
      replaced: mapped?.dropped ?? [],
    },
  };
}
