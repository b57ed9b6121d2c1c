import { packageBuild } from '../../tsup.base';

export default packageBuild({ index: 'src/index.ts', 'word-vectors': 'src/english-word-vectors.ts' });
