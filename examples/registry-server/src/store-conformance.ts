// The conformance suite lives in @pollinate/registry-store/testing; re-exported for the
// registry's own tests and for code that imported it from here.
export * from '@pollinate/registry-store/testing';
