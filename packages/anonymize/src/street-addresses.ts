/**
 * Street addresses in the continental European forms the US-style detector
 * (`findStreetAddresses` in personal-data-detectors.ts: house number, name, USPS suffix) does
 * not read. Each is anchored at a house number (`12`, `51b`, `4/8`) and reads a bounded number
 * of words around it on the same line, so a scan is linear in the text:
 *
 * - German, the name before the number: `Feuerdornweg 47c`, `Aldegundisstr. 347`,
 *   `Schlebuscher Heide 14b`, `Am Blauen Berg 78`, `An der Feldgasse 74a`;
 * - Hungarian, a lower-case public-space type between name and number: `Lajos rakpart 853`,
 *   `Mezei körtér 395`, `Benjamin liget 71`;
 * - Polish, a lower-case street type before the name: `park Markiewicz 51b`, `szosa Kotowski 14`,
 *   `bulw. Filipek 1/5`;
 * - French, the number first: `7251 Quai du Faubourg Saint-Honoré`, `56 Voie de la Victoire`,
 *   `947 Avenue d'Orsel`.
 *
 * Flat and floor parts after any of them are included: `m. 906`, `Zimmer 102`, `5 OG`,
 * `1.em 54 ajtó`, `9 étage`, `Apt. 611`. The street-type vocabularies are those of the
 * countries' postal conventions (German Straßenverzeichnis suffixes, the Hungarian
 * `közterület jellege` list, Polish TERYT street types, French `type de voie`).
 */

import { listDigitRuns } from './digit-positions.js';
import { isEnglishLike } from './english-words.js';
import type { Finding } from './findings.js';
import { isProperWord } from './personal-data-detectors.js';

/** A set of the space-separated words of `words`. */
function wordSet(words: string): ReadonlySet<string> {
  return new Set(words.split(' '));
}

/** German street words that stand alone after an adjective or article (`Schlebuscher Heide`, `Am Blauen Berg`). */
const GERMAN_TYPE_WORDS = wordSet(
  'straße strasse str weg platz allee gasse heide berg feld damm ufer graben chaussee steig pfad garten hof markt wall tor anger wiese winkel höhe grund hang kamp redder twiete stieg',
);
/** German words that only ever name streets (`Linden Straße`, `Berliner Allee`). */
const GERMAN_STREET_WORDS = wordSet('straße strasse str weg platz allee gasse');
/** German street names end with a street word (`Feuerdornweg`, `Aldegundisstr.`, `Frischenberg`, `Freudenthal`). */
const GERMAN_ENDING =
  /(?:straße|strasse|str\.?|weg|platz|allee|gasse|ring|damm|ufer|berg|feld|heide|hof|garten|markt|graben|steig|pfad|stieg|chaussee|kamp|wall|tor|thal|tal|bach|grund|hang|höhe|anger|wiese|winkel|twiete|zeile|park|au|burg)$/;
