import {
  answerVisitorMessage,
  createKnowledgeService,
  createProviderResolver,
  createResponseCache,
  type AnswerRequest,
  type PipelineDeps,
} from '@parley/ai';
import { openDatabase } from '@parley/db';
import { createTestDatabase, startOpenAiCompatibleServer } from '@parley/test-kit';
import type { EvalCorpus } from './corpora/corpus-types.ts';

export interface GateFigures {
  offTopic: number;
  /** Off-topic questions that reached the provider (should be 0). */
  offTopicCalls: number;
  onTopic: number;
  /** On-topic questions that reached the provider (the gate let them through). */
  onTopicCalls: number;
}

/**
 * The restricted-mode topic gate, measured end to end: every corpus ingested into a real
 * SQLite database, a context rule with no keywords (retrieval alone decides), the pipeline
 * pointed at the loopback OpenAI-compatible server, and every question asked. A question
 * passed the gate exactly when the server received a chat-completions call for it.
 */
export async function measureGate(corpora: readonly EvalCorpus[]): Promise<GateFigures> {
  const provider = await startOpenAiCompatibleServer();
  const database = await createTestDatabase('sqlite', '');
  const db = openDatabase({ url: database.url, sqliteStorage: '' });
  const figures: GateFigures = { offTopic: 0, offTopicCalls: 0, onTopic: 0, onTopicCalls: 0 };
  try {
    await db.migrator.up();
    const knowledge = createKnowledgeService({ db });
    const deps: PipelineDeps = {
      db,
      knowledge,
      cache: createResponseCache({ db }),
      resolveProvider: createProviderResolver(db, {
        env: { baseUrl: provider.baseUrl, apiKey: 'eval', model: 'eval-model' },
      }),
    };
    const calls = () =>
      provider.requests.filter((request) => request.path.endsWith('/chat/completions')).length;
    for (const corpus of corpora) {
      const base = await knowledge.ingest({
        name: corpus.name,
        sourceType: 'file',
        fileName: corpus.format === 'html' ? 'policy.html' : 'faq.md',
        content: corpus.document,
      });
      const rule = await db.models.ContextRule.create({
        name: corpus.name,
        contextType: 'eval',
        keywords: [],
        refusalMessage: 'Off topic.',
        knowledgeBaseIds: [base.id],
        useKnowledgeBases: true,
      });
      const ask = async (question: string): Promise<boolean> => {
        const before = calls();
        const result = await answerVisitorMessage(deps, request(question, rule.id));
        await result.bookkeeping;
        return calls() > before;
      };
      for (const question of corpus.offTopic) {
        figures.offTopic++;
        if (await ask(question)) figures.offTopicCalls++;
      }
      for (const { question } of corpus.questions) {
        figures.onTopic++;
        if (await ask(question)) figures.onTopicCalls++;
      }
    }
    return figures;
  } finally {
    await db.close();
    await database.drop();
    await provider.close();
  }
}

function request(question: string, ruleId: string): AnswerRequest {
  return {
    question,
    widget: {
      contextMode: 'restricted',
      contextName: 'Eval',
      contextRuleId: ruleId,
      contextRoutes: null,
      cacheTtlS: 0,
    },
    page: null,
    visitor: { id: null, name: null },
    sessionId: null,
    messageId: null,
    history: [],
  };
}
