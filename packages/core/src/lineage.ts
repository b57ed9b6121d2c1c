// Filled in by its owner (see packages/core/src/index.ts).
export {};
