import assert from 'node:assert/strict';
import { createPkce, randomState, s256Challenge } from '../../src/core/crypto/pkce';

describe('pkce', () => {
  it('computes the RFC 7636 Appendix B S256 challenge', () => {
    assert.equal(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('creates a 43-char unreserved verifier whose challenge is its S256 hash', () => {
    const p = createPkce();
    assert.equal(p.method, 'S256');
    assert.match(p.verifier, /^[A-Za-z0-9\-._~]{43,128}$/);
    assert.equal(p.challenge, s256Challenge(p.verifier));
    assert.notEqual(p.challenge, p.verifier);
  });

  it('never repeats a verifier or a state', () => {
    const verifiers = new Set(Array.from({ length: 100 }, () => createPkce().verifier));
    const states = new Set(Array.from({ length: 100 }, () => randomState()));
    assert.equal(verifiers.size, 100);
    assert.equal(states.size, 100);
    for (const s of states) assert.match(s, /^[A-Za-z0-9_-]{43}$/);
  });
});
