/** One turn of a conversation, as the prompt sees it. */
export interface HistoryTurn {
  role: 'visitor' | 'assistant' | 'agent';
  content: string;
}

const LABEL: Record<HistoryTurn['role'], string> = {
  visitor: 'Visitor',
  assistant: 'Assistant',
  agent: 'Agent',
};

/**
 * The last `turns` messages, oldest first, one per line ("Visitor: …"). Zero turns gives an
 * empty string.
 *
 * @example
 * formatHistory([{ role: 'visitor', content: 'hi' }], 6) // 'Visitor: hi'
 */
export function formatHistory(history: readonly HistoryTurn[], turns: number): string {
  if (turns <= 0) return '';
  return history
    .slice(-turns)
    .map((turn) => `${LABEL[turn.role]}: ${turn.content.replace(/\s+/g, ' ').trim()}`)
    .join('\n');
}
