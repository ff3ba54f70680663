import { TerraformVariable } from 'cdktf';
import { isRegion, regionOfZone, requireSameRegion, requireZoneIn } from '../../../lib/util/locations';
import { claimUniqueName, namespaceLabel } from '../../../lib/util/unique-names';
import { errorOf, testStack } from '../../helpers/synth';

describe('locations', () => {
  test('regions and the region of a zone, including AI zones', () => {
    expect(isRegion('us-central1')).toBe(true);
    expect(isRegion('us-central1-a')).toBe(false);
    expect(isRegion('US')).toBe(false);
    expect(regionOfZone('us-central1-ai1a')).toBe('us-central1');
    expect(regionOfZone('asia-northeast1-b')).toBe('asia-northeast1');
    expect(regionOfZone('us-central1')).toBeUndefined();
  });

  test('a zone must be in a region, or be the zone itself', () => {
    expect(() => requireZoneIn('Pool zone', 'us-central1-b', 'cluster', 'us-central1', 'fix')).not.toThrow();
    expect(() => requireZoneIn('Pool zone', 'us-central1-b', 'cluster', 'us-central1-b', 'fix')).not.toThrow();
    expect(errorOf(() => requireZoneIn('Pool zone', 'us-central10-b', 'cluster', 'us-central1', 'pick a zone of the region'))).toBe(
      'Pool zone "us-central10-b" is not in cluster "us-central1". Allowed: a zone of us-central1 (e.g. "us-central1-a"). Fix: pick a zone of the region');
    expect(errorOf(() => requireSameRegion('Cluster region', 'us-east5', 'network', 'us-central1', 'move one'))).toBe(
      'Cluster region "us-east5" is not in network "us-central1". Allowed: "us-central1". Fix: move one');
  });

  test('Terraform variables are left to plan time', () => {
    const stack = testStack();
    const zone = new TerraformVariable(stack, 'zone', { type: 'string' }).stringValue;
    expect(() => requireZoneIn('Pool zone', zone, 'cluster', 'us-central1', 'fix')).not.toThrow();
    expect(() => requireSameRegion('Cluster region', zone, 'network', 'us-central1', 'fix')).not.toThrow();
    expect(regionOfZone(zone)).toBeUndefined();
    expect(namespaceLabel(zone)).toBe('the workload namespace (a Terraform variable)');
  });
});

describe('unique names', () => {
  test('a second owner of a name in the same scope key is refused; other keys, scopes and the same owner are fine', () => {
    const scope = {};
    claimUniqueName(scope, 'ns-a', 'namespace "ns-a"', 'ConfigMap', 'settings', 'one');
    claimUniqueName(scope, 'ns-a', 'namespace "ns-a"', 'ConfigMap', 'settings', 'one');
    claimUniqueName(scope, 'ns-b', 'namespace "ns-b"', 'ConfigMap', 'settings', 'two');
    claimUniqueName(scope, 'ns-a', 'namespace "ns-a"', 'Secret', 'settings', 'two');
    claimUniqueName({}, 'ns-a', 'namespace "ns-a"', 'ConfigMap', 'settings', 'two');
    expect(errorOf(() => claimUniqueName(scope, 'ns-a', 'namespace "ns-a"', 'ConfigMap', 'settings', 'two'))).toBe(
      'ConfigMap name "settings" is used twice in namespace "ns-a" (by one and two). Allowed: one ConfigMap per name in namespace "ns-a". Fix: rename one of them (e.g. "settings-2")');
  });
});
