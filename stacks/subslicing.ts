import { Construct } from 'constructs';
import {
  bucketVariable,
  DynamicSlicingPlatform,
  GaieCrds,
  ModelProfile,
  gatewayAddressOutput,
  observabilityEnabled,
  observedRouter,
  observedTpuPools,
  PdDisaggregation,
  PdGateway,
  PdLeaderWorkerSetsProps,
  PdModelServers,
  PdRouter,
  pdVllmScrapes,
  scenarioObservability,
  Seed000,
  ScenarioObservabilityProps,
  ScenarioStack,
  SliceJobSet,
  StackObservability,
  WorkloadIdentityBucketAccess,
  WorkloadPriority,
} from 'tpu-gke-cdktf';
import { SeedDynamicSlicingProps, seedDynamicSlicingPlatform } from './dynamic-slicing';
import { llmdHfTokenSecret } from './llmd-guide';

/** Prefill/decode serving on sub-slices (seed 000 steps 10-11); every default is the seed's value (Seed000). */
export interface SubslicingPdProps extends Omit<PdLeaderWorkerSetsProps, 'kueue' | 'hfToken' | 'bucket' | 'dependsOn' | 'model' | 'image'> {
  /**
   * The model; a bare Hugging Face id gets a generic profile (none of the seed's flags).
   * @default Seed000.QWEN3_5_397B_A17B_FP8
   */
  readonly model?: ModelProfile | string;
  /**
   * vLLM TPU image.
   * @default Seed000.VLLM_TPU_IMAGE
   */
  readonly image?: string;
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

export interface SubslicingStackProps extends SeedDynamicSlicingProps {
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
  /**
   * Dashboard, alerts and managed Prometheus scrape configs (TPU slices, Kueue,
   * vLLM prefill/decode, the llm-d router); \`false\` leaves them out (also the
   * context key \`tpu-gke:observability\`).
   * @default - on, with the default thresholds
   */
  readonly observability?: ScenarioObservabilityProps | false;
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
  /** Dashboard, alerts and scrape configs; undefined when observability is off. */
  public readonly observability?: StackObservability;

  constructor(scope: Construct, id: string, props: SubslicingStackProps = {}) {
    super(scope, id);
    this.platform = seedDynamicSlicingPlatform(this, props);
    this.verification = new SliceJobSet(this, 'SubslicingJobSet', {
      kueue: this.platform.kueue,
      name: 'kueue-jobset-simple-subslicing',
      sliceTopology: props.sliceTopology ?? '2x2x2',
      replicas: props.replicas ?? 6,
      priority: WorkloadPriority.LOW,
    });
    const observe = observabilityEnabled(this, props.observability);
    if (props.pdServing !== false) this.serving = this.pdServing(props.pdServing ?? {}, observe);
    const namespace = this.platform.namespace.name;
    this.observability = scenarioObservability(this, props.observability, {
      cluster: this.platform.cluster,
      title: id,
      tpuPools: observedTpuPools(this.platform.pool.pools),
      kueue: this.platform.kueue,
      // Prefill serves on the vLLM port "modelserver"; decode's vLLM listens on "vllm" behind the routing sidecar.
      vllm: this.serving ? pdVllmScrapes(this.serving, namespace, { prefill: 'modelserver', decode: 'vllm' }) : [],
      router: this.serving ? observedRouter(this.serving, namespace) : undefined,
      dependsOn: [this.platform.namespace],
    });
  }

  private pdServing(props: SubslicingPdProps, managedPrometheus: boolean): PdDisaggregation {
    const { kueue, cluster, network, namespace } = this.platform;
    const { gaieVersion, routerVersion, existingHfTokenSecret, ...servers } = props;
    // Required: the seed's default "model-weights" is a global bucket name some other project owns.
    const bucket = bucketVariable(this, 'model_bucket',
      'Your existing GCS bucket with the model weights under models--Qwen--Qwen3.5-397B-A17B-FP8/snapshots/<revision>/ (README: stage the weights); the servers also write the XLA cache to xla_cache/.').stringValue;
    const hfToken = llmdHfTokenSecret(this, namespace, existingHfTokenSecret, 'Hugging Face token (empty when the bucket holds the weights already).');
    const serviceAccount = servers.serviceAccountName ?? Seed000.PD_SERVERS.serviceAccountName;
    const bucketAccess = new WorkloadIdentityBucketAccess(this, 'WeightsBucketAccess', {
      cluster, bucket, namespace: namespace.name, serviceAccount,
    });
    const crds = new GaieCrds(this, 'GaieCrds', { cluster, version: gaieVersion });
    const serving = new PdDisaggregation(this, 'PdDisaggregation', {
      namespace,
      platform: kueue.platform,
      hfToken,
      gateway: PdGateway.gatewayObject({ network, name: Seed000.PD_GATEWAY_NAME }),
      router: PdRouter.llmdRouter({ releaseName: Seed000.PD_ROUTER_RELEASE, version: routerVersion, managedPrometheus }),
      modelServers: PdModelServers.leaderWorkerSets({
        ...Seed000.PD_SERVERS,
        mountOptions: Seed000.GCS_FUSE_MOUNT_OPTIONS,
        ...servers,
        model: servers.model ?? Seed000.QWEN3_5_397B_A17B_FP8,
        image: servers.image ?? Seed000.VLLM_TPU_IMAGE,
        serviceAccountName: serviceAccount,
        kueue,
        bucket,
        dependsOn: bucketAccess.dependables,
      }),
      dependsOn: [crds],
    });
    gatewayAddressOutput(this, serving.gatewayName, namespace.name, 'Prints the internal IP of the inference gateway (reachable from inside the VPC).');
    return serving;
  }
}
