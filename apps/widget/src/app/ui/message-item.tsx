import type { ViewMessage } from '../chat/message-state.ts';
import type { Strings } from './i18n.ts';
import { renderMarkdown } from './markdown.ts';

interface Props {
  message: ViewMessage;
  t: Strings;
  lang: string;
  isReadByAgent: boolean;
  onRetry: (clientId: string) => void;
  onRate: (messageId: string, rating: 'up' | 'down') => void;
}

/** A thumb drawn as SVG: emoji fonts are missing on many systems. Down is the same, turned. */
const THUMB_ICON =
  'M3 10h3v10H3zM8 20V10l4-7c1.3 0 2 .8 2 2v3h5a2 2 0 0 1 2 2.3l-1.3 7A2 2 0 0 1 17 20z';

function authorOf(message: ViewMessage, t: Strings): string {
  if (message.senderType === 'visitor') return t.you;
  if (message.senderType === 'ai') return t.ai;
  if (message.senderType === 'agent') return message.senderName ?? t.agent;
  return t.system;
}

function formatTime(iso: string, lang: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
}

function DeliveryNote({ message, t, isReadByAgent, onRetry }: Omit<Props, 'onRate' | 'lang'>) {
  if (message.state === 'failed') {
    return (
      <span class="bad">
        {t.failed}
        {message.error ? `: ${message.error}` : ''}{' '}
        {!message.isFinal && (
          <button type="button" class="lnk" onClick={() => onRetry(message.clientId ?? '')}>
            {t.retry}
          </button>
        )}
      </span>
    );
  }
  if (message.state === 'sending') return <span>{t.sending}</span>;
  if (message.state === 'queued') return <span>{t.queued}</span>;
  return isReadByAgent ? <span>{t.read}</span> : null;
}

/** One message: who wrote it (AI or person, always), the text, sources, time and state. */
export function MessageItem(props: Props) {
  const { message, t, lang, onRate } = props;
  const isAnswer = message.senderType === 'ai';
  const isVisitor = message.senderType === 'visitor';
  return (
    <li class={`msg ${message.senderType}`} data-seq={message.seq || undefined}>
      <span class="who">{authorOf(message, t)}</span>
      <div class="bub" dir="auto">
        {message.isHidden ? (
          <p class="gone">{t.hidden}</p>
        ) : isVisitor ? (
          <p class="plain">{message.content}</p>
        ) : (
          renderMarkdown(message.content)
        )}
        {message.isIncomplete && <p class="mut">{t.incomplete}</p>}
      </div>
      {isAnswer && message.sources && message.sources.length > 0 && (
        <div class="src">
          <span>{t.sources}</span>
          <ul>
            {message.sources.map((source, i) => (
              <li key={i}>
                {source.url && /^https?:\/\//.test(source.url) ? (
                  <a href={source.url} target="_blank" rel="noopener noreferrer nofollow">
                    {source.title}
                  </a>
                ) : (
                  source.title
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="meta">
        <time dateTime={message.createdAt}>{formatTime(message.createdAt, lang)}</time>
        {isVisitor && <DeliveryNote {...props} />}
        {isAnswer && message.state === 'sent' && (
          <span class="rate">
            {(['up', 'down'] as const).map((rating) => (
              <button
                key={rating}
                type="button"
                aria-label={t[rating]}
                aria-pressed={message.rating === rating}
                onClick={() => onRate(message.id, rating)}
              >
                <svg viewBox="0 0 24 24" aria-hidden="true" class={rating}>
                  <path d={THUMB_ICON} />
                </svg>
              </button>
            ))}
          </span>
        )}
      </div>
    </li>
  );
}
