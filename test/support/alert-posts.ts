/** Posts for the server alert tests: an hour of ordinary history, and an outage burst in Córdoba. */
import type { Alert, PostInput } from '@escucha/core';

export const alertPost = (id: string, at: number, text: string, location?: string): PostInput => ({
  id,
  source: 'x',
  text,
  createdAt: new Date(at).toISOString(),
  author: { id: `a-${id}`, handle: `h${id}`, ...(location ? { location } : {}) },
});

/** The hour before `now`: a post every 5 s, and an outage complaint every 75 s, all from CABA. */
export function quietHour(now: number): PostInput[] {
  const history: PostInput[] = [];
  for (let t = now - 3_540_000, i = 0; t < now - 20_000; t += 5_000, i++) {
    history.push(alertPost(`h${i}`, t, i % 2 ? 'Gracias @AuroraMovil, buena atención' : 'Consulta por el plan Aurora Libre', 'Palermo, CABA'));
    if (i % 15 === 0) history.push(alertPost(`o${i}`, t + 1000, 'Aurora sin señal un rato en Palermo', 'Palermo, CABA'));
  }
  return history;
}

const BURST_TEXTS = ['Aurora sin señal en Córdoba, no anda nada', '¿se cayó la red de Aurora en Nueva Córdoba? No tengo señal', 'caída total de @AuroraMovil en Río Cuarto'];

export function cordobaBurst(at: number, size = 24): PostInput[] {
  return Array.from({ length: size }, (_, i) => alertPost(`b${i}`, at - 500 + i, BURST_TEXTS[i % 3], 'Córdoba, Córdoba'));
}

/** Settings that let a test see an alert in seconds: 10 s buckets, 5 minutes of warm-up, an hour of history. */
export const FAST_ALERTS = {
  ALERTS_INTERVAL_SECONDS: '10',
  ALERTS_WARMUP_INTERVALS: '30',
  ALERTS_HISTORY_HOURS: '1',
  ALERTS_LAG_SECONDS: '2',
  // The tests' webhook receivers listen on loopback.
  ALERTS_WEBHOOK_ALLOW_INTERNAL: 'on',
};

/** An open alert as detection leaves it in the store, opened half an hour ago by the posts `postIds`. */
export function anOpenAlert(id: string, postIds: string[]): Alert {
  const at = new Date(Date.now() - 30 * 60_000);
  return {
    id, ruleId: 'outage', ruleName: 'Outage', scopeKey: 'all', state: 'open', severity: 'high', observed: 12, expected: 1.5, peak: 12, score: 0.99,
    persistence: 3, minCount: 5, openedAt: at, lastSeenAt: at, postIds, regions: [], timeline: [{ at, kind: 'opened', message: '12 posts in the interval' }],
  };
}
