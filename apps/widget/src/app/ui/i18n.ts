/** Every string the panel shows. English is complete; others fall back to it key by key. */
const en = {
  close: 'Close chat',
  send: 'Send',
  message: 'Message',
  placeholder: 'Type your message…',
  you: 'You',
  ai: 'AI assistant',
  agent: 'Support agent',
  system: 'Notice',
  offline: 'You are offline. Messages will be sent when you are back online.',
  connecting: 'Connecting…',
  sending: 'Sending…',
  queued: 'Waiting to send',
  failed: 'Not sent',
  retry: 'Retry',
  human: 'Talk to a human',
  humanRequested: 'A person has been asked to join.',
  closed: 'This conversation has ended.',
  restart: 'Start a new conversation',
  sources: 'Sources',
  up: 'Helpful',
  down: 'Not helpful',
  typingAi: 'The assistant is writing…',
  typingAgent: 'An agent is typing…',
  older: 'Load earlier messages',
  read: 'Read',
  incomplete: 'This answer was interrupted.',
  suggestions: 'Suggested topics',
  followUps: 'Related questions',
};
export type Strings = typeof en;

const fr: Partial<Strings> = {
  close: 'Fermer la discussion',
  send: 'Envoyer',
  message: 'Message',
  placeholder: 'Écrivez votre message…',
  you: 'Vous',
  ai: 'Assistant IA',
  agent: 'Conseiller',
  system: 'Information',
  offline: 'Vous êtes hors ligne. Les messages partiront dès le retour de la connexion.',
  connecting: 'Connexion…',
  sending: 'Envoi…',
  queued: 'En attente d’envoi',
  failed: 'Non envoyé',
  retry: 'Réessayer',
  human: 'Parler à une personne',
  humanRequested: 'Une personne a été appelée.',
  closed: 'Cette conversation est terminée.',
  restart: 'Nouvelle conversation',
  sources: 'Sources',
  up: 'Utile',
  down: 'Pas utile',
  typingAi: 'L’assistant écrit…',
  typingAgent: 'Un conseiller écrit…',
  older: 'Messages précédents',
  read: 'Lu',
  incomplete: 'Cette réponse a été interrompue.',
  suggestions: 'Sujets suggérés',
  followUps: 'Questions liées',
};

const ar: Partial<Strings> = {
  close: 'إغلاق المحادثة',
  send: 'إرسال',
  message: 'رسالة',
  placeholder: 'اكتب رسالتك…',
  you: 'أنت',
  ai: 'المساعد الذكي',
  agent: 'موظف الدعم',
  system: 'تنبيه',
  offline: 'أنت غير متصل. ستُرسل الرسائل عند عودة الاتصال.',
  connecting: 'جارٍ الاتصال…',
  sending: 'جارٍ الإرسال…',
  queued: 'في انتظار الإرسال',
  failed: 'لم تُرسل',
  retry: 'إعادة المحاولة',
  human: 'التحدث مع شخص',
  humanRequested: 'تم طلب انضمام شخص.',
  closed: 'انتهت هذه المحادثة.',
  restart: 'بدء محادثة جديدة',
  sources: 'المصادر',
  up: 'مفيد',
  down: 'غير مفيد',
  typingAi: 'المساعد يكتب…',
  typingAgent: 'الموظف يكتب…',
  older: 'تحميل الرسائل السابقة',
  read: 'مقروءة',
  incomplete: 'انقطعت هذه الإجابة.',
  suggestions: 'مواضيع مقترحة',
  followUps: 'أسئلة ذات صلة',
};

const LOCALES: Record<string, Partial<Strings>> = { en, fr, ar };
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/**
 * The strings and text direction for a locale such as `fr` or `ar-EG`; unknown locales get
 * English.
 *
 * @example
 * translate('ar').dir; // 'rtl'
 */
export function translate(locale: string): { lang: string; dir: 'ltr' | 'rtl'; t: Strings } {
  const lang = locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
  const known = lang in LOCALES ? lang : 'en';
  return {
    lang: known,
    dir: RTL.has(known) ? 'rtl' : 'ltr',
    t: { ...en, ...LOCALES[known] },
  };
}
