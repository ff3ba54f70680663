import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { BucketAccess, IModelBucket } from '../gcp/model-bucket';
import { WorkloadIdentityAccount } from '../gcp/workload-identity-account';
import { K8sNamespace } from '../k8s/k8s-namespace';
import { ManifestRelease } from '../k8s/manifest-release';
import { TokenSecret } from '../k8s/token-secret';
import { K8sObject } from '../k8s/types';
import { job } from '../k8s/workloads';
import { Errors } from '../errors';
import { NameRules, validateName } from '../util/names';
import { pathName } from '../util/path-names';
import { gcsFuseAnnotations, gcsFuseVolume, GCS_FUSE_VOLUME } from './gcs-fuse';

/** Props of {@link HfModelDownload}. */
export interface HfModelDownloadProps {
  /** Namespace of the Job. */
  readonly namespace: K8sNamespace;
  /** Bucket the weights are written to (mounted with GCS FUSE). */
  readonly bucket: IModelBucket;
  /**
   * Identity of the Job. It gets read-write access to the bucket, and its
   * Kubernetes service account ships with the Job.
   */
  readonly account: WorkloadIdentityAccount;
  /** Hugging Face token (gated models need one). */
  readonly hfToken: TokenSecret;
  /** Hugging Face model repository (`<owner>/<name>`). */
  readonly modelId: string;
  /**
   * Where the bucket is mounted in the container.
   * @default "/data"
   */
  readonly mountPath?: string;
  /**
   * Directory the snapshot is written to (inside the mount).
   * @default - `<mountPath>/<modelId>`
   */
  readonly localDir?: string;
  /**
   * Job (and Helm release) name.
   * @default - from the construct path (`<parent-ids>-<id>`, kebab case, at most 53 characters: a Helm release name)
   */
  readonly name?: string;
  /**
   * Container image with Python and pip.
   * @default "python:3.10-slim"
   */
  readonly image?: string;
  /**
   * pip requirements installed before the download, each pinned as `name==version`
   * (an unpinned requirement is rejected: the Job would install whatever is newest).
   * @default HF_DOWNLOAD_PIP_PACKAGES
   */
  readonly pipPackages?: readonly string[];
  /**
   * GCS FUSE mount options.
   * @default "implicit-dirs"
   */
  readonly mountOptions?: string;
  /**
   * Seconds Kubernetes keeps the finished Job.
   * @default 60
   */
  readonly ttlSecondsAfterFinished?: number;
  /**
   * Seconds `terraform apply` waits for the download to finish.
   * @default 3600
   */
  readonly timeoutSeconds?: number;
}

/**
 * Reads a Python script that downloads a Hugging Face snapshot into `MODEL_DIR`.
 * GCS FUSE does not implement POSIX file locks, and this Job is the only writer,
 * so `filelock`'s lock classes are swapped for a no-op before huggingface_hub is
 * imported (it binds them at import time).
 */
/**
 * The download Job's pip requirements: huggingface_hub 0.25.2 (the version GKE's
 * kubernetes-engine-samples pin for Ray Serve) and filelock 3.16.1 from the same period.
 */
export const HF_DOWNLOAD_PIP_PACKAGES: readonly string[] = ['huggingface_hub==0.25.2', 'filelock==3.16.1'];

/** `name==version` or `name[extra,...]==version`. */
const PINNED_REQUIREMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?==[A-Za-z0-9][A-Za-z0-9.+!-]*$/;

const DOWNLOAD_SCRIPT = `import os
import filelock


class LockFree:
    """Drop-in for filelock locks on a file system without flock()."""

    is_locked = False

    def __init__(self, *args, **kwargs):
        pass

    def acquire(self, *args, **kwargs):
        self.is_locked = True
        return self

    def release(self, *args, **kwargs):
        self.is_locked = False

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()
        return False


filelock.FileLock = LockFree
filelock.SoftFileLock = LockFree

from huggingface_hub import snapshot_download  # noqa: E402 (after the patch on purpose)

target = snapshot_download(repo_id=os.environ["MODEL_ID"], local_dir=os.environ["MODEL_DIR"])
print("snapshot complete:", target)
`;

