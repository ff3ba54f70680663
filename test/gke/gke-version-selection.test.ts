import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AutopilotCluster } from '../../lib/gke/autopilot-cluster';
import { GkeCluster, ReleaseChannel } from '../../lib/gke/gke-cluster';
import { GkeFeatureVersions } from '../../lib/gke/gke-version';
import { GkeVersionSelection, GkeVersionSource } from '../../lib/gke/gke-version-selection';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { errorOf, Json, resourceNamed, synth, testStack } from '../helpers/synth';

function standard(version?: GkeVersionSelection, channel?: ReleaseChannel, require: (c: GkeCluster) => void = () => undefined) {
  const stack = testStack();
  GoogleProviders.configure(stack, { project: 'my-project', region: 'us-central1' });
  const cluster = new GkeCluster(stack, 'Cluster', { name: 'c', project: 'my-project', location: 'us-central1', version, releaseChannel: channel });
  require(cluster);
  const json = synth(stack);
  const data = Object.entries(json.data?.google_container_engine_versions ?? {}) as [string, Json][];
  return { cluster, json, body: resourceNamed(json, 'google_container_cluster', 'c'), data };
}

const DRANET = (c: GkeCluster) => c.requireVersion('GKE managed DRANET', GkeFeatureVersions.MANAGED_DRANET);

/**
 * Evaluates a synthesized condition (`${...}`) with `terraform console`, the data source's
 * attributes replaced by `attributes` and `self.master_version` by `masterVersion`.
 * Undefined when terraform is not installed.
 */
