import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { QueueStatus } from '../api/types';
import { i18n, setLocale } from '../i18n';
import PipelinePanel from './PipelinePanel.vue';

const ingest = (lagSeconds: number, changes: Partial<QueueStatus> = {}): QueueStatus => ({
  queue: 'ingest',
  waiting: 1234,
  active: 64,
  delayed: 0,
  failed: 0,
  lagSeconds,
  maxLagSeconds: 600,
  refusing: false,
  ...changes,
});
const batch: QueueStatus = { queue: 'batch', waiting: 0, active: 0, delayed: 0, failed: 0, lagSeconds: 0 };

const mountPanel = (queues: QueueStatus[]) => mount(PipelinePanel, { props: { queues, failedJobs: [] }, global: { plugins: [i18n] } });

describe('PipelinePanel', () => {
  it('shows each queue, up to date or behind by a readable length of time', () => {
    setLocale('es');
    const panel = mountPanel([ingest(0), { ...batch, lagSeconds: 5400 }]);
    expect(panel.attributes('data-ingest')).toBe('ok');
    const rows = panel.findAll('[data-testid="pipeline-queue"]');
    expect(rows.map((row) => row.find('td').text())).toEqual(['Publicaciones entrantes', 'Importaciones y cargas históricas']);
    expect(rows[0]!.find('[data-testid="pipeline-waiting"]').text()).toBe('1234');
    expect(rows[0]!.text()).toContain('al día');
    expect(rows[1]!.text()).toContain('90 min');
    expect(panel.find('[role="alert"]').exists()).toBe(false);
  });

  it('warns past half the limit, and says senders are refused once the server says so', () => {
    setLocale('en');
    const behind = mountPanel([ingest(420), batch]);
    expect(behind.attributes('data-ingest')).toBe('behind');
    expect(behind.find('[data-testid="pipeline-behind"]').text()).toBe(
      'Processing is 7 min behind. Past 10 min, the posts API and webhooks will ask senders to wait.',
    );

    const refusing = mountPanel([ingest(700, { refusing: true }), batch]);
    expect(refusing.attributes('data-ingest')).toBe('refusing');
    expect(refusing.find('[role="alert"]').text()).toContain('12 min behind, past its limit of 10 min');
    expect(refusing.find('[data-testid="pipeline-behind"]').exists()).toBe(false);
  });

  it('warns of nothing when load shedding is off, however far behind', () => {
    setLocale('en');
    const off = mountPanel([ingest(7200, { maxLagSeconds: undefined, refusing: undefined }), batch]);
    expect(off.attributes('data-ingest')).toBe('ok');
    expect(off.find('[data-testid="pipeline-queue"]').text()).toContain('2 hr');
  });
});
