import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../../errors';
import { ITpuPlatform } from '../../gke/tpu-platform';
import { HelmChartRelease } from '../../k8s/helm-chart-release';
import { K8sNamespace } from '../../k8s/k8s-namespace';
import { Container, Labels, Volume } from '../../k8s/types';
import { NameRules, validateName } from '../../util/names';
import { pathName } from '../../util/path-names';
import { LlmdHelmRelease, LLMD_MODELSERVICE_REPOSITORY } from './llmd-release';
import { checkNodeSelector, claimPdCapacity, PdRoleSizing } from './pd-sizing';
import { PdRole } from '../vllm-tpu';

/** Extended resource of TPU chips. */
export const TPU_RESOURCE = 'google.com/tpu';

/**
 * How the chart starts vLLM: `vllmServe` runs `vllm serve <model> --port ...` and
 * appends `args`; `imageDefault` keeps the image entrypoint; `custom` runs `command`.
 */
export type ModelCommand = 'vllmServe' | 'imageDefault' | 'custom';

/** A model server container as the chart takes it: a container plus how it starts and whether it mounts the model volume. */
export interface ModelServiceContainer extends Container {
  /**
   * How the chart builds the command.
   * @default "custom" (the chart's default)
   */
  readonly modelCommand?: ModelCommand;
  /**
   * Mount the chart's model volume (`modelArtifacts.mountPath`).
   * @default false
   */
  readonly mountModelVolume?: boolean;
}

/** A Prometheus Operator PodMonitor for a role (`monitoring.podmonitor`). */
export interface PodMonitorOptions {
  /** Create the PodMonitor (needs the `monitoring.coreos.com` CRDs in the cluster). */
  readonly enabled: boolean;
  /** Container port name to scrape. */
  readonly portName: string;
  /**
   * Metrics path.
   * @default "/metrics"
   */
  readonly path?: string;
  /**
   * Scrape interval.
   * @default "30s"
   */
  readonly interval?: string;
}

/** One side (prefill or decode) of the model service. */
export interface ModelServiceRoleProps {
  /** Pods of this role (one model replica each). */
  readonly replicas: number;
  /** vLLM tensor parallel size (`parallelism.tensor`). */
  readonly tensorParallelSize: number;
  /** Model server containers; the first one is vLLM. */
  readonly containers: readonly ModelServiceContainer[];
  /**
   * Pod node selector (`extraConfig.nodeSelector`), e.g. the TPU accelerator and topology.
   * @default {}
   */
  readonly nodeSelector?: Labels;
  /**
   * Pod volumes.
   * @default []
   */
  readonly volumes?: readonly Volume[];
  /**
   * Pod annotations.
   * @default {}
   */
  readonly podAnnotations?: Labels;
  /**
   * PodMonitor.
   * @default - none
   */
  readonly podMonitor?: PodMonitorOptions;
}

/** Where the model comes from (`modelArtifacts`). */
export interface ModelArtifacts {
  /** Model name in OpenAI requests, e.g. `Qwen/Qwen3-32B`. */
  readonly name: string;
  /**
   * Model URI (`hf://<repo>` or `pvc://<claim>/<path>`).
   * @default - `hf://<name>`
   */
  readonly uri?: string;
  /** Size of the model volume, e.g. `200Gi`. */
  readonly size: string;
  /**
   * Secret with the Hugging Face token; the chart reads its key `HF_TOKEN`.
   * @default - no token
   */
  readonly authSecretName?: string;
  /** Labels of every model server pod (the InferencePool selects on them). */
  readonly labels: Labels;
}

/** The routing sidecar in front of the decode vLLM (`routing.proxy`). */
export interface RoutingProxyOptions {
  /** Sidecar image. */
  readonly image: string;
  /**
   * KV connector protocol the sidecar speaks.
   * @default "nixlv2"
   */
  readonly connector?: string;
  /**
   * TLS between sidecars.
   * @default false
   */
  readonly secure?: boolean;
}

