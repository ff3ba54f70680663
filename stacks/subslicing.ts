import { Construct } from 'constructs';
import { WorkloadIdentityBucketAccess } from '../lib/gcp/workload-identity-bucket-access';
import { SliceJobSet } from '../lib/kueue/slice-job-set';
import { WorkloadPriority } from '../lib/kueue/workload-priority';
import { GaieCrds } from '../lib/serving/gaie-crds';
import { PdDisaggregation, PdGateway, PdModelServers, PdRouter } from '../lib/serving/pd-disaggregation';
import { PdLeaderWorkerSetsProps } from '../lib/serving/pd-leader-worker-sets';
import { ScenarioStack } from './common/scenario-stack';
import { DynamicSlicingPlatform, DynamicSlicingPlatformProps } from './common/dynamic-slicing-platform';
import { llmdHfTokenSecret } from './common/llmd-serving';
import { gatewayAddressOutput } from './common/outputs';
import { bucketVariable } from './common/variables';

/** Prefill/decode serving on sub-slices (seed 000 steps 10-11); every default is the seed's value. */
export interface SubslicingPdProps extends Omit<PdLeaderWorkerSetsProps, 'kueue' | 'hfToken' | 'bucket' | 'dependsOn'> {
  /**
   * Gateway API Inference Extension release of the CRDs.
   * @default "v1.5.0"
   */
  readonly gaieVersion?: string;
  /**
   * `llm-d-router-gateway` chart version.
   * @default "v0.10.0"
   */
  readonly routerVersion?: string;
  /**
   * Use a Secret `llm-d-hf-token` that already exists in the namespace instead of creating it from `hf_token`.
   * @default false
   */
  readonly existingHfTokenSecret?: boolean;
}

export interface SubslicingStackProps extends DynamicSlicingPlatformProps {
  /**
   * Slice requested by each replicated job.
   * @default "2x2x2"
   */
  readonly sliceTopology?: string;
  /**
   * Replicated jobs (one slice each).
   * @default 6
   */
  readonly replicas?: number;
  /**
   * Prefill/decode disaggregated serving next to the sub-slicing check; `false` leaves it out.
   * @default - the seed's deployment (4 prefill + 4 decode 2x2x2 groups)
   */
  readonly pdServing?: SubslicingPdProps | false;
}

/**
 * Seed 000 steps 3-11: the dynamic-slicing platform, the sub-slicing check (six
 * 2x2x2 slices carved out of the 4x4x4 cubes at low priority) and prefill/decode
 * disaggregated serving of Qwen3.5-397B on 2x2x2 sub-slices at high priority,
 * behind an internal GKE inference gateway and the llm-d router.
 */
export class SubslicingStack extends ScenarioStack {
  public readonly platform: DynamicSlicingPlatform;
  public readonly verification: SliceJobSet;
  /** Undefined when `pdServing` is false. */
  public readonly serving?: PdDisaggregation;

  constructor(scope: Construct, id: string, props: SubslicingStackProps = {}) {
    super(scope, id);
    this.platform = new DynamicSlicingPlatform(this, 'Platform', props);
    this.verification = new SliceJobSet(this, 'SubslicingJobSet', {
      kueue: this.platform.kueue,
      name: 'kueue-jobset-simple-subslicing',
      sliceTopology: props.sliceTopology ?? '2x2x2',
      replicas: props.replicas ?? 6,
      priority: WorkloadPriority.LOW,
    });
    if (props.pdServing !== false) this.serving = this.pdServing(props.pdServing ?? {});
  }

  private pdServing(props: SubslicingPdProps): PdDisaggregation {
    const { kueue, cluster, network, namespace } = this.platform;
    const { gaieVersion, routerVersion, existingHfTokenSecret, ...servers } = props;
    // Required: the seed's default "model-weights" is a global bucket name some other project owns.
    const bucket = bucketVariable(this, 'model_bucket',
      'Your existing GCS bucket with the model weights under models--Qwen--Qwen3.5-397B-A17B-FP8/snapshots/<revision>/ (README: stage the weights); the servers also write the XLA cache to xla_cache/.').stringValue;
    const hfToken = llmdHfTokenSecret(this, namespace, existingHfTokenSecret, 'Hugging Face token (empty when the bucket holds the weights already).');
    const serviceAccount = servers.serviceAccountName ?? 'gcs-fuse-ksa';
    const bucketAccess = new WorkloadIdentityBucketAccess(this, 'WeightsBucketAccess', {
      cluster, bucket, namespace: namespace.name, serviceAccount,
    });
    const crds = new GaieCrds(this, 'GaieCrds', { cluster, version: gaieVersion });
    const serving = new PdDisaggregation(this, 'PdDisaggregation', {
      namespace,
      platform: kueue.platform,
      hfToken,
      gateway: PdGateway.gatewayObject({ network }),
      router: PdRouter.llmdRouter({ version: routerVersion }),
      modelServers: PdModelServers.leaderWorkerSets({ ...servers, kueue, bucket, dependsOn: bucketAccess.dependables }),
      dependsOn: [crds],
    });
    gatewayAddressOutput(this, serving.gatewayName, namespace.name, 'Prints the internal IP of the inference gateway (reachable from inside the VPC).');
    return serving;
  }
}
