import { useEffect, useState } from 'preact/hooks';
import type { TFlagReview, TList, TModerationQueueItem, TSenderType } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { navigate } from '../router.ts';
import { ErrorNote, errorText, Loading, useLoad } from '../ui/components.tsx';
import { ResourcePage } from './resource-page.tsx';
import { MODERATION_RULES } from './resource-specs.ts';

const SENDER: Record<TSenderType, string> = {
  visitor: 'Visitor',
  ai: 'Assistant',
  agent: 'Agent',
  system: 'System',
};

/**
 * Pending flags, live, each with what a moderator needs to decide: the message among its
 * neighbours, the rule by name, what was done already, and a link to the conversation.
 * Approve keeps the message, reject hides it, ban also bans its author.
 */
function FlagQueue() {
  const { api, live, attention } = useApp();
  const queue = useLoad(() =>
    api.get<TList<TModerationQueueItem>>('/flagged-content?status=pending'),
  );
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!live) return;
    const onFlag = () => queue.reload();
    live.on('flag:new', onFlag);
    return () => live.off('flag:new', onFlag);
  }, [live, queue.reload]);
  const review = async (
    flag: TModerationQueueItem,
    decision: TFlagReview['decision'],
    ban = false,
  ) => {
    try {
      const body: TFlagReview = { decision, ban };
      await api.post(`/flagged-content/${flag.id}/review`, body);
      queue.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const openConversation = (sessionId: string) => {
    attention.pendingOpen = sessionId;
    navigate('/');
  };
  const items = queue.data?.items ?? [];
  return (
    <section class="card" aria-label="Flagged content">
      <h2>Flagged content</h2>
      <Loading isLoading={queue.isLoading} />
      <ErrorNote error={queue.error ?? error} />
      {items.length === 0 && !queue.isLoading ? <p class="muted">Nothing to review.</p> : null}
      <ul class="flags">
        {items.map((flag) => (
          <li key={flag.id} class="flag" data-flag-id={flag.id}>
            <p class="flag-head">
              <strong>{flag.ruleName ? `Rule “${flag.ruleName}”` : flag.reason}</strong>{' '}
              {flag.ruleAction ? <span class="badge">{flag.ruleAction}</span> : null}
              <span class="muted"> · {flag.actionTaken}</span>
            </p>
            {flag.context.length > 0 ? (
              <ol class="flag-context" aria-label="Message in context">
                {flag.context.map((message) => (
                  <li key={message.seq} class={message.isFlagged ? 'flagged' : undefined}>
                    <span class="author">{SENDER[message.senderType] ?? message.senderType}</span>{' '}
                    {message.content}
                  </li>
                ))}
              </ol>
            ) : (
              <p class="muted">The message no longer exists.</p>
            )}
            <span class="muted">
              {flag.reporterType === 'visitor' ? 'Reported by the visitor' : 'Found by a rule'} ·{' '}
              {new Date(flag.createdAt).toLocaleString()}
            </span>
            <div class="actions">
              {flag.sessionId ? (
                <button
                  type="button"
                  class="link"
                  onClick={() => openConversation(flag.sessionId!)}
                >
                  Open conversation
                </button>
              ) : null}
              <button type="button" onClick={() => void review(flag, 'approve')}>
                Approve
              </button>
              <button type="button" onClick={() => void review(flag, 'reject')}>
                Reject
              </button>
              <button
                type="button"
                class="danger"
                onClick={() => void review(flag, 'reject', true)}
              >
                Reject and ban
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ModerationPage() {
  return (
    <>
      <FlagQueue />
      <ResourcePage spec={MODERATION_RULES} />
    </>
  );
}
