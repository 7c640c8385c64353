import type { Database } from '@parley/db';
import { DEMO_FAQ, demoFaqText } from './demo-faq.ts';

/** The demo widget's public key; fixed so the demo page finds it after a restart. */
export const DEMO_WIDGET_KEY = 'wk_demo';

const TOPIC_KEYWORDS = [
  'parley',
  'widget',
  'embed',
  'script',
  'csp',
  'ai',
  'provider',
  'openai',
  'data',
  'database',
  'agent',
  'human',
  'cookie',
  'privacy',
  'accessibility',
  'install',
];

export interface DemoSeedResult {
  widgetKey: string;
  /** False when the database already had widgets (nothing was written). */
  isNew: boolean;
  knowledgeBaseId: string | null;
}

/**
 * Seeds the demo on an empty database (no widget yet): a widget whose allowed origins are the
 * demo host page (and this server, for the iframe page), a restricted context rule about Parley,
 * and a knowledge base of Parley's FAQ, one passage per question. Done in one transaction. On
 * later starts only the demo widget's origins are kept current; other data is never touched.
 */
export async function seedDemo(
  db: Database,
  options: { demoOrigins: string[]; serverOrigin: string },
): Promise<DemoSeedResult> {
  const { WidgetConfig, ContextRule, KnowledgeBaseConfig, KnowledgeChunk } = db.models;
  const origins = [...options.demoOrigins, options.serverOrigin];
  if ((await WidgetConfig.count()) > 0) {
    const demo = await WidgetConfig.findOne({ where: { widgetKey: DEMO_WIDGET_KEY } });
    if (!demo) return { widgetKey: '', isNew: false, knowledgeBaseId: null };
    // The demo page may run on another port than last time: keep it allowed.
    const current = demo.allowedOrigins ?? [];
    const missing = origins.filter((origin) => !current.includes(origin));
    if (missing.length) await demo.update({ allowedOrigins: [...current, ...missing] });
    return { widgetKey: DEMO_WIDGET_KEY, isNew: false, knowledgeBaseId: null };
  }
  return db.sequelize.transaction(async (transaction) => {
    const kb = await KnowledgeBaseConfig.create(
      {
        name: 'Parley FAQ',
        description: 'What Parley is and how it works (demo)',
        sourceType: 'text',
        content: demoFaqText(),
        status: 'ready',
      },
      { transaction },
    );
    await KnowledgeChunk.bulkCreate(
      DEMO_FAQ.map(({ question, answer }, position) => ({
        knowledgeBaseId: kb.id,
        position,
        title: question,
        content: `${question}\n${answer}`,
      })),
      { transaction },
    );
    const rule = await ContextRule.create(
      {
        name: 'Parley questions',
        description: 'The demo assistant answers questions about Parley only.',
        contextType: 'product',
        keywords: TOPIC_KEYWORDS,
        excludedTopics: ['politics', 'medical advice'],
        refusalMessage:
          'I can only help with questions about Parley. Ask me how to embed the widget, which AI providers work, or where data is stored.',
        useKnowledgeBases: true,
        knowledgeBaseIds: [kb.id],
      },
      { transaction },
    );
    await WidgetConfig.create(
      {
        widgetKey: DEMO_WIDGET_KEY,
        name: 'Parley demo',
        title: 'Ask Parley',
        allowedOrigins: origins,
        contextMode: 'restricted',
        contextName: 'Parley',
        contextRuleId: rule.id,
        greeting: 'Hi! I answer questions about Parley. How can I help?',
        placeholder: 'Ask about Parley…',
        handoffEnabled: true,
        isDefault: true,
      },
      { transaction },
    );
    return { widgetKey: DEMO_WIDGET_KEY, isNew: true, knowledgeBaseId: kb.id };
  });
}
