import {
  createOpenAiEmbedder,
  DEFAULT_KNOWLEDGE_THRESHOLD,
  hybridSearch,
  DENSE_WEIGHT,
  MIN_COVERAGE,
  passageText,
} from '@parley/ai';
import { startOpenAiCompatibleServer } from '@parley/test-kit';
import { DEMO_FAQ_CORPUS } from './corpora/demo-faq.ts';
import type { EvalCorpus } from './corpora/corpus-types.ts';
import { PRODUCT_FAQ } from './corpora/product-faq.ts';
import { SHOP_POLICY } from './corpora/shop-policy.ts';
import { TECHNICAL_DOCS } from './corpora/technical-docs.ts';
import {
  corpusIndex,
  evaluateCorpus,
  type CorpusResult,
  type Retriever,
} from './evaluate-corpus.ts';
import { measureGate } from './measure-gate.ts';
import { percent, summarise, type EvalFigures } from './summarise.ts';
import { writeEvalSection } from './write-report.ts';

/**
 * `pnpm eval`: the built-in answerer on reworded questions over three corpora (and the demo
 * seed's FAQ), per retrieval mode, then a sweep of the answer threshold. `--verbose` prints
 * every question; `--write` puts the tables in docs/benchmarks.md.
 */
const CORPORA: EvalCorpus[] = [PRODUCT_FAQ, SHOP_POLICY, TECHNICAL_DOCS, DEMO_FAQ_CORPUS];
const SCORE_SWEEP = [0.5, 1.5, 3, 6];
const DENSE_WEIGHT_SWEEP = [1, 0.5, 0.35, 0.25];
const COVERAGE_SWEEP = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7];

interface Mode {
  name: string;
  retrieverFor(corpus: EvalCorpus): Promise<Retriever>;
  close?(): Promise<void>;
}

const bm25: Mode = {
  name: 'BM25',
  retrieverFor: (corpus) => {
    const index = corpusIndex(corpus);
    return Promise.resolve((question, limit) => Promise.resolve(index.search(question, limit)));
  },
};

/**
 * BM25 fused with dense retrieval, the vectors from the test kit's loopback OpenAI-compatible
 * `/v1/embeddings` (deterministic hashed words and letter trigrams, not a learned model).
 */
async function hybridMode(denseWeight = DENSE_WEIGHT): Promise<Mode> {
  const provider = await startOpenAiCompatibleServer();
  const embedder = createOpenAiEmbedder({
    baseUrl: provider.baseUrl,
    apiKey: null,
    model: 'hashed',
  });
  return {
    name: `Hybrid (BM25 + loopback embeddings, RRF, dense weight ${denseWeight})`,
    async retrieverFor(corpus) {
      const index = corpusIndex(corpus);
      const chunks = index.chunks;
      const embedded = await embedder.embed(chunks.map(passageText));
      const vectors = new Map(chunks.map((chunk, position) => [chunk.id, embedded[position]!]));
      return async (question, limit) =>
        (await hybridSearch({ index, vectors, embedder, question, limit, denseWeight })).hits;
    },
    close: () => provider.close(),
  };
}

async function runMode(
  mode: Mode,
  thresholds: { minScore: number; minCoverage?: number },
): Promise<Map<string, CorpusResult>> {
  const results = new Map<string, CorpusResult>();
  for (const corpus of CORPORA) {
    const retrieve = await mode.retrieverFor(corpus);
    results.set(corpus.name, await evaluateCorpus(corpus, { retrieve, ...thresholds }));
  }
  return results;
}

const HEADER =
  "| corpus | on-topic | right fact | don't know | wrong fact | fact retrieved (top 3) | off-topic answered | median answer (chars) |";

function row(name: string, figures: EvalFigures): string {
  const f = figures;
  return `| ${name} | ${f.onTopic} | ${percent(f.right, f.onTopic)} | ${percent(f.unknown, f.onTopic)} | ${percent(f.wrong, f.onTopic)} | ${percent(f.retrieved, f.onTopic)} | ${f.offTopicAnswered}/${f.offTopic} | ${f.medianAnswerChars} |`;
}

function table(results: Map<string, CorpusResult>): string {
  const lines = [HEADER, '|---|---|---|---|---|---|---|---|'];
  for (const [name, result] of results) lines.push(row(name, summarise([result])));
  lines.push(row('**all**', summarise([...results.values()])));
  return lines.join('\n');
}

async function sweep(
  points: { minScore: number; minCoverage?: number; label: string }[],
): Promise<string> {
  const lines = [
    "| threshold | right fact | don't know | wrong fact | off-topic answered | median answer (chars) |",
    '|---|---|---|---|---|---|',
  ];
  for (const { label, ...thresholds } of points) {
    const f = summarise([...(await runMode(bm25, thresholds)).values()]);
    lines.push(
      `| ${label} | ${percent(f.right, f.onTopic)} | ${percent(f.unknown, f.onTopic)} | ${percent(f.wrong, f.onTopic)} | ${f.offTopicAnswered}/${f.offTopic} | ${f.medianAnswerChars} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const minScore = DEFAULT_KNOWLEDGE_THRESHOLD;
  const modes: Mode[] = [bm25, await hybridMode()];
  const sections: string[] = [];
  for (const mode of modes) {
    const results = await runMode(mode, { minScore });
    sections.push(`##### ${mode.name} retrieval, threshold ${minScore}\n\n${table(results)}`);
    if (args.has('--verbose'))
      for (const result of results.values())
        for (const question of [...result.onTopic, ...result.offTopic])
          console.log(
            `${question.outcome.padEnd(7)} ${question.topScore.toFixed(2).padStart(6)} ${question.topCoverage.toFixed(2)} ${question.corpus}: ${question.question}\n        → ${question.answer.replace(/\s+/g, ' ').slice(0, 160)}`,
          );
    await mode.close?.();
  }
  sections.push(
    `##### Answer threshold sweep (BM25): coverage (answerer default ${MIN_COVERAGE})\n\n${await sweep(
      COVERAGE_SWEEP.map((minCoverage) => ({ minScore, minCoverage, label: String(minCoverage) })),
    )}`,
    `##### Retrieval score sweep (BM25): the rule's knowledge threshold (default ${minScore})\n\n${await sweep(
      SCORE_SWEEP.map((score) => ({ minScore: score, label: String(score) })),
    )}`,
  );
  const weights = [
    "| dense weight | right fact | don't know | wrong fact | fact retrieved (top 3) |",
    '|---|---|---|---|---|',
  ];
  for (const weight of DENSE_WEIGHT_SWEEP) {
    const mode = await hybridMode(weight);
    const f = summarise([...(await runMode(mode, { minScore })).values()]);
    await mode.close?.();
    weights.push(
      `| ${weight} | ${percent(f.right, f.onTopic)} | ${percent(f.unknown, f.onTopic)} | ${percent(f.wrong, f.onTopic)} | ${percent(f.retrieved, f.onTopic)} |`,
    );
  }
  sections.push(
    `##### Hybrid: dense-weight sweep (reciprocal-rank fusion)\n\n${weights.join('\n')}`,
  );
  const gate = await measureGate(CORPORA);
  sections.push(
    `##### Restricted-mode gate (pipeline on SQLite, loopback OpenAI-compatible server counting calls)\n\n| questions | reached the provider |\n|---|---|\n| off-topic | ${gate.offTopicCalls}/${gate.offTopic} |\n| on-topic | ${gate.onTopicCalls}/${gate.onTopic} |`,
  );
  const report = sections.join('\n\n');
  console.log(report);
  if (args.has('--write')) writeEvalSection(report);
}

await main();
