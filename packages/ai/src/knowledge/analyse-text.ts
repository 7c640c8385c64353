import { stemmer } from 'stemmer';
import { foldBounded, foldText } from '../text/normalise-text.ts';
import { SUPPORT_SYNONYMS } from './support-synonyms.ts';

// Words too common to say what a question is about (function words and the verbs and
// adverbs of asking); they would make every passage a weak hit. Compared after folding.
const STOP_WORDS = new Set(
  [
    'a an and are as at be by can could do does did for from have has had how i if in is it its me my of',
    'on or our please should so that the their there this to we what when where which who why will with',
    'would you your get got take long much many need know tell want like make any some about here was',
    'were been am im ive dont doesnt cant isnt not no yes just also into than then them they these those',
    'us one ever really way there hi hello thanks thank ok okay instead still go goes going',
    // Every chat message is a question: "I have a question", "question 3:".
    'question questions',
  ]
    .join(' ')
    .split(' '),
);

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Longest word analysed; longer ones are cut to it, alike in passages and questions, so they
 * still meet. No word of a language comes near it (long German compounds stay under 64
 * letters, a SHA-256 in hex is 64); longer runs are pasted blobs or folding tricks (4,000 × ㎒
 * fold to one 12,000-letter word), and stemming or indexing them whole only costs time.
 */
export const MAX_WORD_LENGTH = 64;

/** The folded words of a text, each cut to `MAX_WORD_LENGTH`. */
function wordsOf(folded: string): string[] {
  return (folded.match(WORD) ?? []).map((word) =>
    word.length > MAX_WORD_LENGTH ? word.slice(0, MAX_WORD_LENGTH) : word,
  );
}

/** A stem; words of other scripts and short words are kept as they are. */
function stem(word: string): string {
  return word.length > 2 && /^[a-z]+$/.test(word) ? stemmer(word) : word;
}

interface SynonymEntry {
  /** The member's stems, in order (one or more words). */
  stems: string[];
  /** The group's token, added to the terms of any text that contains a member. */
  token: string;
}

/** Members keyed by their first stem, so a text is scanned once. */
const SYNONYMS_BY_FIRST_STEM = new Map<string, SynonymEntry[]>();
for (const group of SUPPORT_SYNONYMS) {
  const token = `~${group[0]!.replace(/\s+/g, '_')}`;
  for (const member of group) {
    const stems = (foldText(member).match(WORD) ?? []).map(stem);
    if (stems.length === 0) continue;
    const entries = SYNONYMS_BY_FIRST_STEM.get(stems[0]!) ?? [];
    entries.push({ stems, token });
    SYNONYMS_BY_FIRST_STEM.set(stems[0]!, entries);
  }
}

/** A synonym group's token, as `analyseText` adds it (for tests and the answerer). */
export function isSynonymToken(term: string): boolean {
  return term.startsWith('~');
}

/** A content word of a text, and the synonym groups it belongs to. */
export interface Concept {
  term: string;
  groups: string[];
}

/** Single letters (the `l` of `l'été`) say nothing; single digits may (`plan 2`). */
function isContentWord(word: string): boolean {
  return !STOP_WORDS.has(word) && (word.length > 1 || /\d/.test(word));
}

// Words that only label the number after them ("number 3", "nr 12"): the number says which one.
const NUMBER_LABELS = new Set(['number', 'nr', 'num']);

function isNumberLabel(words: readonly string[], position: number): boolean {
  return NUMBER_LABELS.has(words[position]!) && /^\d+$/.test(words[position + 1] ?? '');
}

/**
 * The content words of a text (folded, stemmed) with the support-vocabulary groups each belongs
 * to, alone or as part of a phrase ("money back" → both words in `~refund`). A group whose
 * phrase holds only stop words ("how much") becomes a concept of its own.
 *
 * @example
 * analyseConcepts('money back?') // [{ term: 'monei', groups: ['~refund'] }, { term: 'back', groups: ['~refund'] }]
 */
export function analyseConcepts(text: string): Concept[] {
  return conceptsOfWords(wordsOf(foldText(text)));
}

/**
 * `analyseConcepts` of a visitor's question, of which only the first `MAX_ANALYSED_CHARS`
 * (after folding) are read: the work stays bounded however much the question expands.
 *
 * @example
 * analyseQuestion('\u3392'.repeat(4000)) // one concept, its word cut to 64 letters
 */
export function analyseQuestion(question: string): Concept[] {
  return conceptsOfWords(wordsOf(foldBounded(question)));
}

function conceptsOfWords(words: readonly string[]): Concept[] {
  const stems = words.map(stem);
  const groupsAt = stems.map(() => new Set<string>());
  stems.forEach((current, position) => {
    for (const entry of SYNONYMS_BY_FIRST_STEM.get(current) ?? [])
      if (entry.stems.every((part, offset) => stems[position + offset] === part))
        entry.stems.forEach((_part, offset) => groupsAt[position + offset]!.add(entry.token));
  });
  const concepts: Concept[] = [];
  const covered = new Set<string>();
  stems.forEach((term, position) => {
    if (!isContentWord(words[position]!) || isNumberLabel(words, position)) return;
    const groups = [...groupsAt[position]!];
    for (const group of groups) covered.add(group);
    concepts.push({ term, groups });
  });
  for (const groups of groupsAt)
    for (const group of groups)
      if (!covered.has(group)) {
        covered.add(group);
        concepts.push({ term: group, groups: [group] });
      }
  return concepts;
}

/**
 * The search terms of a text: folded (case, accents), stop words dropped, stemmed (Porter, so
 * plurals and verb forms meet: `refunds`, `refunded` → `refund`), plus the token of every
 * support-vocabulary group a word or phrase of the text belongs to. Used alike for passages
 * and questions, so both sides meet on the same terms.
 *
 * @example
 * analyseText('Can I get my money back?') // ['monei', 'back', '~refund']
 */
export function analyseText(text: string): string[] {
  return termsOf(analyseConcepts(text));
}

/** The search terms of analysed concepts: each content word, then each group once. */
export function termsOf(concepts: readonly Concept[]): string[] {
  const terms: string[] = [];
  const groups = new Set<string>();
  for (const concept of concepts) {
    if (!isSynonymToken(concept.term)) terms.push(concept.term);
    for (const group of concept.groups) groups.add(group);
  }
  return [...terms, ...groups];
}
