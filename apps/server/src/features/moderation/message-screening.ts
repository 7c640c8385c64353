import type { Database } from '@parley/db';
import { evaluate } from '@parley/moderation';
import type { MessageScreen, ScreenedContent } from '../conversations/message-screen.ts';
import type { FlagService } from './flag-service.ts';
import type { RuleCache } from './rule-cache.ts';

/** How much of a streaming answer is re-checked per delta: bounded work, longer than any pattern. */
const STREAM_WINDOW = 2_000;

/**
 * The moderation side of the conversations seam: every visitor message and AI answer is
 * evaluated against the cached rules before it is committed; a `flag` verdict files a queue
 * item once the message exists.
 */
export function createMessageScreening(parts: {
  db: Database;
  rules: RuleCache;
  flags: FlagService;
}): MessageScreen {
  return {
    async screen({ content }): Promise<ScreenedContent> {
      const result = evaluate(content, await parts.rules.get());
      const ruleIds = [...result.matchedRuleIds];
      switch (result.action) {
        case 'allow':
          return { content, isHidden: false };
        case 'block':
          return { content, isHidden: true, note: { action: 'block', ruleIds } };
        case 'replace':
          return {
            content: result.text,
            isHidden: false,
            note: { action: 'replace', ruleIds, originalContent: content },
          };
        case 'flag':
          return { content, isHidden: false, note: { action: 'flag', ruleIds } };
      }
    },
    isStreamUnsafe(partial) {
      const rules = parts.rules.peek();
      if (!rules) return false;
      const tail = partial.slice(-STREAM_WINDOW);
      const { action } = evaluate(tail, rules);
      return action === 'block' || action === 'replace';
    },
    async afterCommit({ session, message, screened }) {
      // Only rules whose verdict asks for review file a flag; replace and block act on their own.
      if (screened.note?.action !== 'flag') return;
      await parts.flags.fileRuleMatch({
        sessionId: session.id,
        messageId: message.id,
        ruleIds: screened.note.ruleIds,
      });
    },
  };
}
