/**
 * The part of the core's public surface that loads without undici, jose's verifier or
 * the diagnosis catalogue: data shapes, errors, redaction, JWT decoding and endpoint
 * resolution. The extension's activation path (stores, tree, status bar) imports from
 * here, so that the bundler leaves everything else to the chunks loaded on first use;
 * index.ts exports the same bindings (documented there) with the rest of the surface.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './errors';
export { decodeJwt } from './crypto/jwt-decode';
export { resolveEndpoints } from './resolve-endpoints';
export { redactExchange } from './redact';
