import { AlertEngine } from '@escucha/alerts';
import type { AlertRule } from '@escucha/core';
import { DemoGenerator } from '@escucha/connectors';
import { ENGINE_OPTIONS, MINUTE, RATE, analyse, byMinute, defaultRules } from '../support/telecom-day';
import { fmtInt, median, progress, type BenchResult } from './report';

/**
 * Lead time of the outage alert over the call centre, on the demo world: the server's engine
 * with its default rules, per-minute buckets, replaying days of the demo stream (outages every
 * ~8 h at random times, sizes and regions, the call centre following each by 8+ minutes).
 */

const SEED = 20261123;
const HISTORY_DAYS = 2;
const TEST_DAYS = 6;
const DAY_MS = 86_400_000;
/** The demo's Monday 00:00 local (UTC-3), so weekdays and weekends both come up. */
const START = Date.UTC(2026, 2, 2, 3);

/** The call centre's own alarm, the baseline: the same detector on its contact volume. */
function callCentreRule(): AlertRule {
  const at = new Date(START);
  return { id: 'callcentre', name: 'Call-centre volume', enabled: true, scope: { sources: ['callcenter'] }, sensitivity: 'medium', minCount: 3, channels: { banner: false }, maxPerHour: 6, digestMinutes: 0, createdAt: at, updatedAt: at };
}

export async function alertsBench(): Promise<BenchResult> {
  const started = performance.now();
  const generator = new DemoGenerator({ seed: SEED, ratePerMinute: RATE });
  const minutes = (HISTORY_DAYS + TEST_DAYS) * 1440;
  const liveFrom = START + HISTORY_DAYS * DAY_MS;
  const end = START + minutes * MINUTE;
  const inputs = generator.generate(new Date(START), new Date(end));
  progress(`alerts: ${fmtInt(inputs.length)} demo posts over ${HISTORY_DAYS + TEST_DAYS} days, analysing`);
  const buckets = byMinute(analyse(inputs), START, minutes);

  const engine = new AlertEngine(ENGINE_OPTIONS);
  engine.setRules([...defaultRules(), callCentreRule()]);
  const opened: Array<{ ruleId: string; minute: number; regions: string[] }> = [];
  buckets.forEach((posts, i) => {
    const minute = START + i * MINUTE;
    for (const e of engine.step(minute, posts, { learnOnly: minute < liveFrom })) {
      if (e.kind === 'opened') opened.push({ ruleId: e.alert.ruleId, minute, regions: e.alert.regions.map((r) => r.region) });
    }
  });

  const outages = generator.outages(new Date(liveFrom), new Date(end - 2 * 3_600_000));
  const leads: number[] = [];
  const alarmLeads: number[] = [];
  const delays: number[] = [];
  let detected = 0;
  let regionNamed = 0;
  let callCentreSeen = 0;
  const outageOpens = opened.filter((o) => o.ruleId === 'outage');
  const used = new Set<number>();
  for (const outage of outages) {
    const from = outage.start.getTime() - 5 * MINUTE;
    const until = outage.end.getTime() + outage.internalLagMinutes * MINUTE;
    const alert = outageOpens.find((o) => o.minute >= from && o.minute <= until);
    if (!alert) continue;
    used.add(alert.minute);
    detected++;
    delays.push((alert.minute - outage.start.getTime()) / MINUTE);
    // Demo regions are groups of provinces; the alert names provinces.
    const provinces: Record<string, string[]> = { amba: ['caba', 'buenos-aires'], 'la-plata': ['buenos-aires'], rosario: ['santa-fe'], cordoba: ['cordoba'], cuyo: ['mendoza', 'san-juan'], costa: ['buenos-aires'], 'interior-ba': ['buenos-aires'], noa: ['tucuman', 'salta', 'jujuy'], patagonia: ['neuquen', 'rio-negro', 'chubut'], uruguay: ['uruguay'] };
    if (alert.regions.some((r) => provinces[outage.region]?.includes(r))) regionNamed++;
    const call = opened.find((o) => o.ruleId === 'callcentre' && o.minute >= outage.start.getTime() && o.minute <= until + 30 * MINUTE);
    if (call) {
      callCentreSeen++;
      alarmLeads.push((call.minute - alert.minute) / MINUTE);
    }
    const rise = outage.start.getTime() + outage.internalLagMinutes * MINUTE;
    const localHour = (((rise / MINUTE - 180) % 1440) + 1440) % 1440 / 60;
    if (localHour >= 8 && localHour < 22) leads.push((rise - alert.minute) / MINUTE);
  }
  const falseOutageAlerts = outageOpens.filter((o) => !used.has(o.minute)).length;
  const leadMedian = leads.length ? median(leads) : Number.NaN;
  progress(`  ${detected}/${outages.length} outages alerted, median lead before the call-centre rise ${leadMedian} min (${leads.length} outages)`);

  return {
    title: 'Alerts: outage lead time over the call centre (demo world)',
    method: [
      `The demo stream (seed ${SEED}, ${RATE} posts/min at the weekday peak, an outage every ~8 h at a random time, size ×5–15 and region) for ${HISTORY_DAYS + TEST_DAYS} days, analysed as ingest does, in per-minute buckets.`,
      `The server's AlertEngine with the default rules; the first ${HISTORY_DAYS} days only teach the baselines, the next ${TEST_DAYS} are judged.`,
      'Lead time: minutes from the outage alert opening to the moment the call-centre volume starts rising (the generator\'s plan: complaints start, plus the outage\'s internal lag of 8+ minutes). Outages whose call-centre rise falls while it is closed (22–8 h local) have none and are left out.',
      'Baseline: the call centre\'s own alarm, the same detector on call-centre contacts per minute (medium sensitivity, at least 3): how many outages it sees at all, and how much later than the outage alert.',
      'Delay: minutes from the start of the outage\'s public complaints (the generator\'s truth) to the alert.',
    ],
    settings: { outages: outages.length, 'posts': fmtInt(inputs.length), 'warm-up (buckets)': ENGINE_OPTIONS.warmupIntervals },
    rows: [
      { metric: 'outages alerted', value: `${detected} / ${outages.length}`, baseline: `${callCentreSeen} / ${outages.length} seen by the call-centre alarm`, goal: '' },
      {
        metric: `median lead before the call-centre volume rises (min; ${leads.length} outages in call-centre hours)`,
        value: Number.isFinite(leadMedian) ? String(leadMedian) : 'n/a',
        baseline: alarmLeads.length ? `call-centre alarm ${median(alarmLeads)} min after the outage alert (median of ${alarmLeads.length})` : 'call-centre alarm: never',
        goal: '> 0',
        met: leadMedian > 0,
      },
      { metric: 'lead range (min)', value: leads.length ? `${Math.min(...leads)} to ${Math.max(...leads)}` : 'n/a', baseline: '', goal: '' },
      { metric: 'median delay after complaints start (min)', value: delays.length ? String(median(delays)) : 'n/a', baseline: '', goal: '' },
      { metric: 'alerts naming the outage region', value: `${regionNamed} / ${detected}`, baseline: '', goal: '' },
      { metric: 'outage alerts outside any outage', value: String(falseOutageAlerts), baseline: '', goal: '' },
    ],
    notes: [],
    seconds: (performance.now() - started) / 1000,
  };
}
