import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../errors';
import { IGkeCluster } from '../gke/gke-cluster';
import { GkeFeatureVersions } from '../gke/gke-version';
import { ManifestRelease } from '../k8s/manifest-release';
import { RemoteManifest } from '../k8s/remote-manifest';

/**
 * Which Gateway API Inference Extension CRDs to install: the release publishes
 * the full set and two halves of it as separate assets.
 */
export class GaieCrdBundle {
  /** Every CRD (`manifests.yaml`): InferencePool v1 plus the alpha InferenceObjective, InferenceModelRewrite, InferencePoolImport. */
  public static readonly ALL = new GaieCrdBundle('manifests.yaml', 'all');
  /** Only the GA InferencePool (`v1-manifests.yaml`). */
  public static readonly V1 = new GaieCrdBundle('v1-manifests.yaml', 'v1');
  /** Only the alpha CRDs (`experimental-manifests.yaml`); for GKE versions that manage the GA InferencePool CRD. */
  public static readonly EXPERIMENTAL = new GaieCrdBundle('experimental-manifests.yaml', 'experimental');

  private constructor(
    /** File name of the release asset. */
    public readonly asset: string,
    /** Short name, for release names and messages. */
    public readonly name: string,
  ) {}

  /** True when the bundle carries the GA InferencePool CRD. */
  public get includesInferencePool(): boolean {
    return this !== GaieCrdBundle.EXPERIMENTAL;
  }
}

/** Props of {@link GaieCrds}. */
export interface GaieCrdsProps {
  /** Cluster the CRDs go to (its minimum version picks the default bundle). */
  readonly cluster: IGkeCluster;
  /**
   * Release tag of kubernetes-sigs/gateway-api-inference-extension.
   * @default "v1.5.0"
   */
  readonly version?: string;
  /**
   * CRDs to install.
   * @default - GaieCrdBundle.EXPERIMENTAL when the cluster's minimum version is at least
   * 1.34.0-gke.1626000 (GKE owns the GA InferencePool CRD there; a Helm release claiming it
   * would fail on the ownership check), else GaieCrdBundle.ALL
   */
  readonly bundle?: GaieCrdBundle;
  /**
   * Expected SHA-256 of the release asset.
   * @default - not checked (the release asset URL is versioned)
   */
  readonly sha256?: string;
  /**
   * Helm release name of the carrier chart.
   * @default "gaie-crds"
   */
  readonly releaseName?: string;
}

/**
 * Gateway API Inference Extension CRDs from an upstream release asset, read at
 * plan time and applied as a carrier-chart release (no cluster access at plan
 * time). The seed applies `config/crd?ref=v1.5.0` with kustomize; the release's
 * `manifests.yaml` is the same CRDs, built.
 */
export class GaieCrds extends Construct implements ITerraformDependable {
  public readonly release: ManifestRelease;
  public readonly bundle: GaieCrdBundle;
  public readonly version: string;
  public readonly url: string;

  constructor(scope: Construct, id: string, props: GaieCrdsProps) {
    super(scope, id);
    this.version = props.version ?? 'v1.5.0';
    if (!/^v\d+\.\d+\.\d+(-rc\.\d+)?$/.test(this.version)) {
      throw Errors.invalidValue('Gateway API Inference Extension version', this.version, ['a release tag such as "v1.5.0"'],
        'pin the CRDs to one published release tag');
    }
    const gkeManaged = props.cluster.minVersion?.isAtLeast(GkeFeatureVersions.MANAGED_INFERENCE_POOL_CRD) ?? false;
    this.bundle = props.bundle ?? (gkeManaged ? GaieCrdBundle.EXPERIMENTAL : GaieCrdBundle.ALL);
    if (gkeManaged && this.bundle.includesInferencePool) {
      throw Errors.invalidValue(`GAIE CRD bundle on GKE ${props.cluster.minVersion!.text}`, this.bundle.name, ['experimental'],
        `GKE ${GkeFeatureVersions.MANAGED_INFERENCE_POOL_CRD.text} and later install the InferencePool CRD themselves; use GaieCrdBundle.EXPERIMENTAL`);
    }
    this.url = `https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/${this.version}/${this.bundle.asset}`;
    const manifest = new RemoteManifest(this, 'Manifest', { url: this.url, sha256: props.sha256 });
    this.release = new ManifestRelease(this, 'Release', {
      releaseName: props.releaseName ?? 'gaie-crds',
      manifests: [manifest.body],
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
