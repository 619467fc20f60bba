/**
 * The scrubber of the call in progress, for the code that cuts excerpts deep inside
 * response parsers (parse.ts, par.ts, device-code.ts) without knowing the call. An
 * excerpt is cut before it is scanned; if the call's secrets were masked only after the
 * cut, a secret straddling the cut would leave its first characters in the excerpt. So
 * the by-value pass runs on the whole body, inside the call, before the cut.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Scrubber } from './scrubber';

const scope = new AsyncLocalStorage<Scrubber>();

/** Runs `fn` with `scrubber` as the current call's scrubber. */
export function withScrubber<T>(scrubber: Scrubber, fn: () => T): T {
  return scope.run(scrubber, fn);
}

/** The current call's scrubber; outside a call, one without secrets (fields and JWT shapes only). */
export function currentScrubber(): Scrubber {
  return scope.getStore() ?? Scrubber.none;
}
