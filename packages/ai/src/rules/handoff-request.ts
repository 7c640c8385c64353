import { foldBounded, foldText } from '../text/normalise-text.ts';

/**
 * Whether a visitor's message asks for a person ("talk to a human", "je veux parler à un
 * conseiller", "أريد التحدث مع موظف"), in the widget's shipped languages (en, fr, ar). Such a
 * message hands the conversation off like the widget's button, whatever the context mode: it
 * is never a question for the assistant. A question *about* people ("how do visitors talk to a
 * human?") is not a request: the phrase must start the message or come with a first-person
 * word, and a negation ("I don't need an agent") cancels it.
 * Only the first `MAX_ANALYSED_CHARS` of a message (after folding) are read.
 *
 * @example
 * isHandoffRequest('Can I talk to a real person?') // true
 * isHandoffRequest('Can an agent take over a conversation from the AI?') // false
 */
export function isHandoffRequest(message: string): boolean {
  const text = ` ${foldBounded(message)
    .replace(/[’'`]/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
  if (NEGATION.test(text)) return false;
  if (ALONE.some((pattern) => pattern.test(text))) return true;
  const match = REQUEST.map((pattern) => pattern.exec(text)).find((found) => found !== null);
  if (!match) return false;
  const before = text.slice(0, match.index).trim();
  return before === '' || /^(hi|hello|hey|bonjour|salut|please|svp|ok|so|well)$/.test(before)
    ? true
    : FIRST_PERSON.test(text);
}

// Arabic is written here as it is typed; folding (which drops the hamza of أ and إ) is applied
// to the patterns too, so both sides agree.
const fold = (source: string) => new RegExp(foldText(source), 'u');

const PERSON_EN =
  '(?:a |an |the |some |your |one of your )?(?:real |live |actual |human |support |customer service |sales )?(?:human|humans|person|people|agent|agents|operator|representative|rep|someone|somebody|staff|employee|member of (?:staff|your team)|customer service|support team|support staff)';
const PERSON_FR =
  '(?:un |une |le |la |l |des |quelqu )?(?:vrai |vraie |veritable )?(?:humain|humaine|personne|conseiller|conseillere|agent|operateur|operatrice|quelqu un|un des votres|service client|support|employe)';
const PERSON_AR = '(?:شخص|موظف|إنسان|انسان|بشر|بشري|وكيل|مندوب|أحد|احد|خدمة العملاء|الدعم)';

const REQUEST: RegExp[] = [
  new RegExp(
    ` (?:talk|speak|chat|connect|transfer|switch|put|pass|escalate|get|give|need|want|like|prefer)(?: me)?(?: to| with| through to| over to)? ${PERSON_EN}(?: |$)`,
  ),
  new RegExp(
    ` (?:parler|discuter|echanger|causer|contacter|joindre|avoir|veux|voudrais|souhaite|souhaiterais|besoin d|passer|transferer|en relation)(?: moi)?(?: a| avec| en relation avec)? ${PERSON_FR}(?: |$)`,
  ),
  fold(
    `(?:التحدث|أتحدث|اتحدث|تحدث|التكلم|أتكلم|اتكلم|تكلم|أكلم|اكلم|كلم|حولني|حوّلني|تحويلي|وصلني|أريد|اريد|أبغى|ابغى|أبي|ابي|بدي|عايز)(?: (?:مع|إلى|الى|ل))? ${PERSON_AR}`,
  ),
];

// A whole message that only names a person ("human please", "agent!", "un conseiller svp").
const ALONE: RegExp[] = [
  new RegExp(`^ (?:hi |hello )?${PERSON_EN}(?: please| now| asap)? $`),
  new RegExp(`^ (?:bonjour )?${PERSON_FR}(?: svp| s il vous plait| stp)? $`),
  fold(`^ ${PERSON_AR}(?: حقيقي)?(?: من فضلك| لو سمحت)? $`),
];

const FIRST_PERSON = fold(
  ' (?:i|im|me|my|we|us|let me|can i|could i|may i|je|j|moi|nous|puis je|أريد|اريد|أبي|ابي|بدي|عايز|أبغى|ابغى|ممكن|أتحدث|اتحدث|أتكلم|اتكلم|أكلم|اكلم|حولني|وصلني) ',
);

const NEGATION = fold(
  ' (?:dont|don t|do not|no need|not need|never|ne veux pas|pas besoin|pas de|pas un|لا أريد|لا اريد|لا احتاج|لا أحتاج|بدون) ',
);