/** Articles and prepositions inside German street names (`Am`, `An der`, `Zur`, `Unter den`). */
const GERMAN_PARTICLES = wordSet(
  'Am An Im In Auf Zum Zur Unter Vor Hinter Alte Alter Altes Neue Neuer Neues Große Großer Kleine Kleiner der den dem die das von vom zu bei beim',
);
/** Hungarian public-space types (`közterület jellege`), lower case after the name. */
const HUNGARIAN_TYPES = wordSet(
  'utca út útja tér tere körút sor köz országút rakpart sugárút főút főtér körtér liget lakótelep park sétány fasor dűlő udvar lejtő lépcső határút kert telep tanya körönd átjáró ösvény sziget domb hegy árok',
);
/** Polish street types (TERYT), lower case before the name. */
const POLISH_TYPES = wordSet(
  'ul ulica al aleja pl plac os osiedle park szosa rynek rondo droga bulw bulwar skwer wybrzeże wyb trakt pasaż ogród wyspa',
);
/** French `types de voie` before the name. Those that are also ordinary English words need a French name after them. */
const FRENCH_TYPES = wordSet(
  'Rue Avenue Av Boulevard Bd Quai Impasse Allée Voie Chemin Cité Faubourg Sentier Esplanade Parvis Hameau Promenade Rond-Point Ruelle Venelle Traverse',
);
const FRENCH_TYPES_ENGLISH = wordSet('Route Place Square Passage Cours Villa');
const FRENCH_PARTICLE = /^(?:de|du|des|la|le|les|aux|au|sur|en|d['’]|l['’])$/;
/** A name word of a French street: `Vaugirard`, `Saint-Honoré`, `d'Orsel`, `l'Odéon`, `Chaussée-d'Antin`. */
const FRENCH_NAME_WORD = /^(?:[dl]['’])?\p{Lu}[\p{L}'’-]*$/u;
/** Flat, floor and room parts after an address, any number of them in a row (each one bounded). */
const FLAT_PART =
  /^(?:,? (?:Apt\.?|Apartment|Suite|Ste\.?|Unit|#|Zimmer|Appt\.?|Bât\.?|lok\.?|m\.) ?[0-9A-Za-z-]{1,6}|,? \d{1,3}\.? ?(?:em\.?|emelet|OG|étage|ajtó)|,? (?:EG|DG|fszt\.?))(?=[\s,;)]|$)/u;
const HOUSE_NUMBER = /^\d{1,5}[a-zA-Z]?(?:\/\d{1,4}[a-zA-Z]?)?$/;
/** Longest word looked at: longer runs are not street words, and the scan stays linear. */
const MAX_WORD = 48;

function isWordBreak(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || Number.isNaN(c);
}

/** The word that ends one space before `end`: `[start, end)`, or undefined. */
function wordBefore(text: string, end: number): [number, number] | undefined {
  if (end < 2 || text.charCodeAt(end - 1) !== 0x20) return undefined;
  const wordEnd = end - 1;
  let start = wordEnd;
  while (start > 0 && wordEnd - start < MAX_WORD && !isWordBreak(text.charCodeAt(start - 1))) start--;
  if (start === wordEnd || (start > 0 && !isWordBreak(text.charCodeAt(start - 1)))) return undefined;
  return [start, wordEnd];
}

/** The word that starts one space after `start`: `[start, end)` without a trailing `,` `;` or `)`, or undefined. */
function wordAfter(text: string, start: number): [number, number] | undefined {
  if (text.charCodeAt(start) !== 0x20) return undefined;
  const wordStart = start + 1;
  let end = wordStart;
  while (end < text.length && end - wordStart < MAX_WORD && !isWordBreak(text.charCodeAt(end))) end++;
  while (end > wordStart && /[,;)]/.test(text.charAt(end - 1))) end--;
  return end > wordStart ? [wordStart, end] : undefined;
}

function isTitleCase(word: string): boolean {
  const c = word.charCodeAt(0);
  const d = word.charCodeAt(1);
  if (c < 0x80 && (c < 0x41 || c > 0x5a)) return false;
  if (c < 0x80 && d < 0x80) return d >= 0x61 && d <= 0x7a;
  return /^\p{Lu}\p{Ll}/u.test(word);
}

/** Takes flat, floor and room parts after `end` into the address. */
function extendFlatParts(text: string, end: number): number {
  for (let parts = 0; parts < 4; parts++) {
    const match = FLAT_PART.exec(text.slice(end, end + 24));
    if (match === null) break;
    end += match[0].length;
  }
  return end;
}

/** The start of a German, Hungarian or Polish street name that ends just before a house number at `numberStart`, or -1. */
function streetBefore(text: string, numberStart: number): number {
  const last = wordBefore(text, numberStart);
  if (last === undefined) return -1;
  const word = text.slice(last[0], last[1]);
  const bare = word.replace(/\.$/, '');
  const lower = bare.toLowerCase();
  if (HUNGARIAN_TYPES.has(word)) {
    // `Lajos rakpart 853`: one or two Title-case name words before the type.
    const name = wordBefore(text, last[0]);
    if (name === undefined || !isTitleCase(text.slice(name[0], name[1]))) return -1;
    const before = wordBefore(text, name[0]);
    return before !== undefined && isProperWord(text.slice(before[0], before[1])) ? before[0] : name[0];
  }
  if (
    isTitleCase(word) &&
    (GERMAN_TYPE_WORDS.has(lower) ||
      (GERMAN_ENDING.test(word.toLowerCase()) && bare.length > 5 && !isEnglishLike(bare)))
  ) {
    // `Feuerdornweg 47c`, `Am Blauen Berg 78`: the street word, then proper words and particles before it.
    let start = last[0];
    let standalone = GERMAN_TYPE_WORDS.has(lower);
    for (let words = 0; words < 3; words++) {
      const previous = wordBefore(text, start);
      if (previous === undefined) break;
      const candidate = text.slice(previous[0], previous[1]);
      if (!GERMAN_PARTICLES.has(candidate) && !(isTitleCase(candidate) && isProperWord(candidate))) break;
      start = previous[0];
      standalone = false;
    }
    // `Unter den Linden Straße 5`: an unmistakably German street word takes any Title-case
    // word before it; a lone `Berg 78` or `Hof 5` is not enough.
    if (standalone && GERMAN_STREET_WORDS.has(lower)) {
      const previous = wordBefore(text, start);
      if (previous !== undefined && isTitleCase(text.slice(previous[0], previous[1]))) return previous[0];
    }
    return standalone ? -1 : start;
  }
  const german = germanPrepositionStreet(text, last);
  if (german !== -1) return german;
  // `park Markiewicz 51b`, `bulw. Filipek 1/5`: a Polish type, then one to three Title-case words.
  if (!isTitleCase(word)) return -1;
  let start = last[0];
  for (let words = 0; words < 3; words++) {
    const previous = wordBefore(text, start);
    if (previous === undefined) return -1;
    const candidate = text.slice(previous[0], previous[1]);
    if (POLISH_TYPES.has(candidate.replace(/\.$/, '').toLowerCase())) return previous[0];
    if (!isTitleCase(candidate)) return -1;
    start = previous[0];
  }
  return -1;
}

/** German prepositions that open a street name, with the articles that may follow them (`Am`, `An der`, `Auf dem`, `In den`). */
const GERMAN_OPENERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Am', []],
  ['Im', []],
  ['Zum', []],
  ['Zur', []],
  ['Beim', []],
  ['An', ['der', 'den', 'dem', 'die']],
  ['Auf', ['der', 'den', 'dem', 'die']],
  ['In', ['der', 'den', 'dem', 'die']],
  ['Unter', ['der', 'den', 'dem', 'die']],
  ['Hinter', ['der', 'den', 'dem', 'die']],
  ['Vor', ['der', 'den', 'dem', 'die']],
]);

