import { useEffect, useState } from 'preact/hooks';
import type { TPresenceUpdate } from '@parley/protocol';
import { availableAgentsOf, emitAck, type LiveSocket } from '../api/live-inbox.ts';
import { storedPresence, storePresence } from '../api/presence.ts';

/** Available or away: what visitors are told ("The team is online"), and how many are on. */
export function PresenceSwitch(props: { live: LiveSocket | null }) {
  const { live } = props;
  const [status, setStatus] = useState(storedPresence());
  const [available, setAvailable] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!live) return;
    setAvailable(availableAgentsOf(live));
    const onUpdate = (update: TPresenceUpdate) => setAvailable(update.availableAgents);
    live.on('presence:update', onUpdate);
    return () => void live.off('presence:update', onUpdate);
  }, [live]);
  const choose = (next: 'online' | 'away') => {
    setStatus(next);
    storePresence(next);
    if (!live?.connected) return;
    emitAck(live, 'presence:set', { status: next }).then(
      () => setError(null),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  };
  return (
    <label class="presence">
      <span>My status</span>
      <select
        value={status}
        onChange={(event) => choose(event.currentTarget.value === 'away' ? 'away' : 'online')}
      >
        <option value="online">Available</option>
        <option value="away">Away</option>
      </select>
      {available !== null && (
        <small class="muted" aria-live="polite">
          {available === 1 ? '1 agent available' : `${available} agents available`}
        </small>
      )}
      {error && (
        <small class="error" role="alert">
          {error}
        </small>
      )}
    </label>
  );
}
