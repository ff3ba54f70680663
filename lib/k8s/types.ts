/**
 * Minimal typings for the Kubernetes objects this library emits.
 *
 * Field names follow the upstream API exactly (core/v1, apps/v1, batch/v1 of
 * Kubernetes 1.35); only the fields the library uses are declared. Objects built
 * from these types are checked against the upstream schemas in CI
 * (see docs/validation.md).
 */

export type Labels = Readonly<Record<string, string>>;

/** `metadata` of an object (the fields the library sets). */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Labels;
  readonly annotations?: Labels;
}

/** Any Kubernetes object: apiVersion, kind, metadata and the kind's own fields. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/** A Kubernetes quantity such as `4`, `500m` or `200Gi`. */
export type Quantity = string;

/** Container `resources`: requests, limits and DRA claims. */
export interface ResourceRequirements {
  readonly requests?: Readonly<Record<string, Quantity>>;
  readonly limits?: Readonly<Record<string, Quantity>>;
  readonly claims?: readonly { readonly name: string; readonly request?: string }[];
}

/** A container environment variable (a value, or a reference). */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
    readonly fieldRef?: { readonly fieldPath: string };
    readonly configMapKeyRef?: { readonly name: string; readonly key: string };
  };
}

/** A port a container listens on. */
export interface ContainerPort {
  readonly containerPort: number;
  readonly name?: string;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** Where a volume is mounted in a container. */
export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  readonly subPath?: string;
}

/** A liveness, readiness or startup probe. */
export interface Probe {
  readonly httpGet?: { readonly path: string; readonly port: number | string };
  readonly tcpSocket?: { readonly port: number | string };
  readonly exec?: { readonly command: readonly string[] };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
  readonly successThreshold?: number;
}

/** A container security context. */
export interface SecurityContext {
  readonly allowPrivilegeEscalation?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly privileged?: boolean;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
}

/** A container of a pod. */
export interface Container {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly unknown[];
  readonly ports?: readonly ContainerPort[];
  readonly resources?: ResourceRequirements;
  readonly volumeMounts?: readonly VolumeMount[];
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly securityContext?: SecurityContext;
  readonly workingDir?: string;
  /** Only on init containers: `Always` makes it a native sidecar. */
  readonly restartPolicy?: 'Always';
}

/** A pod toleration of a node taint. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A pod volume. */
export interface Volume {
  readonly name: string;
  readonly emptyDir?: { readonly medium?: string; readonly sizeLimit?: Quantity };
  readonly csi?: {
    readonly driver: string;
    readonly readOnly?: boolean;
    readonly volumeAttributes?: Readonly<Record<string, string>>;
  };
  readonly hostPath?: { readonly path: string; readonly type?: string };
  readonly secret?: { readonly secretName: string };
  readonly configMap?: { readonly name: string };
  readonly persistentVolumeClaim?: { readonly claimName: string; readonly readOnly?: boolean };
}

/** A pod (anti-)affinity term: pods matching `labelSelector` within one `topologyKey` domain. */
export interface PodAffinityTerm {
  readonly labelSelector?: { readonly matchLabels?: Labels };
  /** Node label that defines the domain, e.g. `kubernetes.io/hostname`. */
  readonly topologyKey: string;
}

/** Pod scheduling affinity (only the parts the library uses). */
export interface Affinity {
  readonly podAntiAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
  };
}

/** A pod spec (the fields the library uses). */
export interface PodSpec {
  readonly serviceAccountName?: string;
  readonly nodeSelector?: Labels;
  readonly tolerations?: readonly Toleration[];
  readonly affinity?: Affinity;
  readonly initContainers?: readonly Container[];
  readonly containers: readonly Container[];
  readonly volumes?: readonly Volume[];
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  readonly terminationGracePeriodSeconds?: number;
  readonly resourceClaims?: readonly { readonly name: string; readonly resourceClaimTemplateName?: string }[];
  readonly priorityClassName?: string;
  readonly hostNetwork?: boolean;
  readonly dnsPolicy?: string;
  readonly subdomain?: string;
}

/** A pod template: metadata and spec. */
export interface PodTemplateSpec {
  readonly metadata?: { readonly labels?: Labels; readonly annotations?: Labels };
  readonly spec: PodSpec;
}

/** The toleration every TPU workload needs: GKE taints TPU nodes `google.com/tpu=present:NoSchedule`. */
export const TPU_TOLERATION: Toleration = { key: 'google.com/tpu', operator: 'Exists', effect: 'NoSchedule' };

/** GKE taints GPU nodes `nvidia.com/gpu=present:NoSchedule`. */
export const GPU_TOLERATION: Toleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
