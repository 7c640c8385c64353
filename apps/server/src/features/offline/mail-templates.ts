import type { TMessage } from '@parley/protocol';

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

/** Every string of visitors' mail, per shipped widget language; others get English. */
const STRINGS = {
  en: {
    replySubject: 'New reply: {title}',
    replyIntro: 'You have a new reply in your conversation with {title}:',
    recent: 'Earlier in the conversation:',
    answerByMail: 'Reply to this email to answer; your reply goes into the same conversation.',
    answerInChat: 'To answer, open the chat on the site again.',
    transcriptSubject: 'Your conversation with {title}',
    transcriptIntro: 'Here is the transcript you asked for.',
    unsubscribe: 'Stop emails about this conversation: {url}',
    confirmSubject: 'Confirm your email for {title}',
    confirmIntro: 'You asked {title} to reply to this address. Confirm it by opening this link:',
    confirmIgnore: 'If this was not you, ignore this mail: nothing will be sent to you.',
    you: 'You',
    team: 'Support',
  },
  fr: {
    replySubject: 'Nouvelle réponse : {title}',
    replyIntro: 'Vous avez une nouvelle réponse dans votre conversation avec {title} :',
    recent: 'Plus tôt dans la conversation :',
    answerByMail: 'Répondez à cet e-mail : votre réponse rejoint la même conversation.',
    answerInChat: 'Pour répondre, rouvrez la discussion sur le site.',
    transcriptSubject: 'Votre conversation avec {title}',
    transcriptIntro: 'Voici la transcription demandée.',
    unsubscribe: 'Ne plus recevoir d’e-mails sur cette conversation : {url}',
    confirmSubject: 'Confirmez votre e-mail pour {title}',
    confirmIntro:
      'Vous avez demandé à {title} de vous répondre à cette adresse. Confirmez-la ici :',
    confirmIgnore: 'Si ce n’était pas vous, ignorez ce message : rien ne vous sera envoyé.',
    you: 'Vous',
    team: 'Support',
  },
  ar: {
    replySubject: 'رد جديد: {title}',
    replyIntro: 'لديك رد جديد في محادثتك مع {title}:',
    recent: 'في وقت سابق من المحادثة:',
    answerByMail: 'رد على هذا البريد للإجابة، وسيصل ردك إلى المحادثة نفسها.',
    answerInChat: 'للإجابة، افتح المحادثة على الموقع مرة أخرى.',
    transcriptSubject: 'محادثتك مع {title}',
    transcriptIntro: 'إليك نص المحادثة الذي طلبته.',
    unsubscribe: 'لإيقاف رسائل هذه المحادثة: {url}',
    confirmSubject: 'أكّد بريدك الإلكتروني لدى {title}',
    confirmIntro: 'طلبت من {title} الرد على هذا العنوان. أكّده بفتح هذا الرابط:',
    confirmIgnore: 'إن لم تكن أنت، فتجاهل هذه الرسالة: لن يُرسل إليك شيء.',
    you: 'أنت',
    team: 'الدعم',
  },
};
type Strings = (typeof STRINGS)['en'];

function stringsFor(locale: string): { strings: Strings; dir: 'ltr' | 'rtl' } {
  const lang = locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
  const strings = lang in STRINGS ? STRINGS[lang as keyof typeof STRINGS] : STRINGS.en;
  return { strings, dir: lang === 'ar' ? 'rtl' : 'ltr' };
}

interface MailContext {
  locale: string;
  /** The widget's title, as the visitor saw it. */
  title: string;
  unsubscribeUrl: string;
}

/** Agents' replies to a visitor who left: the replies, the messages before, how to answer. */
export function replyMail(
  context: MailContext & { replies: TMessage[]; earlier: TMessage[]; canAnswerByMail: boolean },
): Mail {
  const { strings: s, dir } = stringsFor(context.locale);
  const fill = (text: string) => text.replace('{title}', () => context.title);
  const lines = [
    fill(s.replyIntro),
    '',
    ...context.replies.flatMap((reply) => [quote(reply.content), '']),
    ...(context.earlier.length > 0
      ? [s.recent, '', ...context.earlier.map((m) => `${speaker(m, s)}: ${m.content}`), '']
      : []),
    context.canAnswerByMail ? s.answerByMail : s.answerInChat,
    '',
    s.unsubscribe.replace('{url}', () => context.unsubscribeUrl),
  ];
  return { subject: fill(s.replySubject), text: lines.join('\n'), html: asHtml(lines, dir) };
}

/** A conversation's transcript, for the visitor who asked for it. */
export function visitorTranscriptMail(context: MailContext & { messages: TMessage[] }): Mail {
  const { strings: s, dir } = stringsFor(context.locale);
  const lines = [
    s.transcriptIntro,
    '',
    ...context.messages.map(
      (m) => `[${m.createdAt.slice(0, 16).replace('T', ' ')} UTC] ${speaker(m, s)}: ${m.content}`,
    ),
    '',
    s.unsubscribe.replace('{url}', () => context.unsubscribeUrl),
  ];
  return {
    subject: s.transcriptSubject.replace('{title}', () => context.title),
    text: lines.join('\n'),
    html: asHtml(lines, dir),
  };
}

/** Asks the visitor to confirm the address they left, before anything else is sent to it. */
export function confirmationMail(context: {
  locale: string;
  title: string;
  confirmUrl: string;
}): Mail {
  const { strings: s, dir } = stringsFor(context.locale);
  const fill = (text: string) => text.replace('{title}', () => context.title);
  const lines = [fill(s.confirmIntro), '', context.confirmUrl, '', s.confirmIgnore];
  return { subject: fill(s.confirmSubject), text: lines.join('\n'), html: asHtml(lines, dir) };
}

function speaker(message: TMessage, s: Strings): string {
  return message.senderType === 'visitor' ? s.you : s.team;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** The same lines as HTML: escaped, so nothing a visitor or agent typed becomes markup. */
function asHtml(lines: string[], dir: 'ltr' | 'rtl'): string {
  const escaped = lines.map((line) => line.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`));
  return `<!doctype html><html><body dir="${dir}"><div style="white-space:pre-wrap;font-family:sans-serif">${escaped.join('<br>')}</div></body></html>`;
}
