import { parse } from 'yaml';
import { WorkloadIdentityAccount } from '../../lib/gcp/workload-identity-account';
import { HfModelDownload } from '../../lib/serving/hf-model-download';
import { errorOf, objectNamed, resourceNamed, synth } from '../helpers/synth';
import { download, SEED_MODEL, servingFixture } from './fixture';

describe('HfModelDownload (seed 001 model-downloader Job)', () => {
  const f = servingFixture();
  const d = download(f);
  const json = synth(f.stack);
  const job = objectNamed(json, 'Job', 'model-downloader');
  const pod = job.spec.template;
  const [c] = pod.spec.containers;

  test('Job as upstream: TTL 60 s, GCS FUSE sidecar without memory limit, OnFailure, python:3.10-slim', () => {
    expect(job.metadata).toEqual({ name: 'model-downloader', namespace: 'serving' });
    expect(job.spec.ttlSecondsAfterFinished).toBe(60);
    expect(pod.metadata.annotations).toEqual({ 'gke-gcsfuse/volumes': 'true', 'gke-gcsfuse/memory-limit': '0' });
    expect(pod.spec.restartPolicy).toBe('OnFailure');
    expect(pod.spec.serviceAccountName).toBe('model-downloader');
    expect(c.image).toBe('python:3.10-slim');
    expect(c.volumeMounts).toEqual([{ name: 'gcs-fuse-csi-ephemeral', mountPath: '/data' }]);
    expect(pod.spec.volumes[0].csi).toMatchObject({ driver: 'gcsfuse.csi.storage.gke.io', volumeAttributes: { mountOptions: 'implicit-dirs' } });
  });

  test('downloads google/gemma-4-31B-it to /data/google/gemma-4-31B-it with the HF token', () => {
    expect(d.localDir).toBe('/data/google/gemma-4-31B-it');
    const env = Object.fromEntries(c.env.map((e: { name: string; value?: string; valueFrom?: unknown }) => [e.name, e.value ?? e.valueFrom]));
    expect(env.MODEL_ID).toBe('google/gemma-4-31B-it');
    expect(env.MODEL_DIR).toBe('/data/google/gemma-4-31B-it');
    expect(env.HF_TOKEN).toEqual({ secretKeyRef: { name: 'hf-secret', key: 'hf_api_token' } });
    expect(c.command).toEqual(['/bin/sh', '-c']);
    expect(c.args).toEqual(['set -e\npip install --no-cache-dir --quiet --upgrade huggingface_hub==0.25.2 filelock==3.16.1\npython -c "$DOWNLOAD_SCRIPT"\n']);
  });

  test('the script disables file locks before importing huggingface_hub (GCS FUSE has no flock)', () => {
    const script: string = c.env.find((e: { name: string }) => e.name === 'DOWNLOAD_SCRIPT').value;
    const patch = script.indexOf('filelock.FileLock = LockFree');
    expect(patch).toBeGreaterThan(0);
    expect(script.indexOf('from huggingface_hub import snapshot_download')).toBeGreaterThan(patch);
    expect(script).toContain('snapshot_download(repo_id=os.environ["MODEL_ID"], local_dir=os.environ["MODEL_DIR"])');
  });

  test('terraform waits for the Job to complete (wait_for_jobs, 3600 s) and ships its KSA first', () => {
    const release = resourceNamed(json, 'helm_release', 'model-downloader');
    expect(release).toMatchObject({ wait: true, wait_for_jobs: true, timeout: 3600, namespace: 'serving' });
    expect(parse(release.values[0]).objects.map((o: { kind: string }) => o.kind)).toEqual(['ServiceAccount', 'Job']);
  });

  test('pinned pip requirements are shell-quoted when needed', () => {
    const g = servingFixture(); // construct 'D' names its Job 'd' (the path) by default
    new HfModelDownload(g.stack, 'D', {
      namespace: g.namespace, bucket: g.bucket, account: g.writer, hfToken: g.secret, modelId: SEED_MODEL, pipPackages: ['huggingface_hub[hf_transfer]==0.35.3', 'filelock==3.19.1'],
    });
    const args = objectNamed(synth(g.stack), 'Job', 'd').spec.template.spec.containers[0].args[0];
    expect(args).toContain("--upgrade 'huggingface_hub[hf_transfer]==0.35.3' filelock==3.19.1\n");
  });

  test('an unpinned or range pip requirement is rejected', () => {
    for (const requirement of ['huggingface_hub', 'filelock>=3.12', 'jax[tpu]']) {
      const g = servingFixture();
      expect(errorOf(() => new HfModelDownload(g.stack, 'D', {
        namespace: g.namespace, bucket: g.bucket, account: g.writer, hfToken: g.secret, modelId: SEED_MODEL, pipPackages: [requirement],
      }))).toBe(`pip requirement "${requirement}" is not pinned to one version. Allowed: name==version, e.g. "huggingface_hub==0.25.2". Fix: pin the requirement with ==`);
    }
  });

  test('the Job\'s service account must live in the Job\'s namespace', () => {
    const g = servingFixture();
    const elsewhere = new WorkloadIdentityAccount(g.stack, 'Elsewhere', {
      cluster: g.cluster, accountId: 'other-writer', namespace: 'elsewhere', kubernetesServiceAccount: 'model-downloader',
    });
    expect(errorOf(() => new HfModelDownload(g.stack, 'D', { namespace: g.namespace, bucket: g.bucket, account: elsewhere, hfToken: g.secret, modelId: SEED_MODEL }))).toBe(
      'Service account "model-downloader" in namespace "elsewhere" cannot serve a workload in namespace "serving". Allowed: "serving". Fix: bind the Kubernetes service account in "serving"');
  });

  test('the snapshot must land inside the bucket mount', () => {
    const g = servingFixture();
    expect(errorOf(() => new HfModelDownload(g.stack, 'D', {
      namespace: g.namespace, bucket: g.bucket, account: g.writer, hfToken: g.secret, modelId: SEED_MODEL, localDir: '/tmp/model',
    }))).toBe('Download directory "/tmp/model" is not supported. Allowed: "a path under /data/". Fix: write the snapshot below /data/ so it lands in the bucket');
  });
});
