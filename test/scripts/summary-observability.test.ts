import { Testing } from 'cdktf';
import { notificationTarget, observabilitySection, observabilitySummary } from '../../scripts/summary/observability';
import { SuperslicingStack } from '../../stacks/superslicing';
import { synth } from '../helpers/synth';

describe('summary: dashboards, alerts and whom they notify', () => {
  const on = synth(new SuperslicingStack(Testing.app(), 'superslicing'));

  test('the stack\'s dashboard, alert policies and scrape configs; alerts notify no one by default', () => {
    const s = observabilitySummary(on);
    expect(s.dashboards).toEqual(['superslicing (tpu-gke)']);
    expect(s.alerts.map((a) => a.name).sort()).toEqual(['superslicing: Kueue workloads pending', 'superslicing: TPU slice with an unready node']);
    for (const a of s.alerts) expect(a.notifies).toBe('no one unless `notification_channels` is set (default: empty)');
    expect(s.scrapeConfigs).toEqual(['kueue-system/kueue-controller-manager']);
    const md = observabilitySection(on).join('\n');
    expect(md).toContain('- Dashboards (1): `superslicing (tpu-gke)`');
    expect(md).toContain('> The alert policies open incidents in Cloud Monitoring but notify no one: set `notification_channels` to notify.');
  });

  test('opted out: says so', () => {
    const off = synth(new SuperslicingStack(Testing.app(), 'superslicing', { observability: false }));
    expect(observabilitySection(off)).toEqual(['### Observability', '', '_No dashboards, alerts or scrape configs (observability is off for this stack)._', '']);
  });

  test('whom notification_channels reaches', () => {
    expect(notificationTarget(undefined, {})).toBe('no one (no notification channel)');
    expect(notificationTarget([], {})).toBe('no one (no notification channel)');
    expect(notificationTarget(['projects/p/notificationChannels/1'], {})).toBe('1 notification channel');
    expect(notificationTarget('${var.channels}', { channels: { default: ['a', 'b'] } })).toBe('the channels in `channels` (default: 2)');
    expect(notificationTarget('${var.channels}', { channels: { default: [] } })).toBe('no one unless `channels` is set (default: empty)');
  });
});
