import { useMemo, useState } from 'preact/hooks';
import type { TAnalyticsOverview, TAnalyticsReport, TAnalyticsSeries } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, Loading, Page, useLoad } from '../ui/components.tsx';
import { TimeChart, type ChartSeries } from '../ui/time-chart.tsx';
import { analyticsCsv } from './analytics-csv.ts';
import { duration, money, percent } from './analytics-format.ts';

type Day = TAnalyticsSeries['days'][number];

function lines(days: Day[], picks: Array<[keyof Day, string, string]>): ChartSeries[] {
  return picks.map(([key, label, colour]) => ({
    label,
    colour,
    values: days.map((day) => Number(day[key])),
  }));
}

/** Offers the figures as a CSV file, built in the browser from what the page shows. */
function downloadCsv(series: TAnalyticsSeries, report: TAnalyticsReport, from: string) {
  const blob = new Blob([analyticsCsv(series, report)], { type: 'text/csv;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `parley-analytics-from-${from}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function Stats(props: { items: Array<[string, string]> }) {
  return (
    <dl class="stats">
      {props.items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Charts(props: { days: Day[] }) {
  const { days } = props;
  const labels = useMemo(() => days.map((day) => day.day), [days]);
  const traffic = useMemo(
    () =>
      lines(days, [
        ['sessions', 'Conversations', '#4f46e5'],
        ['messages', 'Messages', '#0891b2'],
      ]),
    [days],
  );
  const outcomes = useMemo(
    () =>
      lines(days, [
        ['aiAnswers', 'AI answers', '#16a34a'],
        ['refusals', 'Refusals', '#dc2626'],
        ['handoffs', 'Handoffs', '#d97706'],
      ]),
    [days],
  );
  const cost = useMemo(() => lines(days, [['estimatedCost', 'Cost (USD)', '#7c3aed']]), [days]);
  return (
    <div class="charts">
      <TimeChart title="Conversations and messages per day" days={labels} series={traffic} />
      <TimeChart
        title="AI answers, refusals and handoffs per day"
        days={labels}
        series={outcomes}
      />
      <TimeChart title="Provider cost per day" days={labels} series={cost} format={money} />
    </div>
  );
}

function Breakdown(props: { report: TAnalyticsReport }) {
  const { report } = props;
  return (
    <>
      <h2>Per widget</h2>
      <table class="figures" aria-label="Per widget">
        <thead>
          <tr>
            <th scope="col">Widget</th>
            <th scope="col">Conversations</th>
            <th scope="col">Messages</th>
            <th scope="col">Handoff rate</th>
            <th scope="col">Satisfaction</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {report.widgets.map((row) => (
            <tr key={row.widgetId}>
              <th scope="row">{row.name}</th>
              <td>{row.sessions}</td>
              <td>{row.messages}</td>
              <td>{percent(row.handoffRate)}</td>
              <td>{percent(row.satisfaction)}</td>
              <td>{money(row.estimatedCost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Per agent</h2>
      {report.agents.length === 0 ? (
        <p class="muted">No agent answered a conversation in this range.</p>
      ) : (
        <table class="figures" aria-label="Per agent">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Conversations answered</th>
              <th scope="col">Messages</th>
              <th scope="col">First response (median)</th>
            </tr>
          </thead>
          <tbody>
            {report.agents.map((row) => (
              <tr key={row.userId}>
                <th scope="row">{row.fullName}</th>
                <td>{row.sessions}</td>
                <td>{row.messages}</td>
                <td>{duration(row.firstResponseMsMedian)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Top questions</h2>
      <ol class="top-questions">
        {report.topQuestions.map((q) => (
          <li key={q.question}>
            {q.question} <span class="muted">×{q.count}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

export function AnalyticsPage() {
  const { api } = useApp();
  const [range, setRange] = useState(30);
  const from = new Date(Date.now() - range * 86_400_000).toISOString().slice(0, 10);
  const query = `from=${from}`;
  const overview = useLoad(
    () => api.get<TAnalyticsOverview>(`/analytics/overview?${query}`),
    [query],
  );
  const series = useLoad(
    () => api.get<TAnalyticsSeries>(`/analytics/timeseries?${query}`),
    [query],
  );
  const report = useLoad(() => api.get<TAnalyticsReport>(`/analytics/report?${query}`), [query]);
  const o = overview.data;
  const r = report.data;
  const stats: Array<[string, string]> = [
    ...(o
      ? ([
          ['Conversations', String(o.sessions)],
          ['Messages', String(o.messages)],
          ['AI answers', String(o.aiAnswers)],
          ['Refusals', String(o.refusals)],
          ['Cache hit rate', percent(o.cacheHitRate)],
          ['Provider cost', money(o.estimatedCost)],
        ] as Array<[string, string]>)
      : []),
    ...(r
      ? ([
          ['First response (median)', duration(r.firstResponseMsMedian)],
          ['Resolution (median)', duration(r.resolutionMsMedian)],
          ['Handoff rate', percent(r.handoffRate)],
          [
            'Satisfaction',
            r.feedbackCount === 0
              ? '—'
              : `${percent(r.satisfaction)} of ${r.feedbackCount} ratings`,
          ],
        ] as Array<[string, string]>)
      : []),
  ];
  return (
    <Page
      title="Analytics"
      actions={
        <div class="actions">
          <select
            aria-label="Range"
            value={range}
            onChange={(e) => setRange(Number((e.target as HTMLSelectElement).value))}
          >
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
            <option value={90}>Last 90 days</option>
          </select>
          <button
            type="button"
            disabled={!series.data || !r}
            onClick={() => series.data && r && downloadCsv(series.data, r, from)}
          >
            Download CSV
          </button>
        </div>
      }
    >
      <Loading isLoading={overview.isLoading || series.isLoading || report.isLoading} />
      <ErrorNote error={overview.error ?? series.error ?? report.error} />
      <Stats items={stats} />
      {r?.isSampled ? (
        <p class="muted">Service figures use the newest 5,000 conversations of this range.</p>
      ) : null}
      {series.data ? <Charts days={series.data.days} /> : null}
      {r ? <Breakdown report={r} /> : null}
    </Page>
  );
}
