// The storage seam lives in @pollinate/registry-store so that third-party stores can
// implement it and run its conformance suite; the registry re-exports it.
export * from '@pollinate/registry-store';
