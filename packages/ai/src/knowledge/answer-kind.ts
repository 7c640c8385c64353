import { foldBounded, foldText } from '../text/normalise-text.ts';

/**
 * The kind of fact a question asks for, read from how it is asked ("how long" wants a duration,
 * "how much" an amount). Classic factoid question answering: among sentences that share the
 * question's words, the one carrying a fact of the asked kind is the answer; a sentence that
 * only repeats the topic ("we do not charge a cancellation fee" to "what is the price") is not.
 * Cues are in the shipped languages (English, French, Arabic); a question with no cue asks for
 * no particular kind.
 */
export type AnswerKind = 'amount' | 'duration' | 'time' | 'count' | 'version';

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a few|several|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|trente';
const NUMBER = `(?:\\d+(?:[.,]\\d+)?|${NUMBER_WORDS}|[\\u0660-\\u0669]+)`;
// Arabic words are written folded (hamza seat dropped), as `foldText` leaves them.
const UNIT =
  '(?:working |business |calendar |ouvres |ouvrables )?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|secondes?|heures?|jours?|semaines?|mois|ans?|annees?|يوم|ايام|ساعة|ساعات|اسبوع|اسابيع|شهر|اشهر|سنة|سنوات)';

/**
 * How each kind is asked, tested on the folded question (`foldBounded`: a visitor's text),
 * most specific first. Gaps are bounded (`{0,60}`, not `*`): an unbounded one backtracks over
 * the rest of the text at each cue, quadratic in a message that repeats the cue.
 */
const CUES: readonly (readonly [AnswerKind, RegExp])[] = [
  [
    'duration',
    /\bhow long\b|\bhow many (?:working |business )?(?:days|weeks|months|years|hours|minutes)\b|\bhow soon\b|\bcombien de (?:temps|jours|semaines|mois)\b|\bpendant combien\b|كم (?:يوما|يوم|اسبوع|شهر|ساعة|من الوقت)|متى/,
  ],
  [
    'amount',
    /\bhow much\b|\bprices?\b|\bpricing\b|\bcosts?\b|\bfees?\b|\btariffs?\b|\bcombien (?:coute|ca coute|dois-je payer)\b|\bprix\b|\btarifs?\b|\bfrais\b|\bcout\b|سعر|تكلفة|بكم|كم (?:يكلف|سعر|ثمن)/,
  ],
  [
    'time',
    /\bwhat (?:time|hours)\b|\bopening hours\b|\bwhen (?:are|is) (?:you|your|the) [\w ]{0,60}open\b|\bhoraires?\b|\ba quelle heure\b|ساعات العمل/,
  ],
  ['version', /\b(?:which|what) (?:\w+ )?versions?\b|\bquelle version\b|اي اصدار/],
  ['count', /\bhow many\b|\bcombien de\b|كم عدد/],
];

/** What a sentence must hold to carry each kind, tested on the folded sentence. */
const CARRIERS: Record<AnswerKind, RegExp> = {
  amount: new RegExp(
    `${NUMBER}\\s*(?:€|\\$|£|euros?|dollars?|pounds?|cents?|usd|eur|gbp|دولار|يورو)|[€$£]\\s*\\d|\\bfree\\b|\\bgratuite?s?\\b|مجاني`,
    'u',
  ),
  duration: new RegExp(
    `(?:^|[^\\p{L}])${NUMBER}\\s+${UNIT}(?![\\p{L}])|\\bfor life\\b|\\ba vie\\b`,
    'u',
  ),
  time: /\b\d{1,2}(?::\d{2}|h\d{0,2}|\s*(?:am|pm))\b|\bweekdays?\b|\bmonday|\bfriday|\blundi|\bvendredi|\b24\/7\b/,
  version: /\b\d+(?:\.\d+)*\b/,
  count: new RegExp(`(?:^|[^\\p{L}])${NUMBER}(?![\\p{L}])`, 'u'),
};

/**
 * @example
 * answerKindOf('how long are previews kept?') // 'duration'
 * answerKindOf('can I pay by card?') // null
 */
export function answerKindOf(question: string): AnswerKind | null {
  const folded = foldBounded(question);
  for (const [kind, cue] of CUES) if (cue.test(folded)) return kind;
  return null;
}

/**
 * @example
 * carriesAnswerKind('Previews are deleted after 7 days.', 'duration') // true
 */
export function carriesAnswerKind(sentence: string, kind: AnswerKind): boolean {
  return CARRIERS[kind].test(foldText(sentence));
}
