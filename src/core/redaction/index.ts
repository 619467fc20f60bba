/**
 * Redaction by value and by shape at the core's boundary (SECURITY.md 19): one
 * scrubber per call, from that call's own secrets, applied to every text that leaves
 * the core. Each module has one reason to change; this file only gathers them.
 */
export { Scrubber, type SecretValue } from './scrubber';
export { callSecrets, clientSecrets } from './call-secrets';
export { profileScrubber } from './profile-scrubber';
export { maskToken, isMasked } from './mask-token';
export { isSecretFieldName, SECRET_FIELDS } from './secret-names';
export { maskJwtShaped } from './jwt-scan';
export { maskSecretFields } from './field-scan';
export { encodedForms, MIN_SECRET_LENGTH } from './encodings';
export {
  maskJson,
  maskSecretsInText,
  placeholderFor,
  redactError,
  redactExchange,
  redactRequest,
  redactResponse,
  scrubberFor,
  withoutSecretValues,
} from './redact-exchange';
export { currentScrubber, withScrubber } from './call-scope';
