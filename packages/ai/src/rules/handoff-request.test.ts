import { describe, expect, it } from 'vitest';
import { bestCpuTimeMs } from '../test-support/best-time.ts';
import { isHandoffRequest } from './handoff-request.ts';

describe('isHandoffRequest', () => {
  it.each([
    'I want to talk to a human',
    'Can I talk to a real person?',
    'can i speak with an agent please',
    'Talk to a human',
    'human please',
    'Agent!',
    "I'd like to speak to someone from customer service",
    'Could you put me through to a representative?',
    'connect me with a live agent',
    'Hi, can I chat with someone?',
  ])('hands off on %j (en)', (message) => expect(isHandoffRequest(message)).toBe(true));
  it.each([
    'Je veux parler à un humain',
    'Puis-je parler à un conseiller ?',
    "J'ai besoin d'un vrai conseiller",
    "Je voudrais parler à quelqu'un",
    'Un conseiller svp',
    'mettez-moi en relation avec un agent',
  ])('hands off on %j (fr)', (message) => expect(isHandoffRequest(message)).toBe(true));
  it.each([
    'أريد التحدث مع شخص',
    'اريد التكلم مع موظف',
    'ممكن أكلم موظف؟',
    'موظف من فضلك',
    'حولني إلى خدمة العملاء',
  ])('hands off on %j (ar)', (message) => expect(isHandoffRequest(message)).toBe(true));
  it.each([
    'Can a person take over a conversation from the AI?',
    'can someone from my team jump into the chat',
    'How do visitors talk to a human?',
    "I don't want to talk to a human, just tell me the price",
    'I need help with my order',
    'What is the refund policy?',
    'Comment mes clients parlent-ils à un conseiller ?',
    'ما هي سياسة الاسترجاع؟',
  ])('does not hand off on %j', (message) => expect(isHandoffRequest(message)).toBe(false));
  it('reads only the start of a long message that folding expands, quickly', () => {
    // 100,000 × U+FDFA (the largest MAX_MESSAGE_LENGTH) fold to 1,800,000 characters: 0.3 s.
    const junk = '\uFDFA'.repeat(100_000);
    expect(bestCpuTimeMs(() => isHandoffRequest(junk))).toBeLessThan(50);
    expect(isHandoffRequest(`Talk to a human ${junk}`)).toBe(true);
  });
});