function evaluate(condition: string, dataId: string | undefined, attributes: Json, masterVersion = ''): boolean | undefined {
  let expr = condition.replace(/^\$\{([\s\S]*)\}$/, '$1').replace(/self\.master_version/g, JSON.stringify(masterVersion));
  if (dataId) {
    for (const [k, v] of Object.entries(attributes)) {
      const map = `{${Object.entries(v as Json).map(([ck, cv]) => `${ck} = ${JSON.stringify(cv)}`).join(', ')}}`;
      expr = expr.split(`data.google_container_engine_versions.${dataId}.${k}`).join(map);
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gke-version-cond-'));
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  delete env.TF_CLI_CONFIG_FILE;
  try {
    return execFileSync('terraform', ['console'], { cwd: dir, env, input: `${expr}\n`, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }).trim() === 'true';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('GkeVersionSelection on a Standard cluster', () => {
  test('default: the channel default, read from google_container_engine_versions; no min_master_version and no conditions without requirements', () => {
    const { body, data, cluster } = standard();
    expect(data).toHaveLength(1);
    expect(data[0][1]).toMatchObject({ location: 'us-central1', project: 'my-project' });
    expect(data[0][1].version_prefix).toBeUndefined();
    expect(body.min_master_version).toBeUndefined();
    expect(body.lifecycle).toBeUndefined();
    expect(cluster.minVersion).toBeUndefined();
  });

  test('a feature minimum adds a precondition on the channel default and a postcondition on master_version, naming the feature, the minimum and the fix', () => {
    const { body, data, cluster } = standard(undefined, ReleaseChannel.REGULAR, DRANET);
    const dataId = data[0][0];
    const chosen = `lookup(data.google_container_engine_versions.${dataId}.release_channel_default_version, "REGULAR", "")`;
    expect(body.lifecycle.precondition).toEqual([{
      condition: expect.stringContaining(`${chosen})] : `),
      error_message: `GKE managed DRANET needs GKE 1.35.2-gke.1842000 or later, but the REGULAR channel's default version is "\${${chosen}}". `
        + 'Fix: choose GkeVersionSelection.channelLatest(), pin a version GKE offers that is 1.35.2-gke.1842000 or later (GkeVersionSelection.pin), '
        + 'move the cluster to the RAPID release channel, or wait until the REGULAR channel offers 1.35.2-gke.1842000.',
    }]);
    expect(body.lifecycle.postcondition).toEqual([{
      condition: expect.stringContaining('self.master_version)] : '),
      error_message: 'GKE managed DRANET needs GKE 1.35.2-gke.1842000 or later, but the control plane runs "${self.master_version}". '
        + 'Fix: upgrade the control plane to 1.35.2-gke.1842000 or later (gcloud container clusters upgrade --master), or turn the feature off.',
    }]);
    // The preconditions guarantee the minimum, so constructs may rely on it.
    expect(cluster.minVersion?.text).toBe('1.35.2-gke.1842000');
  });

  test('the synthesized conditions hold for a new enough version and fail for an old one (terraform console)', () => {
    const { body, data } = standard(undefined, ReleaseChannel.REGULAR, DRANET);
    const [pre] = body.lifecycle.precondition;
    const [post] = body.lifecycle.postcondition;
    const versions = (v: string) => ({ release_channel_default_version: { REGULAR: v, RAPID: '9.9.9-gke.9' } });
    const results = [
      evaluate(pre.condition, data[0][0], versions('1.35.2-gke.1842000')),
      evaluate(pre.condition, data[0][0], versions('1.36.1-gke.1000')),
      evaluate(pre.condition, data[0][0], versions('1.35.2-gke.1841999')),
      evaluate(pre.condition, data[0][0], { release_channel_default_version: { RAPID: '9.9.9-gke.9' } }),
      evaluate(post.condition, undefined, {}, '1.35.3-gke.1'),
      evaluate(post.condition, undefined, {}, '1.34.9-gke.99999999'),
    ];
    if (results.includes(undefined)) {
      // eslint-disable-next-line no-console
      console.warn('SKIPPED terraform evaluation: terraform is not installed');
      return;
    }
    expect(results).toEqual([true, true, false, false, true, false]);
  });

  test('the same feature and minimum is checked once', () => {
    const { body } = standard(undefined, undefined, (c) => { DRANET(c); DRANET(c); });
    expect(body.lifecycle.precondition).toHaveLength(1);
    expect(body.lifecycle.postcondition).toHaveLength(1);
  });

  test('channelLatest: min_master_version is the newest version of the channel', () => {
    const { body, data } = standard(GkeVersionSelection.channelLatest(), ReleaseChannel.RAPID);
    expect(body.min_master_version).toBe(`\${lookup(data.google_container_engine_versions.${data[0][0]}.release_channel_latest_version, "RAPID", "")}`);
  });

  test('prefix: the data source filters by prefix, and a precondition refuses a channel without such a version', () => {
    const { body, data } = standard(GkeVersionSelection.prefix('1.36.'), ReleaseChannel.RAPID);
    expect(data[0][1].version_prefix).toBe('1.36.');
    const chosen = `lookup(data.google_container_engine_versions.${data[0][0]}.release_channel_latest_version, "RAPID", "")`;
    expect(body.min_master_version).toBe(`\${${chosen}}`);
    expect(body.lifecycle.precondition).toEqual([{
      condition: `\${${chosen} != ""}`,
      error_message: 'GKE offers no 1.36.* version on the RAPID channel in this location. Fix: choose another prefix, GkeVersionSelection.channelLatest() or another release channel.',
    }]);
  });

  test('pin: the literal version, no data source, checked at synth time; only the postcondition is written', () => {
    const { body, data, cluster } = standard(GkeVersionSelection.pin('1.36.0-gke.3712000'), undefined, DRANET);
    expect(data).toEqual([]);
    expect(body.min_master_version).toBe('1.36.0-gke.3712000');
    expect(body.lifecycle.precondition).toBeUndefined();
    expect(body.lifecycle.postcondition).toHaveLength(1);
    expect(cluster.minVersion?.text).toBe('1.36.0-gke.3712000');
  });

  test('a pin below a feature minimum fails at synth time', () => {
    expect(errorOf(() => standard(GkeVersionSelection.pin('1.35.1-gke.1000000'), undefined, DRANET))).toBe(
      'GKE version "1.35.1-gke.1000000" is too old for GKE managed DRANET. Allowed: "1.35.2-gke.1842000" or later. '
      + 'Fix: choose a newer GKE version: GkeVersionSelection.pin("1.35.2-gke.1842000") or later, a newer prefix, or channelLatest()');
  });

  test('a prefix whose versions are all below a feature minimum fails at synth time; one that may reach it does not', () => {
    const subSlicing = (c: GkeCluster) => c.requireVersion('dynamic sub-slicing', GkeFeatureVersions.SUB_SLICING);
    expect(errorOf(() => standard(GkeVersionSelection.prefix('1.35.'), undefined, subSlicing))).toBe(
      'GKE version "1.35.*" is too old for dynamic sub-slicing. Allowed: "1.36.0-gke.3712000" or later. '
      + 'Fix: choose a newer GKE version: GkeVersionSelection.pin("1.36.0-gke.3712000") or later, a newer prefix, or channelLatest()');
    expect(() => standard(GkeVersionSelection.prefix('1.36.'), undefined, subSlicing)).not.toThrow();
    expect(() => standard(GkeVersionSelection.prefix('1.36.0-gke.'), undefined, subSlicing)).not.toThrow();
  });

  test('malformed prefixes and pins are refused', () => {
    expect(errorOf(() => GkeVersionSelection.prefix('1.36'))).toBe(
      'GKE version prefix "1.36" is not supported. Allowed: "MAJOR.MINOR. (e.g. 1.36.)", "MAJOR.MINOR.PATCH-gke. (e.g. 1.36.0-gke.)". '
      + 'Fix: end the prefix at a dot so that it selects a whole minor or patch version');
    expect(errorOf(() => GkeVersionSelection.pin('latest'))).toContain('GKE version "latest" is not a GKE version string');
    expect(GkeVersionSelection.prefix('1.36.')).toMatchObject({ source: GkeVersionSource.PREFIX, versionPrefix: '1.36.' });
  });
});

describe('GkeVersionSelection on an Autopilot cluster', () => {
  test('the REGULAR channel default by default; feature minimums become conditions there too', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'us-east5' });
    const cluster = new AutopilotCluster(stack, 'Cluster', { name: 'auto', project: 'p', region: 'us-east5' });
    cluster.requireVersion('GKE managed DRANET', GkeFeatureVersions.MANAGED_DRANET);
    const json = synth(stack);
    const [[dataId, data]] = Object.entries(json.data.google_container_engine_versions) as [string, Json][];
    expect(data).toMatchObject({ location: 'us-east5', project: 'p' });
    const body = resourceNamed(json, 'google_container_cluster', 'auto');
    expect(body.min_master_version).toBeUndefined();
    expect(body.lifecycle.precondition[0].condition).toContain(
      `lookup(data.google_container_engine_versions.${dataId}.release_channel_default_version, "REGULAR", "")`);
    expect(body.lifecycle.postcondition).toHaveLength(1);
  });
});