/** `An der Schmitten 18`, `Auf dem Forst 99b`, `Am Steinbruch 3`: a German preposition (and article) and one or two Title-case words before the number; the start, or -1. */
function germanPrepositionStreet(text: string, last: [number, number]): number {
  let start = last[0];
  let current = text.slice(last[0], last[1]);
  for (let words = 0; words < 2; words++) {
    if (!isTitleCase(current)) return -1;
    const previous = wordBefore(text, start);
    if (previous === undefined) return -1;
    const word = text.slice(previous[0], previous[1]);
    const articles = GERMAN_OPENERS.get(word);
    if (articles?.length === 0) return previous[0];
    if (['der', 'den', 'dem', 'die'].includes(word)) {
      const opener = wordBefore(text, previous[0]);
      if (opener !== undefined && GERMAN_OPENERS.get(text.slice(opener[0], opener[1]))?.includes(word))
        return opener[0];
      return -1;
    }
    start = previous[0];
    current = word;
  }
  return -1;
}

/** A flat or floor part that only a home address has (not `#4`, `m. 2` or `Suite 5`, which other things have too). */
const DWELLING_PART =
  /^,? (?:(?:Apt\.?|Apartment|Zimmer|Wohnung|Whg\.|Appt\.?) ?\d[0-9A-Za-z-]{0,5}|\d{1,3}\.? ?(?:OG|étage|em\.?|emelet))(?=[\s,;)]|$)/u;

/**
 * `Kursiefen 54 Apt. 827`, `An St. Remigius 81 Zimmer 581`, `Rosenthal 711 1 OG`: a street
 * name without a street word, known by the flat or floor part after its house number. One to
 * three Title-case words (`St.` and German particles among them) before the number; the
 * start, or -1.
 */
