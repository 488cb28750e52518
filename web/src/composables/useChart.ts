import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { SentimentLabel, Split } from '../api/types';
import { useFormat } from './useFormat';
import { useLabels } from './useLabels';

// Registration is global and idempotent; doing it when this module is first imported keeps
// the bundle to exactly what the charts below use instead of the whole of ECharts.
use([
  CanvasRenderer,
  LineChart,
  BarChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
]);

/** The only option shape our charts may build: anything else would need registering above. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DataZoomComponentOption
>;

export const SENTIMENT_COLORS: Record<SentimentLabel, string> = {
  negative: '#d9534f',
  neutral: '#9e9e9e',
  positive: '#4caf50',
};

// Chosen to stay apart from the sentiment colours so a topic bar never reads as "negative".
const PALETTE = ['#1f77b4', '#ff9f1c', '#6a4c93', '#17becf', '#e377c2', '#8c564b', '#bcbd22', '#2a9d8f', '#3d5a80', '#f4a261'];
export const OTHER_COLOR = '#c7ccd4';

/** One line/bar/slice of a chart: its key (what a click filters by), its label and colour. */
export interface SeriesSpec {
  key: string;
  label: string;
  color: string;
}

/** One bar or slice of a ranking. */
export interface RankItem {
  key: string;
  label: string;
  count: number;
  color?: string;
}

/** One bucket of a time series: its start, the total, and the count per series key. */
export interface VolumePoint {
  ts: string;
  total: number;
  values: Record<string, number>;
}

/** What a click on a time series means: a key, a time range, or both. */
export interface VolumeSelection {
  key?: string;
  from?: string;
  to?: string;
}

/** The key of the bucket that gathers the keys too small to chart one by one; it cannot be filtered on. */
export const OTHER_KEY = '__other__';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Shared look and helpers for every chart, so colours and labels agree across views. */
export function useChart() {
  const { t } = useI18n();
  const format = useFormat();
  const { labelOf } = useLabels();

  // Every chart's loading overlay speaks the user's language (ECharts' default says "loading").
  // Passed to each chart rather than provided by the app, so the app shell never imports vue-echarts.
  const loadingOptions = computed(() => ({
    text: t('common.loading'),
    color: '#2f6fd1',
    textColor: '#5f6b7a',
    maskColor: 'rgba(255, 255, 255, 0.75)',
  }));

  function colorOf(split: Split, key: string, index: number): string {
    if (split === 'sentiment' && key in SENTIMENT_COLORS) return SENTIMENT_COLORS[key as SentimentLabel];
    return PALETTE[index % PALETTE.length];
  }

  function seriesFor(split: Split, keys: readonly string[]): SeriesSpec[] {
    return keys.map((key, index) => ({ key, label: labelOf(split, key), color: colorOf(split, key, index) }));
  }

  /** Keeps the `limit` biggest keys (by total over the points) and folds the rest into OTHER_KEY. */
  function topKeys(points: readonly VolumePoint[], limit: number): { keys: string[]; folded: boolean } {
    const totals = new Map<string, number>();
    for (const point of points) {
      for (const [key, count] of Object.entries(point.values)) totals.set(key, (totals.get(key) ?? 0) + count);
    }
    const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
    return { keys: ranked.slice(0, limit), folded: ranked.length > limit };
  }

  const base = {
    textStyle: { fontFamily: 'inherit', color: '#3b4351' },
    // Live data changes every second; a long update animation would always be mid-flight.
    animationDurationUpdate: 250,
  } satisfies ChartOption;

  const axisStyle = {
    axisLine: { lineStyle: { color: '#c9ced6' } },
    axisLabel: { color: '#5f6b7a', fontSize: 11 },
    splitLine: { lineStyle: { color: '#eef0f3' } },
  };

  return { ...format, labelOf, colorOf, seriesFor, topKeys, base, axisStyle, loadingOptions };
}