/**
 * A Job that copies a Hugging Face model snapshot into the weights bucket
 * through a GCS FUSE mount (seed 001 "pre-stage model weights"). `terraform
 * apply` waits until the Job has completed, so serving workloads that depend on
 * this construct start with the weights in place.
 */
export class HfModelDownload extends Construct implements ITerraformDependable {
  /** The Helm release of the KSA and the Job. */
  public readonly release: ManifestRelease;
  /** The Job object. */
  public readonly job: K8sObject;
  /** The model repository. */
  public readonly modelId: string;
  /** Directory of the snapshot as seen through a mount at `mountPath`. */
  public readonly localDir: string;
  /** Mount path of the bucket in the Job. */
  public readonly mountPath: string;

  constructor(scope: Construct, id: string, props: HfModelDownloadProps) {
    super(scope, id);
    const name = validateName(NameRules.HELM_RELEASE, props.name ?? pathName(this, 53), 'Job');
    this.modelId = props.modelId;
    this.mountPath = props.mountPath ?? '/data';
    this.localDir = props.localDir ?? `${this.mountPath}/${this.modelId}`;
    if (!this.localDir.startsWith(`${this.mountPath}/`)) {
      throw Errors.invalidValue('Download directory', this.localDir, [`a path under ${this.mountPath}/`],
        `write the snapshot below ${this.mountPath}/ so it lands in the bucket`);
    }
    const ttl = props.ttlSecondsAfterFinished ?? 60;
    const packages = props.pipPackages ?? HF_DOWNLOAD_PIP_PACKAGES;
    for (const p of packages) {
      if (!PINNED_REQUIREMENT.test(p)) throw Errors.unpinnedPipRequirement(p);
    }
    const account = props.account;
    account.checkNamespace(props.namespace.name);
    const grants = props.bucket.grant(`${id}Writer`, account.member, BucketAccess.READ_WRITE);

    const install = `pip install --no-cache-dir --quiet --upgrade ${packages.map(shellQuote).join(' ')}`;
    this.job = job({
      name,
      namespace: props.namespace.name,
      ttlSecondsAfterFinished: ttl,
      template: {
        metadata: { annotations: gcsFuseAnnotations({ sidecarLimits: ['memory-limit'] }) },
        spec: {
          serviceAccountName: account.kubernetesServiceAccount,
          restartPolicy: 'OnFailure',
          containers: [{
            name: 'downloader',
            image: props.image ?? 'python:3.10-slim',
            command: ['/bin/sh', '-c'],
            args: [`set -e\n${install}\npython -c "$DOWNLOAD_SCRIPT"\n`],
            env: [
              props.hfToken.envVar('HF_TOKEN'),
              { name: 'MODEL_ID', value: this.modelId },
              { name: 'MODEL_DIR', value: this.localDir },
              { name: 'DOWNLOAD_SCRIPT', value: DOWNLOAD_SCRIPT },
            ],
            volumeMounts: [{ name: GCS_FUSE_VOLUME, mountPath: this.mountPath }],
          }],
          volumes: [gcsFuseVolume(props.bucket.name, props.mountOptions ?? 'implicit-dirs')],
        },
      },
    });

    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.namespace.cluster,
      releaseName: name,
      namespace: props.namespace.name,
      objects: [account.kubernetesObject(), this.job],
      dependsOn: [props.namespace, props.hfToken, ...props.bucket.dependables, ...account.dependables, ...grants],
      timeoutSeconds: props.timeoutSeconds ?? 3600,
      // Not atomic: a download that outlives the wait keeps running, and the next apply
      // finds it done; an atomic release would delete the Job and start over.
      atomic: false,
    });
    // Helm waits for the Job to complete, not just to be created.
    this.release.release.waitForJobs = true;
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_.=~,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
