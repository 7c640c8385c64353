import { useEffect } from 'preact/hooks';
import type { TFlagNotice, TList } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, Loading, useLoad } from '../ui/components.tsx';
import { ResourcePage } from './resource-page.tsx';
import { MODERATION_RULES } from './resource-specs.ts';
import { useState } from 'preact/hooks';
import { errorText } from '../ui/components.tsx';

type Flag = TFlagNotice & { contentId: string; reporterType: string };

/** Pending flags, live; approve keeps the message, reject hides it, ban bans its author too. */
function FlagQueue() {
  const { api, live } = useApp();
  const queue = useLoad(() => api.get<TList<Flag>>('/flagged-content?status=pending'));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!live) return;
    const onFlag = () => queue.reload();
    live.on('flag:new', onFlag);
    return () => live.off('flag:new', onFlag);
  }, [live, queue.reload]);
  const review = async (flag: Flag, decision: 'approve' | 'reject', ban = false) => {
    try {
      await api.post(`/flagged-content/${flag.id}/review`, { decision, ban });
      queue.reload();
    } catch (err) {
      setError(errorText(err));
    }
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
            <p class="content">{flag.reason}</p>
            <span class="muted">
              {flag.contentType} · {flag.reporterType} · {new Date(flag.createdAt).toLocaleString()}
            </span>
            <div class="actions">
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
