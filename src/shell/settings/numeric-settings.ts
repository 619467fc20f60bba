/**
 * The numeric settings and their one validator each (issue "Trust under attack", item
 * 6). settings.json is not checked against package.json's minimum and maximum: a
 * `timeoutSeconds` of 10,000,000 overflowed the timer and every request timed out at
 * once. A value that is not a number in its range is replaced by the default, with a
 * message saying which setting, what is wrong and how to fix it. Pure (no vscode): the
 * shell reads the value, this decides.
 */

export interface NumericSetting {
  /** Full setting name, e.g. `oauthWorkbench.http.timeoutSeconds`. */
  name: string;
  min: number;
  max: number;
  integer: boolean;
  /** The default (package.json), used when the value is unusable. */
  fallback: number;
  unit: string;
}

/** Seconds to wait for response headers and for the body (the transport's timers take at most 2^31 ms). */
export const TIMEOUT_SECONDS: NumericSetting = {
  name: 'oauthWorkbench.http.timeoutSeconds',
  min: 1,
  max: 600,
  integer: false,
  fallback: 30,
  unit: 'seconds',
};

/** Default lifetime of client assertions (a profile's own value wins). */
export const ASSERTION_LIFETIME_SECONDS: NumericSetting = {
  name: 'oauthWorkbench.assertion.lifetimeSeconds',
  min: 1,
  max: 3600,
  integer: true,
  fallback: 60,
  unit: 'seconds',
};

/** When the status bar and tree start warning that the token expires. */
export const WARNING_THRESHOLD_MINUTES: NumericSetting = {
  name: 'oauthWorkbench.statusBar.warningThresholdMinutes',
  min: 0,
  max: 24 * 60,
  integer: false,
  fallback: 5,
  unit: 'minutes',
};

/** The value to use; `problem` says why the given one was not (undefined when it was fine or unset). */
export function validateNumber(s: NumericSetting, value: unknown): { value: number; problem?: string } {
  if (value === undefined || value === null) return { value: s.fallback };
  const shown = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? typeof value).slice(0, 40);
  const range = `${s.integer ? 'a whole number' : 'a number'} of ${s.unit} from ${s.min} to ${s.max}`;
  const wrong =
    typeof value !== 'number' || !Number.isFinite(value)
      ? `is ${shown}, not a number`
      : s.integer && !Number.isInteger(value)
        ? `is ${shown}, not a whole number`
        : value < s.min || value > s.max
          ? `is ${shown}, outside ${s.min}–${s.max}`
          : undefined;
  if (!wrong) return { value: value as number };
  return {
    value: s.fallback,
    problem: `The setting ${s.name} ${wrong}; it must be ${range}. Using the default, ${s.fallback}. Fix it in Settings (or remove it).`,
  };
}
