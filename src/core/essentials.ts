/**
 * The part of the core's public surface that loads without undici, jose's verifier or
 * the diagnosis catalogue: data shapes, errors, the profile definition and its parsers,
 * redaction, JWT decoding, token expiry and endpoint resolution. The extension's
 * activation path (stores, tree, status bar) imports from here, so that the bundler
 * leaves everything else to the chunks loaded on first use; index.ts exports the same
 * bindings (documented there) with the rest of the surface.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './errors';
export * from './profile/definition';
export * from './profile/parse';
export * from './profile/client-file';
export { decodeJwt, annotateTimes } from './crypto/jwt-decode';
export { tokenExpiry, isValidEpochSeconds } from './tokens/expiry';
export { resolveEndpoints } from './resolve-endpoints';
export { redactExchange } from './redaction';
export { detectProvider, type ProviderInfo, type ProviderKind } from './diagnose/provider-kind';
export type { Finding, FindingCode, Severity } from './diagnose/findings';
export { findingLines } from './diagnose/format';
export { dpopCacheId } from './dpop/cache-id';
