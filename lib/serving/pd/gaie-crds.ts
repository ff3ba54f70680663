import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../../errors';
import { IGkeCluster } from '../../gke/gke-cluster';
import { GkeFeatureVersions } from '../../gke/gke-version';
import { ManifestRelease } from '../../k8s/manifest-release';
import { RemoteManifest } from '../../k8s/remote-manifest';

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
   * SHA-256 of the release asset, checked at plan time when it is downloaded. Only
   * used (and then required) for versions without a vendored copy in the package.
   * @default - none (the vendored CRDs of v1.5.0 need none: nothing is downloaded)
   */
  readonly sha256?: string;
  /**
   * Helm release name of the carrier chart.
   * @default "gaie-crds"
   */
  readonly releaseName?: string;
}

/**
 * CRD files of a GAIE release vendored into this package (`vendor/gateway-api-inference-extension/<tag>/`,
 * copied unchanged from `config/crd/bases` at the tag), with the SHA-256 of each file. The
 * files are checked against these digests at synth time.
 */
export const VENDORED_GAIE_CRDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // kubernetes-sigs/gateway-api-inference-extension v1.5.0 = commit df9f8909fe06fe2dfd4a6fc0bd0c01a0acabf849
  'v1.5.0': {
    'inference.networking.x-k8s.io_inferencemodelrewrites.yaml': '887abbc047e7e36633f2f28ee47dc59cae5293ebef110e57cc286ab4605d8a97',
    'inference.networking.x-k8s.io_inferenceobjectives.yaml': 'e06a3e13e91f7a3a71a9d4146fb56076a247f43ad72b6401f8039ccf9cfa3700',
    'inference.networking.x-k8s.io_inferencepoolimports.yaml': '45b32d60ca88057723f1e67bc732cf13745bea0fe0b755ccedec88c58e1228cc',
    'inference.networking.k8s.io_inferencepools.yaml': '0bc3ddd94db6f588a5cecc627c39e3d12b4343d51c48d47ffa68c50fa73c290c',
  },
};

/** The GA InferencePool CRD file; the others are the alpha (`x-k8s.io`) CRDs. */
const GA_POOL_CRD_FILE = 'inference.networking.k8s.io_inferencepools.yaml';

/** Finds `vendor/gateway-api-inference-extension/<version>` walking up from this file (lib/, dist/lib/, an installed package). */
function vendoredDirectory(version: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'vendor', 'gateway-api-inference-extension', version);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw Errors.vendoredFileMismatch(`vendor/gateway-api-inference-extension/${version}`, 'the directory is missing');
    dir = parent;
  }
}

/** The vendored CRD files of `version` in `bundle`, each checked against its pinned SHA-256. */
export function vendoredGaieCrds(version: string, bundle: GaieCrdBundle): string[] {
  const pins = VENDORED_GAIE_CRDS[version];
  const dir = vendoredDirectory(version);
  return Object.entries(pins)
    .filter(([file]) => (file === GA_POOL_CRD_FILE ? bundle.includesInferencePool : bundle !== GaieCrdBundle.V1))
    .map(([file, sha256]) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const actual = crypto.createHash('sha256').update(text, 'utf8').digest('hex');
      if (actual !== sha256) throw Errors.vendoredFileMismatch(`vendor/gateway-api-inference-extension/${version}/${file}`, `its SHA-256 is ${actual}, not ${sha256}`);
      return text;
    });
}

/**
 * Gateway API Inference Extension CRDs, applied as a carrier-chart release (no
 * cluster access at plan time). The seed applies `config/crd?ref=v1.5.0` with
 * kustomize; v1.5.0's CRD files ship vendored in this package (checked against
 * their SHA-256 at synth), so nothing is downloaded. Other versions are read from
 * the release asset at plan time and need `sha256`.
 */
export class GaieCrds extends Construct implements ITerraformDependable {
  public readonly release: ManifestRelease;
  public readonly bundle: GaieCrdBundle;
  public readonly version: string;
  /** The release asset of the bundle (downloaded only for versions that are not vendored). */
  public readonly url: string;
  /** True when the CRDs come from the package's vendored copy (no plan-time download). */
  public readonly vendored: boolean;

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
    this.vendored = VENDORED_GAIE_CRDS[this.version] !== undefined;
    let manifests: string[];
    if (this.vendored) {
      if (props.sha256 !== undefined) {
        throw Errors.invalidValue(`GAIE CRDs ${this.version} sha256`, props.sha256, ['no sha256 for a vendored version'],
          `remove sha256: the ${this.version} CRDs ship with the package and are checked at synth`);
      }
      manifests = vendoredGaieCrds(this.version, this.bundle);
    } else {
      if (props.sha256 === undefined) {
        throw Errors.missingProp('GaieCrds', 'sha256', `${this.version} is not vendored (only ${Object.keys(VENDORED_GAIE_CRDS).join(', ')}), so ${this.url} is downloaded at plan time and must be pinned`);
      }
      manifests = [new RemoteManifest(this, 'Manifest', { url: this.url, sha256: props.sha256 }).body];
    }
    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.cluster,
      releaseName: props.releaseName ?? 'gaie-crds',
      manifests,
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