/** OpenTelemetry tracing of the model servers and the sidecar (chart >= v0.4.7). */
export interface ModelServiceTracing {
  /** Export traces. */
  readonly enabled: boolean;
  /** OTLP gRPC endpoint. */
  readonly otlpEndpoint: string;
  /** Sampler, e.g. `always_off`. */
  readonly sampler: string;
  /** Sampler argument. */
  readonly samplerArg: string;
  /**
   * Service name of the routing sidecar.
   * @default - the chart's ("routing-proxy")
   */
  readonly routingProxyServiceName?: string;
}

/** Props of {@link LlmdModelService}. */
export interface LlmdModelServiceProps {
  /** Namespace of the release. */
  readonly namespace: K8sNamespace;
  /** TPU node pools the pods run on; their chips are claimed on its ledger. */
  readonly platform: ITpuPlatform;
  /** The model and the labels of its pods. */
  readonly modelArtifacts: ModelArtifacts;
  /** Routing sidecar of the decode pods. */
  readonly routingProxy: RoutingProxyOptions;
  /** Prefill pods. */
  readonly prefill: ModelServiceRoleProps;
  /** Decode pods. */
  readonly decode: ModelServiceRoleProps;
  /**
   * Helm release name (the Deployments are `<release>-prefill` and `<release>-decode`).
   * @default - derived from the construct path (e.g. `serving-model-servers`), unique in the stack
   */
  readonly releaseName?: string;
  /**
   * llm-d release whose `llm-d-modelservice` chart version is installed.
   * @default LlmdHelmRelease.V0_6 (chart v0.4.9)
   */
  readonly llmdRelease?: LlmdHelmRelease;
  /**
   * Port the routing sidecar (decode) and prefill vLLM serve on (`routing.servicePort`).
   * @default 8000
   */
  readonly servicePort?: number;
  /**
   * Tracing.
   * @default - the chart's (off)
   */
  readonly tracing?: ModelServiceTracing;
  /**
   * Make `terraform apply` wait until the prefill and decode pods are ready. Loading
   * the weights and compiling can take up to the startup probe's hour, longer than a
   * Helm timeout should be, so by default apply returns once the release is installed.
   * @default false
   */
  readonly wait?: boolean;
  /**
   * Resources to create first.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Chips one pod of a role uses: the container's explicit TPU limit, else what the chart derives from tensor parallelism. */
export function modelServiceChipsPerPod(role: ModelServiceRoleProps): number {
  const explicit = role.containers[0]?.resources?.limits?.[TPU_RESOURCE];
  return explicit !== undefined ? Number(explicit) : role.tensorParallelSize;
}

/**
 * llm-d's `llm-d-modelservice` chart on Google TPUs: a Deployment of prefill
 * pods and one of decode pods (with the routing sidecar), labelled for the
 * InferencePool and the P/D filters.
 *
 * Created after the namespace and the platform's TPU node pools (destroyed before them).
 *
 * Synth-time checks: a pod fits one node of the platform, its node selector
 * names the platform's accelerator and topology, tensor parallelism equals its
 * TensorCores, and all pods fit the platform's chips.
 */
export class LlmdModelService extends Construct {
  public readonly release: HelmChartRelease;
  public readonly releaseName: string;
  /** Labels every model server pod carries (the model labels; the chart adds `llm-d.ai/role`). */
  public readonly podLabels: Labels;
  /** Prefill and decode sizing, as claimed on the platform. */
  public readonly sizing: readonly PdRoleSizing[];

