/**
 * Hostile text shapes at a given size (SECURITY.md 18, issue "Trust under attack"):
 * the inputs that make backtracking patterns, naive scanners and recursive parsers
 * go quadratic or overflow the stack. Every parser, redactor, excerpt and renderer
 * that reads server or pasted text is run on each of them at its cap.
 */

/** 1 MiB: the default response cap of the transport. */
export const RESPONSE_CAP_BYTES = 1024 * 1024;

/** `unit` repeated until `size` characters (cut to exactly `size`). */
export function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** Named adversarial bodies of `size` characters each. */
export function adversarialShapes(size: number): Array<{ name: string; text: string }> {
  const half = Math.floor(size / 2) - 8;
  return [
    { name: "repeated 'eyJ'", text: repeatTo('eyJ', size) },
    { name: "repeated 'eyJhbGci.'", text: repeatTo('eyJhbGci.', size) },
    { name: 'JWT-ish segments without an end', text: `eyJ${repeatTo('a.', size - 3)}` },
    { name: "repeated '.'", text: repeatTo('.', size) },
    { name: "repeated '='", text: repeatTo('=', size) },
    { name: 'repeated escaped quote', text: repeatTo('\\"', size) },
    { name: "repeated '%'", text: repeatTo('%', size) },
    { name: "repeated '%2'", text: repeatTo('%2', size) },
    { name: 'repeated backslash', text: repeatTo('\\', size) },
    { name: 'whitespace only', text: repeatTo(' \t\n', size) },
    { name: 'deep [ nesting', text: `${repeatTo('[', half)}${repeatTo(']', half)}` },
    { name: 'deep {"a": nesting', text: repeatTo('{"a":', size) },
    { name: 'unterminated JSON string', text: `{"error_description":"${repeatTo('x', size - 24)}` },
    // jsonShape scanned this forever (a failing sticky search past the end reset to 0).
    { name: 'JSON string ending in a lone backslash', text: `{"error_description":"${repeatTo('x', size - 25)}\\` },
    { name: 'repeated secret field names', text: repeatTo('"access_token":"', size) },
    { name: 'repeated form field', text: repeatTo('access_token=&', size) },
    { name: 'one long token-like word', text: repeatTo('A', size) },
    { name: 'repeated Bearer', text: repeatTo('Bearer ', size) },
    { name: 'repeated Basic', text: repeatTo('Basic ', size) },
    { name: 'HTML tags', text: repeatTo('<a href="', size) },
    { name: 'repeated error=', text: repeatTo('error=', size) },
    { name: 'repeated WWW-Authenticate params', text: repeatTo('a="', size) },
  ];
}
