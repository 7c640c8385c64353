import { useState } from 'preact/hooks';
import type { TAnalyticsOverview, TAnalyticsSeries } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, Loading, Page, useLoad } from '../ui/components.tsx';

type Day = TAnalyticsSeries['days'][number];

/** A small hand-drawn SVG line chart: one line per series, days along the bottom. */
function LineChart(props: {
  days: Day[];
  series: Array<{ key: keyof Day; label: string; colour: string }>;
  title: string;
}) {
  const width = 560;
  const height = 160;
  const max = Math.max(
    1,
    ...props.days.flatMap((day) => props.series.map((s) => Number(day[s.key]))),
  );
  const x = (i: number) =>
    (props.days.length <= 1 ? 0 : (i / (props.days.length - 1)) * (width - 20)) + 10;
  const y = (v: number) => height - 20 - (v / max) * (height - 40);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title}>
        <text x="4" y="14" class="axis">
          {max}
        </text>
        {props.series.map((s) => (
          <polyline
            key={String(s.key)}
            fill="none"
            stroke={s.colour}
            stroke-width="2"
            points={props.days.map((day, i) => `${x(i)},${y(Number(day[s.key]))}`).join(' ')}
          />
        ))}
        <text x="10" y={height - 4} class="axis">
          {props.days[0]?.day}
        </text>
        <text x={width - 80} y={height - 4} class="axis">
          {props.days.at(-1)?.day}
        </text>
      </svg>
      <p class="legend">
        {props.series.map((s) => (
          <span key={String(s.key)} style={{ color: s.colour }}>
            ■ {s.label}{' '}
          </span>
        ))}
      </p>
    </figure>
  );
}

export function AnalyticsPage() {
  const { api } = useApp();
  const [range, setRange] = useState(30);
  const query = `from=${new Date(Date.now() - range * 86_400_000).toISOString().slice(0, 10)}`;
  const overview = useLoad(
    () => api.get<TAnalyticsOverview>(`/analytics/overview?${query}`),
    [query],
  );
  const series = useLoad(
    () => api.get<TAnalyticsSeries>(`/analytics/timeseries?${query}`),
    [query],
  );
  const o = overview.data;
  const stats: Array<[string, string]> = o
    ? [
        ['Conversations', String(o.sessions)],
        ['Messages', String(o.messages)],
        ['AI answers', String(o.aiAnswers)],
        ['Refusals', String(o.refusals)],
        ['Handoffs', String(o.handoffs)],
        ['Cache hit rate', o.cacheHitRate === null ? '—' : `${Math.round(o.cacheHitRate * 100)}%`],
        ['First token (median)', o.firstTokenMsP50 === null ? '—' : `${o.firstTokenMsP50} ms`],
        ['Feedback', `👍 ${o.feedbackUp} · 👎 ${o.feedbackDown}`],
      ]
    : [];
  return (
    <Page
      title="Analytics"
      actions={
        <select
          aria-label="Range"
          value={range}
          onChange={(e) => setRange(Number((e.target as HTMLSelectElement).value))}
        >
          <option value={7}>Last 7 days</option>
          <option value={30}>Last 30 days</option>
          <option value={90}>Last 90 days</option>
        </select>
      }
    >
      <Loading isLoading={overview.isLoading || series.isLoading} />
      <ErrorNote error={overview.error ?? series.error} />
      <dl class="stats">
        {stats.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {series.data ? (
        <>
          <LineChart
            title="Conversations and messages per day"
            days={series.data.days}
            series={[
              { key: 'sessions', label: 'Conversations', colour: '#4f46e5' },
              { key: 'messages', label: 'Messages', colour: '#0891b2' },
            ]}
          />
          <LineChart
            title="AI answers, refusals and handoffs per day"
            days={series.data.days}
            series={[
              { key: 'aiAnswers', label: 'Answers', colour: '#16a34a' },
              { key: 'refusals', label: 'Refusals', colour: '#dc2626' },
              { key: 'handoffs', label: 'Handoffs', colour: '#d97706' },
            ]}
          />
          <h2>Top questions</h2>
          <ol>
            {series.data.topQuestions.map((q) => (
              <li key={q.question}>
                {q.question} <span class="muted">×{q.count}</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </Page>
  );
}
