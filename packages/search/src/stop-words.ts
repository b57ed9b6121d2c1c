import { stopwords as snowballEnglish } from '@orama/stopwords/english';
import { eng } from 'stopword';

/**
 * English stop words: the union of the `stopword` package's `eng` list and the English list
 * of `@orama/stopwords` (Snowball's), 199 words such as `the`, `when`, `so`, `cannot`. They
 * never count towards coverage, are skipped by the word-vector embedder and never appear in
 * a reason or an explanation's related words.
 */
export const STOP_WORD_LIST: readonly string[] = [...new Set([...eng, ...snowballEnglish])].sort();
/** {@link STOP_WORD_LIST} as a set. */
export const STOP_WORDS: ReadonlySet<string> = new Set(STOP_WORD_LIST);
