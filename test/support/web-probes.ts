import type { Page, Response } from 'playwright-core';

/**
 * What the browser test and the web benchmark look for in the dashboard: the ECharts code among
 * the scripts a page fetched, and a chart's data on its canvas. In-page code is JavaScript source
 * text because this project's tsconfig has no DOM types.
 */

/**
 * ECharts is found by content, so a renamed or re-split chunk is still caught: `getZr` is the
 * ECharts instance method (a property name, which minifiers keep; vue-echarts proxies it too) and
 * `[ECharts] ` the prefix of its console warnings.
 */
const ECHARTS_CODE = /\bgetZr\b|\[ECharts\] /;

export function isEChartsSource(source: string): boolean {
  return ECHARTS_CODE.test(source);
}

/** The colour of negative posts in the volume chart: SENTIMENT_COLORS.negative in web/src/composables/useChart.ts. */
export const NEGATIVE_RGB: readonly [number, number, number] = [0xd9, 0x53, 0x4f];

export interface FetchedScript {
  url: string;
  /** As received: the body's size on the wire, before any decoding. */
  bytes: number;
  echarts: boolean;
}

/** Records every JavaScript response of `page` from now on; `settled()` waits for their bodies. */
export function recordScripts(page: Page): { settled(): Promise<FetchedScript[]> } {
  const pending: Promise<FetchedScript>[] = [];
  page.on('response', (response: Response) => {
    if (!/javascript/.test(response.headers()['content-type'] ?? '')) return;
    pending.push(
      response.body().then(async (body) => ({
        url: response.url(),
        bytes: (await response.request().sizes()).responseBodySize,
        echarts: isEChartsSource(body.toString('utf8')),
      })),
    );
  });
  return { settled: () => Promise.all(pending) };
}

/**
 * A page expression: how many pixels of the canvases under `[data-testid=testId]` are opaque and
 * within `tolerance` of `rgb` on every channel. A loading overlay or bare axes never match a
 * series colour, so a count above a few dozen means the chart has drawn its data.
 */
export function colouredPixels(testId: string, rgb: readonly [number, number, number], tolerance = 24): string {
  const [r, g, b] = rgb;
  const selector = JSON.stringify(`[data-testid="${testId}"] canvas`);
  return `(() => {
    let count = 0;
    for (const canvas of document.querySelectorAll(${selector})) {
      if (!canvas.width || !canvas.height) continue;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 200 && Math.abs(data[i] - ${r}) <= ${tolerance} && Math.abs(data[i + 1] - ${g}) <= ${tolerance} && Math.abs(data[i + 2] - ${b}) <= ${tolerance}) count++;
      }
    }
    return count;
  })()`;
}

/** Enough matching pixels to be a bar, not a stray anti-aliased edge. */
export const DRAWN_PIXELS = 40;
