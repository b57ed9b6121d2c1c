// Property tests explore a new random seed on every local run. Under CI (`CI` set) they
// use one fixed seed so that a landing does not depend on luck; `FC_SEED=<n>` replays a
// failure a local run printed (fast-check prints its seed and path on failure).
import fc from 'fast-check';

const seed = process.env['FC_SEED'];
if (seed !== undefined && seed !== '') fc.configureGlobal({ seed: Number(seed) });
else if (process.env['CI']) fc.configureGlobal({ seed: 20261204 });
