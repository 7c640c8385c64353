import { useState } from 'preact/hooks';
import type { TContextRuleTestResult } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, errorText, Field } from '../ui/components.tsx';
import { decisionInWords, termsInWords } from './dry-run-text.ts';
import { ResourcePage } from './resource-page.tsx';
import { PROMPT_VARIABLES_HINT, type ResourceSpec } from './resource-specs.ts';

/** Asks the AI pipeline how this rule would handle a question, without a visitor. */
function DryRun(props: { ruleId: string }) {
  const { api } = useApp();
  const [question, setQuestion] = useState('');
  const [result, setResult] = useState<TContextRuleTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const run = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.post<TContextRuleTestResult>(`/context-rules/${props.ruleId}/test`, {
          question,
        }),
      );
    } catch (err) {
      setError(errorText(err));
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={(event) => void run(event)} aria-label="Dry run">
      <h2>Dry run</h2>
      <Field label="Question">
        <input
          name="question"
          value={question}
          required
          onInput={(e) => setQuestion((e.target as HTMLInputElement).value)}
        />
      </Field>
      <button type="submit" class="primary" disabled={isBusy}>
        {isBusy ? 'Running…' : 'Run'}
      </button>
      <ErrorNote error={error} />
      {result ? (
        <dl class="dry-run" data-testid="dry-run-result">
          <dt>Decision</dt>
          <dd data-testid="dry-run-decision" data-decision={result.decision}>
            {decisionInWords(result)}
          </dd>
          <dt>Details</dt>
          <dd>{result.explanation}</dd>
          <dt>Matched keywords</dt>
          <dd data-testid="dry-run-keywords">{termsInWords(result.matchedKeywords)}</dd>
          <dt>Excluded topics mentioned</dt>
          <dd data-testid="dry-run-excluded">{termsInWords(result.matchedExcludedTopics)}</dd>
          <dt>Knowledge hits</dt>
          <dd>
            {result.knowledgeHits.length === 0
              ? 'none'
              : result.knowledgeHits
                  .map((hit) => `${hit.title ?? hit.url ?? 'untitled'} (${hit.score.toFixed(2)})`)
                  .join(', ')}
          </dd>
          <dt>Cache</dt>
          <dd>{result.cache.replace('_', ' ')}</dd>
          <dt>Answer</dt>
          <dd class="content">{result.answer ?? result.error ?? '—'}</dd>
          <dt>Rendered prompt</dt>
          <dd>
            <pre>{result.renderedPrompt}</pre>
          </dd>
        </dl>
      ) : null}
    </form>
  );
}

const CONTEXT_RULES: ResourceSpec = {
  title: 'Context rules',
  path: '/context-rules',
  labelOf: (item) => `${String(item.name)} (v${String(item.version)})`,
  fields: [
    { name: 'name', label: 'Name', kind: 'text', isRequired: true },
    { name: 'description', label: 'Description', kind: 'text' },
    {
      name: 'keywords',
      label: 'Keywords',
      kind: 'list',
      hint: 'One per line; on-topic questions mention one',
    },
    { name: 'excludedTopics', label: 'Excluded topics', kind: 'list', hint: 'Always refused' },
    { name: 'refusalMessage', label: 'Refusal message', kind: 'textarea' },
    {
      name: 'promptTemplate',
      label: 'Prompt template',
      kind: 'textarea',
      hint: PROMPT_VARIABLES_HINT,
    },
    {
      name: 'promptTemplateId',
      label: 'Named prompt template',
      kind: 'ref',
      ref: {
        path: '/prompt-templates',
        labelOf: (item) => String(item.name),
        noneLabel: '(none: the template above)',
      },
    },
    {
      name: 'responseFilters',
      label: 'Response filters (JSON)',
      kind: 'json',
      hint: '[{"type": "max_length", "maxLength": 800}]',
    },
    { name: 'useKnowledgeBases', label: 'Use knowledge bases', kind: 'bool' },
    {
      name: 'knowledgeBaseIds',
      label: 'Knowledge bases',
      kind: 'refs',
      ref: { path: '/knowledge-bases', labelOf: (item) => String(item.name) },
      hint: 'None ticked: every active knowledge base, when “Use knowledge bases” is on',
    },
    { name: 'knowledgeThreshold', label: 'Knowledge threshold', kind: 'number' },
    { name: 'historyTurns', label: 'History turns', kind: 'number' },
    { name: 'cacheTtlS', label: 'Cache TTL (s)', kind: 'number' },
    { name: 'isActive', label: 'Active', kind: 'bool', isDefaultOn: true },
  ],
  extra: (item) => <DryRun key={String(item.id)} ruleId={String(item.id)} />,
};

export function ContextRulesPage() {
  return <ResourcePage spec={CONTEXT_RULES} />;
}
