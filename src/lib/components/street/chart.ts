// Chart.js, registered with only what the dashboard draws (bars, lines, two scales, tooltip, legend),
// so the bundler drops the rest. Loaded on demand by BarChart: the server never imports it.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface ChartSpec {
  type: 'bar' | 'line';
  labels: string[];
  series: { name: string; color: string; values: number[] }[];
  horizontal: boolean;
  stacked: boolean;
  onPick?: (labelIndex: number, seriesIndex: number) => void;
}

function config(s: ChartSpec): ChartConfiguration<'bar' | 'line'> {
  const line = s.type === 'line';
  return {
    type: s.type,
    data: {
      labels: s.labels,
      datasets: s.series.map((x) => ({ label: x.name, data: x.values, backgroundColor: x.color, borderColor: x.color, borderWidth: line ? 2 : 0, pointRadius: line ? 2 : 0, tension: 0.2 }))
    },
    options: {
      // Sized by its container (a CSS box); no animation, so a live update redraws at once.
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: s.horizontal ? 'y' : 'x',
      interaction: { mode: line ? 'index' : 'nearest', intersect: !line },
      scales: {
        // Counts: whole-number ticks on the value axis, whichever way the bars run.
        x: { stacked: s.stacked && !line, ticks: { autoSkip: true, maxRotation: 0, ...(s.horizontal ? { precision: 0 } : {}) }, beginAtZero: true },
        // Bars running sideways name every row (the box grows with the rows): never skip a point's name.
        y: { stacked: s.stacked && !line, beginAtZero: true, ticks: s.horizontal ? { autoSkip: false } : { precision: 0 } }
      },
      plugins: { legend: { display: s.series.length > 1, position: 'bottom' }, tooltip: { enabled: true } },
      onClick: (_e, els) => {
        const el = els[0];
        if (el && s.onPick) s.onPick(el.index, el.datasetIndex);
      },
      onHover: (e, els) => {
        const t = e.native?.target as HTMLElement | undefined;
        if (t) t.style.cursor = els.length && s.onPick ? 'pointer' : 'default';
      }
    }
  };
}

export function draw(canvas: HTMLCanvasElement, s: ChartSpec): { update(s: ChartSpec): void; destroy(): void; labelsShown(): number } {
  const chart = new Chart(canvas, config(s));
  return {
    update(next) {
      const c = config(next);
      chart.data = c.data;
      chart.options = c.options!;
      chart.update('none');
    },
    destroy: () => chart.destroy(),
    /** how many category labels the last draw showed (Chart.js skips those it finds no room for) */
    labelsShown: () => chart.scales[chart.options.indexAxis === 'y' ? 'y' : 'x'].ticks.length
  };
}
