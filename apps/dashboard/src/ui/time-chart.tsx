import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  colour: string;
  values: number[];
}

/** A CSS variable of the page's theme, for the canvas (which cannot read `var(--…)`). */
function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * A per-day line chart drawn by uPlot (loaded with the analytics page only): time axis, value
 * axis, and a legend that shows each series' value for the day under the pointer.
 */
export function TimeChart(props: {
  title: string;
  days: string[];
  series: ChartSeries[];
  format?: (value: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { title, days, series } = props;
  const format = props.format ?? ((value: number) => String(value));
  useEffect(() => {
    let plot: uPlot | undefined;
    let isGone = false;
    let observer: ResizeObserver | undefined;
    void import('uplot').then(({ default: UPlot }) => {
      const element = box.current;
      if (isGone || !element) return;
      const ink = themeColour('--muted', '#6b7280');
      const grid = themeColour('--line', '#e5e7eb');
      const axis = { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
      plot = new UPlot(
        {
          width: Math.max(element.clientWidth, 280),
          height: 220,
          // From zero, and 0–1 when every day is zero (uPlot would pick 0–100).
          scales: {
            x: { time: true },
            y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
          },
          axes: [
            axis,
            {
              ...axis,
              size: 64,
              // Counts step by whole numbers; a custom format (money) lets uPlot choose.
              ...(props.format ? {} : { incrs: COUNT_STEPS }),
              values: (_u, ticks) => ticks.map(format),
            },
          ],
          series: [
            { label: 'Day', value: (_u, value) => (value == null ? '—' : dayLabel(value)) },
            ...series.map((line) => ({
              label: line.label,
              stroke: line.colour,
              width: 2,
              points: { show: days.length < 40 },
              value: (_u: uPlot, value: number | null) => (value == null ? '—' : format(value)),
            })),
          ],
        },
        [days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000), ...series.map((s) => s.values)],
        element,
      );
      observer = new ResizeObserver(() =>
        plot?.setSize({ width: Math.max(element.clientWidth, 280), height: 220 }),
      );
      observer.observe(element);
    });
    return () => {
      isGone = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [days, series]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-box" data-testid="chart" />
    </figure>
  );
}

const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 100_000];

function dayLabel(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
