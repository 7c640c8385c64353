import type { TAnalyticsReport, TAnalyticsSeries } from '@parley/protocol';

/** One CSV cell: quoted when it holds a comma, quote or line break; formulas defused. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  // A spreadsheet runs a cell starting with = + - @ as a formula; visitors wrote these questions.
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function table(title: string, head: string[], rows: Array<Array<string | number | null>>) {
  return [title, head.map(cell).join(','), ...rows.map((row) => row.map(cell).join(','))].join(
    '\r\n',
  );
}

/**
 * The analytics page's figures as one CSV file: a titled table per section (per day, per
 * widget, per agent, top questions), separated by a blank line.
 */
export function analyticsCsv(series: TAnalyticsSeries, report: TAnalyticsReport): string {
  return [
    table(
      'Per day',
      ['day', 'conversations', 'messages', 'ai_answers', 'refusals', 'handoffs', 'cost_usd'],
      series.days.map((d) => [
        d.day,
        d.sessions,
        d.messages,
        d.aiAnswers,
        d.refusals,
        d.handoffs,
        d.estimatedCost,
      ]),
    ),
    table(
      'Per widget',
      ['widget', 'conversations', 'messages', 'handoff_rate', 'satisfaction', 'cost_usd'],
      report.widgets.map((w) => [
        w.name,
        w.sessions,
        w.messages,
        w.handoffRate,
        w.satisfaction,
        w.estimatedCost,
      ]),
    ),
    table(
      'Per agent',
      ['agent', 'conversations', 'messages', 'first_response_ms_median'],
      report.agents.map((a) => [a.fullName, a.sessions, a.messages, a.firstResponseMsMedian]),
    ),
    table(
      'Top questions',
      ['question', 'count'],
      report.topQuestions.map((q) => [q.question, q.count]),
    ),
  ].join('\r\n\r\n');
}