function streetBeforeFlat(text: string, numberStart: number, numberEnd: number): number {
  if (!DWELLING_PART.test(text.slice(numberEnd, numberEnd + 16))) return -1;
  let start = -1;
  let cursor = numberStart;
  for (let words = 0; words < 4; words++) {
    const previous = wordBefore(text, cursor);
    if (previous === undefined) break;
    const word = text.slice(previous[0], previous[1]);
    const particle = GERMAN_PARTICLES.has(word) || word === 'St.';
    if (!particle && !(isTitleCase(word) && !TITLE_CASE_STOP.test(word))) break;
    // The name ends in a Title-case word (`An St. Remigius`), not in a particle.
    if (start === -1 && particle) return -1;
    start = previous[0];
    cursor = previous[0];
  }
  return start;
}

/** Title-case words that end a street name read backwards: English articles and prepositions (`At`, `To`, `The`). */
const TITLE_CASE_STOP = /^(?:At|To|From|The|A|In|On|Of|For|By|Via|With)$/;

/** The end of a French street name after a house number ending at `numberEnd`, or -1. */
function streetAfter(text: string, numberEnd: number): number {
  const type = wordAfter(text, numberEnd);
  if (type === undefined) return -1;
  const typeWord = text.slice(type[0], type[1]).replace(/\.$/, '');
  const english = FRENCH_TYPES_ENGLISH.has(typeWord);
  if (!english && !FRENCH_TYPES.has(typeWord)) return -1;
  let end = -1;
  let cursor = type[1];
  for (let words = 0; words < 6; words++) {
    const next = wordAfter(text, cursor);
    if (next === undefined) break;
    const word = text.slice(next[0], next[1]);
    if (FRENCH_PARTICLE.test(word) || /^[dl]['’]$/.test(word)) {
      cursor = next[1];
      continue;
    }
    if (!FRENCH_NAME_WORD.test(word)) break;
    // `3 Route Tables`: a type that is also an English word needs a French name or a particle after it.
    if (english && words === 0 && !isProperWord(word.replace(/^[dl]['’]/, ''))) return -1;
    end = next[1];
    cursor = next[1];
  }
  return end;
}

/**
 * Finds continental European street addresses (German, Hungarian, Polish and French forms; see
 * the module comment) with their flat and floor parts.
 *
 * @param text - the text to scan
 * @param out - findings are appended here (`kind: 'address'`, `rule: 'street-address-eu'`)
 * @param runs - the text's digit runs (`listDigitRuns`, digit-positions.ts), by default all of
 *   them: a house number starts where one starts
 */
export function findEuropeanStreetAddresses(
  text: string,
  out: Finding[],
  runs: ArrayLike<number> = listDigitRuns(text),
): void {
  let next = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r]!;
    if (start < next) continue;
    // A house number is a word of its own (a run glued to a word is skipped, as are the runs
    // after it in that word: none of them follows a space).
    if (start > 0 && !isWordBreak(text.charCodeAt(start - 1))) continue;
    // A house number has at most five digits before its letter or `/` (HOUSE_NUMBER).
    if (runs[r + 1]! - start > 5) {
      next = runs[r + 1]!;
      continue;
    }
    let end = start;
    while (end < text.length && end - start < 12 && !isWordBreak(text.charCodeAt(end))) end++;
    next = end;
    let numberEnd = end;
    while (numberEnd > start && /[,;.)]/.test(text.charAt(numberEnd - 1))) numberEnd--;
    if (!HOUSE_NUMBER.test(text.slice(start, numberEnd))) continue;
    // The street before the number (German, Hungarian, Polish, or known by its flat part), else
    // after it (French); then the flat and floor parts.
    let addressStart = streetBefore(text, start);
    if (addressStart === -1) addressStart = streetBeforeFlat(text, start, numberEnd);
    let streetEnd = numberEnd;
    if (addressStart === -1) {
      streetEnd = streetAfter(text, numberEnd);
      if (streetEnd === -1) continue;
      addressStart = start;
    }
    const addressEnd = extendFlatParts(text, streetEnd);
    out.push({ kind: 'address', start: addressStart, end: addressEnd, rule: 'street-address-eu' });
    next = Math.max(next, addressEnd);
  }
}
