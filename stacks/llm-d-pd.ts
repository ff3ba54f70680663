import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { GkeAddon } from '../lib/gke/gke-addon';
import { GkeCluster, ReleaseChannel } from '../lib/gke/gke-cluster';
import { GkeFeatureVersions } from '../lib/gke/gke-version';
import { ReservationAffinity } from '../lib/gke/reservation-affinity';
import { TpuNodePool } from '../lib/gke/tpu-node-pool';
import { ClusterProviders } from '../lib/k8s/cluster-providers';
import { K8sNamespace } from '../lib/k8s/k8s-namespace';
import { SecretSource, TokenSecret } from '../lib/k8s/token-secret';
import { TpuNetwork } from '../lib/network/tpu-network';
import { GoogleProviders } from '../lib/providers/google-providers';
import { LlmdHelmRelease } from '../lib/serving/llmd-release';
import { ModelServiceContainer, ModelServiceRoleProps } from '../lib/serving/llmd-model-service';
import { PdDisaggregation, PdGateway, PdModelServers, PdRouter } from '../lib/serving/pd-disaggregation';
import { KvConnector, KvRole, POD_IP_ENV, tpuKvEnv, vllmProbes, vllmScratch } from '../lib/serving/vllm-tpu';
import { TpuMachineType } from '../lib/tpu/tpu-machine-type';
import { ScenarioStack } from './common/scenario-stack';
import { clusterOutputs } from './common/outputs';
import { boolVariable, GcpEnvironment, stringVariable, tokenVariable } from './common/variables';

/** Props of {@link LlmdPdStack}; every default is seed 002's (llm-d v0.6.0 TPU guide) value. */
export interface LlmdPdStackProps {
  /**
   * Cluster name.
   * @default "llm-d-pd-cluster"
   */
  readonly clusterName?: string;
  /**
   * Network name prefix (`<prefix>-main`, `-tpu`, `-proxy`, `-allow-internal`).
   * @default "llm-d-pd"
   */
  readonly networkPrefix?: string;
  /**
   * Minimum GKE version: GKE installs the InferencePool CRD from this version on.
   * @default "1.34.0-gke.1626000"
   */
  readonly gkeMinVersion?: string;
  /**
   * Machine type of the system nodes (the endpoint picker asks for 4 CPUs).
   * @default "e2-standard-8"
   */
  readonly systemMachineType?: string;
  /**
   * TPU node pool name.
   * @default "tpu-v6e-2x4"
   */
  readonly tpuPoolName?: string;
  /**
   * TPU machine type (single-host).
   * @default "ct6e-standard-8t"
   */
  readonly machineType?: string;
  /**
   * llm-d release whose charts and images are installed.
   * @default LlmdHelmRelease.V0_6
   */
  readonly llmdRelease?: LlmdHelmRelease;
  /**
   * Hugging Face model.
   * @default "meta-llama/Llama-3.3-70B-Instruct"
   */
  readonly model?: string;
  /**
   * Decode replicas (one pod each).
   * @default 1
   */
  readonly decodeReplicas?: number;
  /**
   * Prefill replicas (one pod each).
   * @default 2
   */
  readonly prefillReplicas?: number;
  /**
   * Tensor parallel size of every replica (one chip each on v6e).
   * @default 8
   */
  readonly tensorParallelSize?: number;
  /**
   * vLLM `--max-model-len`.
   * @default 32000
   */
  readonly maxModelLen?: number;
  /**
   * vLLM TPU image.
   * @default - the llm-d release's ("vllm/vllm-tpu:v0.13.2")
   */
  readonly vllmImage?: string;
  /**
   * Create Prometheus Operator PodMonitors for the vLLM pods (needs the
   * `monitoring.coreos.com` CRDs, which GKE does not install).
   * @default false (the guide enables them)
   */
  readonly podMonitors?: boolean;
  /**
   * Use a Secret `llm-d-hf-token` that already exists in the namespace instead of creating it from `hf_token`.
   * @default false
   */
  readonly existingHfTokenSecret?: boolean;
}

/**
 * Seed 002: llm-d's prefill/decode guide on TPU v6e with Llama-3.3-70B-Instruct:
 * a GKE cluster prepared as llm-d's GKE guide asks (Gateway API, proxy-only
 * subnet, managed Prometheus), ct6e-standard-8t nodes for 2 prefill + 1 decode
 * replicas at TP 8, and llm-d v0.6.0's three releases `infra-pd`, `gaie-pd`,
 * `ms-pd` plus the HTTPRoute `llm-d-pd-disaggregation`.
 */
export class LlmdPdStack extends ScenarioStack {
  public readonly cluster: GkeCluster;
  public readonly pool: TpuNodePool;
  public readonly serving: PdDisaggregation;

