import { demoFaqText } from '@parley/server/src/features/demo/demo-faq.ts';
import type { EvalCorpus } from './corpus-types.ts';

/** The demo seed's FAQ (Parley itself), with the reworded questions of issue #12. */
export const DEMO_FAQ_CORPUS: EvalCorpus = {
  name: 'demo seed FAQ',
  format: 'markdown',
  document: demoFaqText(),
  questions: [
    { question: 'can I use it on my WordPress blog', fact: /script tag|<script|parley-chat/i },
    { question: 'a local Llama instead of paying OpenAI', fact: /ollama|llama\.cpp/i },
    { question: 'can someone from my team jump into the chat', fact: /take (it )?over|agents?/i },
    { question: 'do I need MySQL or is there a built-in database', fact: /sqlite/i },
    { question: 'will it break my security headers', fact: /script-src|inline/i },
    {
      question: 'does it support screen readers and keyboard users',
      fact: /keyboard|screen readers/i,
    },
    { question: 'does it work with my React app', fact: /any framework/i },
  ],
  offTopic: [
    'what time is it in Tokyo',
    'tell me a joke about cats',
    'which website builder is the best for a blog',
    'I forgot my password',
  ],
};
