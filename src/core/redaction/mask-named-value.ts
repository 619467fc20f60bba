/** How the value of a secret-named field is masked (one rule for JSON values and text echoes). */
import { isMasked, maskCredential, maskToken, ELLIPSIS } from './mask-token';
import { isTokenFieldName, normaliseName } from './secret-names';

/** The mask of a secret-named field's value: tokens keep a prefix, credentials their scheme, the rest nothing. */
export function maskNamedValue(name: string, value: string): string {
  if (value === '' || isMasked(value)) return value;
  const n = normaliseName(name);
  if (n === 'authorization' || n === 'proxyauthorization') return maskCredential(value);
  return isTokenFieldName(name) ? maskToken(value) : ELLIPSIS;
}
