/**
 * Parley's own FAQ: the demo knowledge base the built-in answerer replies from. One entry per
 * question, so each becomes one passage with its question as the source title.
 */
export const DEMO_FAQ: { question: string; answer: string }[] = [
  {
    question: 'What is Parley?',
    answer:
      'Parley is a self-hosted, context-aware chat system for websites. A site owner pastes one script tag, visitors chat in a small widget, and an AI assistant answers inside the limits admins set: context rules, knowledge bases and moderation. Agents can watch conversations live and take over from the AI.',
  },
  {
    question: 'How do I embed the Parley widget on my site?',
    answer:
      'Paste one script tag before the closing body tag: <script async src="https://chat.example.com/widget.js" data-widget-key="wk_..."></script>. You can also use the <parley-chat widget-key="wk_..."> element or the iframe page /embed/wk_... . List your site in the widget\'s allowed origins.',
  },
  {
    question: 'Does Parley work with React, Vue, Angular or Next.js?',
    answer:
      "Yes, with any framework or none. The widget is one script tag that lives outside your app, in its own Shadow DOM: add it once to the HTML every page shares (index.html in most single-page apps). With that script loaded, the <parley-chat> element also works inside a component (Angular: add CUSTOM_ELEMENTS_SCHEMA). A single-page app keeps one widget and one conversation across route changes, and Parley('open') or Parley('identify', {...}) let your code drive it.",
  },
  {
    question: "Can I customise the widget's colours, position and texts?",
    answer:
      'Yes, per widget in the dashboard: its title, brand colour, position on the page, greeting, input placeholder and language, whether it opens by itself and whether it shows on phones. The widget picks a readable text colour for your brand colour, and the dashboard shows a live preview as you edit.',
  },
  {
    question: 'Does the widget work with a strict Content-Security-Policy?',
    answer:
      'Yes. The widget uses no inline scripts, no inline styles and no eval. Allow the Parley origin in script-src, style-src and connect-src (docs/csp.md lists the exact directives).',
  },
  {
    question: 'Which AI providers does Parley support?',
    answer:
      "Any OpenAI-compatible chat-completions endpoint: OpenAI, Gemini's OpenAI endpoint, or a model running locally on your own machine with Ollama, vLLM, llama.cpp or LM Studio. Set AI_BASE_URL, AI_API_KEY and AI_MODEL. Without them Parley answers from its knowledge bases with the built-in answerer, with no external AI at all.",
  },
  {
    question: 'Where does Parley store its data?',
    answer:
      'On your own servers: Parley is self-hosted, so conversations and knowledge stay wherever you run it (in the EU if you host it there), and the built-in answerer sends nothing to a third party. By default in an embedded SQLite file under ./data/. In production set DATABASE_URL to MySQL 8 or MariaDB 10.11+, and REDIS_URL to run several nodes behind a load balancer.',
  },
  {
    question: 'Can a person take over a conversation from the AI?',
    answer:
      'Yes. Visitors can ask to talk to a human, and agents see every conversation live in the dashboard inbox, take it over, answer, hand it back to the AI or close it. While an agent holds a conversation the AI stays silent.',
  },
  {
    question: 'How do I keep the assistant on topic?',
    answer:
      "Context rules decide what the assistant answers. In restricted mode it only answers questions that match the rule's keywords or its knowledge bases and politely refuses the rest, without calling the model. Excluded topics are always refused.",
  },
  {
    question: 'Does the widget store cookies?',
    answer:
      'Nothing is written to cookies or storage before the visitor first interacts with the widget. After that the widget keeps a visitor token so the conversation survives reloads, and the storage mode is configurable.',
  },
  {
    question: 'Is the widget accessible?',
    answer:
      'Yes: it works with the keyboard alone, moves focus into the panel and back, closes with Escape, announces new messages to screen readers, picks a readable text colour for your brand colour, and is available in English, French and Arabic.',
  },
];

/** The FAQ as one text document (the knowledge base's `content`). */
export function demoFaqText(): string {
  return DEMO_FAQ.map(({ question, answer }) => `## ${question}\n\n${answer}`).join('\n\n');
}
