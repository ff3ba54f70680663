/**
 * vLLM on TPU for prefill/decode disaggregation: the KV-transfer vocabulary of
 * tpu-inference (connectors, roles, ports) and the container pieces the recipes
 * share (probes, scratch volumes). Pure values and functions.
 */
import { EnvVar, Probe, Volume, VolumeMount } from '../k8s/types';

/** Which side of the split a model server is on; also the `llm-d.ai/role` label value. */
export class PdRole {
  /** Runs the prompt pass and sends the KV cache (`kv_producer`). */
  public static readonly PREFILL = new PdRole('prefill', 'kv_producer');
  /** Generates tokens from the received KV cache (`kv_consumer`). */
  public static readonly DECODE = new PdRole('decode', 'kv_consumer');

  public static readonly ALL: readonly PdRole[] = [PdRole.PREFILL, PdRole.DECODE];

  private constructor(
    /** Role name and `llm-d.ai/role` label value. */
    public readonly name: string,
    /** The KV role the recipes give this side. */
    public readonly kvRole: KvRole,
  ) {}

  public toString(): string {
    return this.name;
  }
}

/** Label llm-d's prefill and decode filters select on. */
export const PD_ROLE_LABEL = 'llm-d.ai/role';

/** vLLM `kv_role` of a KV-transfer config. */
export type KvRole = 'kv_producer' | 'kv_consumer' | 'kv_both';

/** A tpu-inference KV connector: the class name and the module vLLM loads it from. */
export class KvConnector {
  /** Plain TPU KV transfer. */
  public static readonly TPU = new KvConnector('TPUConnector', 'tpu_inference.distributed.tpu_connector');
  /** TPU KV transfer for hybrid (multi-group) KV cache managers. */
  public static readonly TPU_HMA = new KvConnector('TPUConnectorHMA', 'tpu_inference.distributed.tpu_connector_hma');

  private constructor(public readonly name: string, public readonly modulePath: string) {}

  /** The `--kv-transfer-config` JSON for `role`; `ip` adds `kv_ip` (e.g. `$(POD_IP)`). */
  public transferConfig(role: KvRole, ip?: string): string {
    return JSON.stringify({
      kv_connector: this.name,
      kv_connector_module_path: this.modulePath,
      kv_role: role,
      ...(ip !== undefined ? { kv_ip: ip } : {}),
    });
  }
}

/** Ports of TPU KV transfer. */
export interface TpuKvPorts {
  /**
   * Where the KV blocks move (`TPU_KV_TRANSFER_PORT`).
   * @default 9100
   */
  readonly transfer?: number;
  /**
   * Side channel of the P/D coordination (`TPU_SIDE_CHANNEL_PORT`).
   * @default 9600
   */
  readonly sideChannel?: number;
}

/** tpu-inference's default KV transfer port. */
export const DEFAULT_KV_TRANSFER_PORT = 9100;
/** tpu-inference's default P/D side channel port. */
export const DEFAULT_KV_SIDE_CHANNEL_PORT = 9600;

/** The env vars that tell tpu-inference its KV ports (side channel first, as the recipes list them). */
export function tpuKvEnv(ports: TpuKvPorts = {}): EnvVar[] {
  return [
    { name: 'TPU_SIDE_CHANNEL_PORT', value: String(ports.sideChannel ?? DEFAULT_KV_SIDE_CHANNEL_PORT) },
    { name: 'TPU_KV_TRANSFER_PORT', value: String(ports.transfer ?? DEFAULT_KV_TRANSFER_PORT) },
  ];
}

/** `POD_IP` from the downward API (for `kv_ip`). */
export const POD_IP_ENV: EnvVar = { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } };

/** Health probes of a vLLM server behind llm-d: startup and liveness on `/health`, readiness on `/v1/models`. */
export interface VllmProbes {
  /** Start-up probe (`/health`). */
  readonly startupProbe: Probe;
  /** Liveness probe (`/health`). */
  readonly livenessProbe: Probe;
  /** Readiness probe (`/v1/models`). */
  readonly readinessProbe: Probe;
}

/**
 * The probes llm-d's TPU values give vLLM: up to 120 x 30 s for start-up
 * (weights and XLA compilation), then liveness every 10 s and readiness every 5 s.
 */
export function vllmProbes(port: number | string): VllmProbes {
  return {
    startupProbe: { httpGet: { path: '/health', port }, initialDelaySeconds: 15, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 120 },
    livenessProbe: { httpGet: { path: '/health', port }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    readinessProbe: { httpGet: { path: '/v1/models', port }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
  };
}

/** Scratch space of a vLLM pod: metrics config dir, in-memory /dev/shm, compile cache. */
export interface VllmScratch {
  /** Pod volumes. */
  readonly volumes: readonly Volume[];
  /** Mounts of the vLLM container. */
  readonly volumeMounts: readonly VolumeMount[];
}

/** llm-d's TPU scratch volumes: `/.config`, `/dev/shm` (memory, `shmSize`), `/.cache`. */
export function vllmScratch(shmSize: string): VllmScratch {
  return {
    volumes: [
      { name: 'metrics-volume', emptyDir: {} },
      { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: shmSize } },
      { name: 'torch-compile-cache', emptyDir: {} },
    ],
    volumeMounts: [
      { name: 'metrics-volume', mountPath: '/.config' },
      { name: 'shm', mountPath: '/dev/shm' },
      { name: 'torch-compile-cache', mountPath: '/.cache' },
    ],
  };
}
