import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import {
  clusterOutputs,
  DynamicSlicingPlatform,
  GaieCrds,
  gatewayAddressOutput,
  GoogleProviders,
  ModelProfile,
  PdDisaggregation,
  PdGateway,
  PdModelServers,
  PdRouter,
  recipeSliceController,
  ReservationAffinity,
  SecretSource,
  stringVariable,
  TokenSecret,
  tokenRevision,
  tokenVariable,
  WorkloadIdentityBucketAccess,
} from 'tpu-gke-cdktf';
import { PLATFORM } from '../config';

/**
 * A tpu7x (Ironwood) platform with dynamic slicing, serving a model of the
 * platform's choice with prefill/decode disaggregation on 2x2x2 sub-slices.
 *
 * The model is a generic profile: its id and revision only, tensor parallelism
 * derived from the sub-slice, none of the recipes' model flags.
 */
export class Tpu7xInferenceStack extends TerraformStack {
  public readonly platform: DynamicSlicingPlatform;
  public readonly serving: PdDisaggregation;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { project, tpu7x, modelBucket } = PLATFORM;
    GoogleProviders.configure(this, { project, region: tpu7x.region });

    // Pinned at plan time: review the slice controller manifest once, then pass its SHA-256.
    const sliceControllerSha256 = stringVariable(this, 'slice_controller_sha256', {
      description: 'SHA-256 of the Kueue slice controller manifest (sha256sum of the reviewed file).',
      pattern: '[0-9a-f]{64}', patternHint: '64 lowercase hex characters (sha256sum output)',
    }).stringValue;
    this.platform = new DynamicSlicingPlatform(this, 'Platform', {
      project,
      region: tpu7x.region,
      zone: tpu7x.zone,
      reservation: ReservationAffinity.specific({ project, name: tpu7x.reservation, block: tpu7x.block }),
      sliceController: recipeSliceController(sliceControllerSha256),
      clusterName: 'acme-ironwood',
      namespace: 'inference',
      cubes: 1,
    });
    const { cluster, network, namespace, kueue } = this.platform;

    // The model: a generic profile (no model-specific flags), pinned to the revision the bucket holds.
    const revision = stringVariable(this, 'model_revision', {
      description: 'Commit of meta-llama/Llama-3.1-70B-Instruct staged in the weights bucket (models--meta-llama--Llama-3.1-70B-Instruct/snapshots/<revision>).',
      pattern: '[0-9a-f]{40}', patternHint: 'a 40-character Hugging Face commit hash',
    }).stringValue;
    const model = ModelProfile.generic('meta-llama/Llama-3.1-70B-Instruct', { revision, maxModelLen: 16384 });

    const hfToken = new TokenSecret(this, 'HfToken', {
      namespace, name: 'hf-token', key: 'HF_TOKEN',
      source: SecretSource.fromVariable(tokenVariable(this, 'hf_token', 'Hugging Face token (empty when the bucket holds the weights).'), tokenRevision(this, 'hf_token')),
    });
    const serviceAccount = 'llama-pd';
    const bucketAccess = new WorkloadIdentityBucketAccess(this, 'WeightsAccess', {
      cluster, bucket: modelBucket, namespace: namespace.name, serviceAccount,
    });
    const crds = new GaieCrds(this, 'GaieCrds', { cluster });
    this.serving = new PdDisaggregation(this, 'LlamaPd', {
      namespace,
      platform: kueue.platform,
      hfToken,
      gateway: PdGateway.gatewayObject({ network }),
      router: PdRouter.llmdRouter(),
      modelServers: PdModelServers.leaderWorkerSets({
        kueue,
        model,
        image: 'vllm/vllm-tpu:v0.13.2',
        bucket: modelBucket,
        sliceTopology: '2x2x2',
        prefillReplicas: 2,
        decodeReplicas: 2,
        serviceAccountName: serviceAccount,
        dependsOn: bucketAccess.dependables,
      }),
      dependsOn: [crds],
    });
    clusterOutputs(this, cluster);
    gatewayAddressOutput(this, this.serving.gatewayName, namespace.name, 'Internal IP of the inference gateway.');
  }
}
