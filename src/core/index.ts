/**
 * OAuth Workbench core — the public surface.
 *
 * Pure TypeScript: never imports `vscode`. Everything not exported here is internal.
 * Every network operation resolves an {@link Exchange}; it rejects only for input
 * errors found before anything was sent (bad key, insecure URL, missing secret).
 *
 * @packageDocumentation
 */

// ── data shapes and errors ─────────────────────────────────────────────
export * from './types';
export * from './errors';

// ── http (transport) ───────────────────────────────────────────────────

// ── crypto: keys, client assertions, JWT, PKCE ─────────────────────────

// ── discovery, client authentication, operations ───────────────────────

// ── curl import/export ─────────────────────────────────────────────────

// ── diagnosis ──────────────────────────────────────────────────────────