  constructor(scope: Construct, id: string, props: LlmdPdStackProps = {}) {
    super(scope, id);
    const env = new GcpEnvironment(this, 'Environment', { zone: 'us-east5-a' });
    const namespaceName = stringVariable(this, 'namespace', {
      description: 'Kubernetes namespace of the llm-d releases.', default: 'llm-d-pd',
      pattern: '[a-z0-9]([-a-z0-9]*[a-z0-9])?', patternHint: 'a Kubernetes namespace name',
    }).stringValue;
    const deletionProtection = boolVariable(this, 'deletion_protection',
      'Terraform deletion protection of the GKE cluster (false lets `cdktf destroy` remove it).', false);

    GoogleProviders.configure(this, { project: env.projectId, region: env.region });
    const network = new TpuNetwork(this, 'Network', { region: env.region, namePrefix: props.networkPrefix ?? 'llm-d-pd' });
    this.cluster = new GkeCluster(this, 'Cluster', {
      name: props.clusterName ?? 'llm-d-pd-cluster',
      project: env.projectId,
      location: env.region,
      network: network.network.id,
      subnetwork: network.tpuSubnet.id,
      releaseChannel: ReleaseChannel.RAPID,
      minVersion: props.gkeMinVersion ?? GkeFeatureVersions.MANAGED_INFERENCE_POOL_CRD.text,
      systemNodePool: { machineType: props.systemMachineType ?? 'e2-standard-8', nodeCountPerZone: 1 },
      addons: [GkeAddon.HTTP_LOAD_BALANCING, GkeAddon.HORIZONTAL_POD_AUTOSCALING],
      gatewayApi: true,
      managedPrometheus: true,
      autoMonitoringScope: 'ALL',
      workloadIdentity: true,
      deletionProtection: deletionProtection.booleanValue,
    });
    ClusterProviders.configure(this, { cluster: this.cluster, baseDependencies: [this.cluster.systemNodePool] });

    const machineType = TpuMachineType.of(props.machineType ?? 'ct6e-standard-8t');
    const decodeReplicas = props.decodeReplicas ?? 1;
    const prefillReplicas = props.prefillReplicas ?? 2;
    this.pool = new TpuNodePool(this, 'TpuPool', {
      cluster: this.cluster,
      name: props.tpuPoolName ?? 'tpu-v6e-2x4',
      machineType,
      zone: env.zone,
      // One replica per VM: as many nodes as replicas.
      nodeCount: decodeReplicas + prefillReplicas,
      reservation: ReservationAffinity.any(),
    });

    const namespace = new K8sNamespace(this, 'Namespace', { name: namespaceName });
    const hfToken = new TokenSecret(this, 'HfToken', {
      namespace,
      name: 'llm-d-hf-token',
      key: 'HF_TOKEN',
      source: props.existingHfTokenSecret
        ? SecretSource.existing()
        : SecretSource.fromVariable(tokenVariable(this, 'hf_token', 'Hugging Face token with access to the model.')),
    });

    const llmd = props.llmdRelease ?? LlmdHelmRelease.V0_6;
    const model = props.model ?? 'meta-llama/Llama-3.3-70B-Instruct';
    const tp = props.tensorParallelSize ?? 8;
    const role = (replicas: number, kvRole: KvRole): ModelServiceRoleProps => {
      const scratch = vllmScratch('16Gi');
      const container: ModelServiceContainer = {
        name: 'vllm',
        image: props.vllmImage ?? llmd.vllmTpuImage,
        modelCommand: 'vllmServe',
        args: [
          // The guide keeps the tensor parallel size first.
          '--tensor-parallel-size', String(tp),
          '--kv-transfer-config', KvConnector.TPU.transferConfig(kvRole, '$(POD_IP)'),
          '--disable-uvicorn-access-log',
          '--max-model-len', String(props.maxModelLen ?? 32000),
        ],
        env: [POD_IP_ENV, ...tpuKvEnv()],
        ports: [
          { containerPort: 8000, name: 'vllm', protocol: 'TCP' },
          { containerPort: 9100, name: 'tpu-kv-transfer', protocol: 'TCP' },
          { containerPort: 9600, name: 'tpu-pd-coord', protocol: 'TCP' },
        ],
        // TPU chips come from the tensor parallel size (the chart fills google.com/tpu).
        resources: { limits: { memory: '64Gi', cpu: '16' }, requests: { memory: '64Gi', cpu: '16' } },
        mountModelVolume: true,
        volumeMounts: scratch.volumeMounts,
        ...vllmProbes('vllm'),
      };
      return {
        replicas,
        tensorParallelSize: tp,
        nodeSelector: this.pool.nodeSelector,
        podMonitor: { enabled: props.podMonitors ?? false, portName: 'vllm', path: '/metrics', interval: '30s' },
        containers: [container],
        volumes: scratch.volumes,
      };
    };

    this.serving = new PdDisaggregation(this, 'PdDisaggregation', {
      namespace,
      platform: this.pool,
      hfToken,
      gateway: PdGateway.llmdInfra({ releaseName: 'infra-pd', llmdRelease: llmd, network }),
      router: PdRouter.inferencePool({ releaseName: 'gaie-pd', llmdRelease: llmd }),
      modelServers: PdModelServers.modelService({
        releaseName: 'ms-pd',
        llmdRelease: llmd,
        modelArtifacts: {
          uri: `hf://${model}`,
          size: '200Gi',
          authSecretName: hfToken.name,
          name: model,
          labels: {
            'llm-d.ai/inference-serving': 'true',
            'llm-d.ai/guide': 'pd-disaggregation',
            'llm-d.ai/hardware-variant': 'tpu',
            'llm-d.ai/hardware-vendor': 'google',
            'llm-d.ai/model': model.slice(model.lastIndexOf('/') + 1),
          },
        },
        routingProxy: { image: llmd.routingSidecarImage, connector: 'nixlv2', secure: false },
        servicePort: 8000,
        decode: role(decodeReplicas, 'kv_both'),
        prefill: role(prefillReplicas, 'kv_producer'),
      }),
      route: { name: 'llm-d-pd-disaggregation' },
    });

    clusterOutputs(this, this.cluster);
    new TerraformOutput(this, 'gateway_address_command', {
      value: `kubectl get gateway ${this.serving.gatewayName} -n ${namespace.name} -o jsonpath='{.status.addresses[0].value}'`,
      description: 'Prints the external IP of the inference gateway.',
    });
  }
}