  constructor(scope: Construct, id: string, props: LlmdModelServiceProps) {
    super(scope, id);
    this.releaseName = validateName(NameRules.HELM_RELEASE, props.releaseName ?? pathName(this, 45));
    for (const [role, spec] of [[PdRole.PREFILL, props.prefill], [PdRole.DECODE, props.decode]] as const) {
      if (spec.containers.length === 0) {
        throw Errors.missingProp(`LlmdModelService "${this.releaseName}" ${role.name}`, 'containers', 'the first container runs vLLM');
      }
    }
    this.podLabels = { ...props.modelArtifacts.labels };
    const machine = props.platform.machineType;
    this.sizing = ([[PdRole.PREFILL, props.prefill], [PdRole.DECODE, props.decode]] as const).map(([role, spec]) => {
      const workload = `${this.releaseName}-${role.name}`;
      const chips = modelServiceChipsPerPod(spec);
      if (!Number.isInteger(chips) || chips < 1 || chips > machine.chipsPerVm || machine.chipsPerVm % chips !== 0) {
        throw Errors.replicaExceedsVm(workload, chips, machine.name, machine.chipsPerVm);
      }
      checkNodeSelector(workload, spec.nodeSelector ?? {}, props.platform);
      return { role, workload, replicas: spec.replicas, chipsPerReplica: chips, tensorParallelSize: spec.tensorParallelSize };
    });
    claimPdCapacity(props.platform, this.sizing);
    const llmd = props.llmdRelease ?? LlmdHelmRelease.V0_6;
    const tracing = props.tracing;
    this.release = new HelmChartRelease(this, 'Release', {
      cluster: props.namespace.cluster,
      releaseName: this.releaseName,
      chart: 'llm-d-modelservice',
      repository: LLMD_MODELSERVICE_REPOSITORY,
      version: llmd.modelServiceChart,
      namespace: props.namespace.name,
      createNamespace: false,
      values: {
        multinode: false,
        accelerator: { type: 'google' },
        modelArtifacts: {
          uri: props.modelArtifacts.uri ?? `hf://${props.modelArtifacts.name}`,
          size: props.modelArtifacts.size,
          ...(props.modelArtifacts.authSecretName ? { authSecretName: props.modelArtifacts.authSecretName } : {}),
          name: props.modelArtifacts.name,
          labels: { ...props.modelArtifacts.labels },
        },
        ...(tracing ? {
          tracing: {
            enabled: tracing.enabled,
            otlpEndpoint: tracing.otlpEndpoint,
            ...(tracing.routingProxyServiceName ? { serviceNames: { routingProxy: tracing.routingProxyServiceName } } : {}),
            sampling: { sampler: tracing.sampler, samplerArg: tracing.samplerArg },
          },
        } : {}),
        routing: {
          servicePort: props.servicePort ?? 8000,
          proxy: {
            image: props.routingProxy.image,
            connector: props.routingProxy.connector ?? 'nixlv2',
            secure: props.routingProxy.secure ?? false,
          },
        },
        decode: roleValues(props.decode),
        prefill: roleValues(props.prefill),
      },
      wait: props.wait ?? false,
      timeoutSeconds: props.wait ? 3900 : undefined,
      // Not atomic: servers still loading weights when the wait ends keep loading; a purge would restart them.
      atomic: false,
      // The TPU node pools come first and go last: with `wait` the pods must find
      // their nodes, and destroy uninstalls the servers before their nodes go away.
      dependsOn: [props.namespace, ...props.platform.dependables, ...(props.dependsOn ?? [])],
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}

function roleValues(role: ModelServiceRoleProps): Record<string, unknown> {
  return {
    ...(role.podAnnotations && Object.keys(role.podAnnotations).length ? { podAnnotations: { ...role.podAnnotations } } : {}),
    parallelism: { tensor: role.tensorParallelSize },
    create: true,
    replicas: role.replicas,
    ...(role.nodeSelector && Object.keys(role.nodeSelector).length ? { extraConfig: { nodeSelector: { ...role.nodeSelector } } } : {}),
    ...(role.podMonitor ? {
      monitoring: {
        podmonitor: {
          enabled: role.podMonitor.enabled,
          portName: role.podMonitor.portName,
          path: role.podMonitor.path ?? '/metrics',
          interval: role.podMonitor.interval ?? '30s',
        },
      },
    } : {}),
    containers: role.containers.map((c) => ({ ...c })),
    volumes: [...(role.volumes ?? [])],
  };
}
