import { describe, expect, it } from 'vitest';
import { analyticsCsv } from './analytics-csv.ts';

describe('analyticsCsv', () => {
  it('writes one titled table per section, quoting and defusing what visitors wrote', () => {
    const csv = analyticsCsv(
      {
        days: [
          {
            day: '2026-11-28',
            sessions: 2,
            messages: 5,
            aiAnswers: 2,
            refusals: 0,
            handoffs: 1,
            estimatedCost: 0.0012,
          },
        ],
        topQuestions: [],
      },
      {
        sessions: 2,
        firstResponseMsMedian: 4000,
        resolutionMsMedian: null,
        handoffRate: 0.5,
        satisfaction: null,
        feedbackCount: 0,
        widgets: [
          {
            widgetId: 'w',
            name: 'Shop, EU',
            sessions: 2,
            messages: 5,
            handoffRate: 0.5,
            satisfaction: null,
            estimatedCost: 0.0012,
          },
        ],
        agents: [],
        topQuestions: [{ question: '=HYPERLINK("x") "quoted"', count: 3 }],
        isSampled: false,
      },
    );
    const lines = csv.split('\r\n');
    expect(lines.slice(0, 3)).toEqual([
      'Per day',
      'day,conversations,messages,ai_answers,refusals,handoffs,cost_usd',
      '2026-11-28,2,5,2,0,1,0.0012',
    ]);
    expect(lines).toContain('"Shop, EU",2,5,0.5,,0.0012');
    expect(lines).toContain(`"'=HYPERLINK(""x"") ""quoted""",3`);
    expect(lines.filter((line) => line === '')).toHaveLength(3);
  });
});
