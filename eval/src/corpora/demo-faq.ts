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
    // Found by using the demo as a new visitor: refused or not known before.
    { question: 'can I change the colour of the chat button', fact: /brand colour/i },
    { question: 'is my data stored in the EU?', fact: /self-hosted|sqlite/i },
    { question: 'Question number 3: how do I embed the widget on page 3?', fact: /script tag/i },
    { question: 'do you host my data in Europe', fact: /self-hosted|sqlite/i },
    { question: 'I have a question: does the chat box show on phones?', fact: /phones/i },
    { question: 'how do I put the chat widget on my shopify store', fact: /script tag/i },
  ],
  offTopic: [
    'what time is it in Tokyo',
    'tell me a joke about cats',
    'which website builder is the best for a blog',
    'I forgot my password',
    'How much does it cost?',
    "what's the weather in Paris",
    'write me a poem',
    'how do I change the colour of my car',
    'what is question number 3 of the exam',
  ],
};
