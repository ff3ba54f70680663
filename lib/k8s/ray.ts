/**
 * Builders for KubeRay objects (`ray.io/v1`, KubeRay 1.x; fields checked against
 * the v1.7.0 CRDs). Pure functions returning plain objects.
 */
import { writeYaml } from './yaml-writer';
import { K8sObject, Labels, PodTemplateSpec } from './types';

/** The head group of a Ray cluster. */
export interface RayHeadGroupSpec {
  /**
   * `ray start` parameters.
   * @default {}
   */
  readonly rayStartParams?: Readonly<Record<string, string>>;
  /** Pod template of the head. */
  readonly template: PodTemplateSpec;
}

/** A worker group. A multi-host TPU replica is `numOfHosts` pods scheduled together. */
export interface RayWorkerGroupSpec {
  /** Group name, e.g. `tpu-group`. */
  readonly groupName: string;
  /**
   * Replicas (each one `numOfHosts` pods).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Lower bound for the autoscaler.
   * @default - replicas
   */
  readonly minReplicas?: number;
  /**
   * Upper bound for the autoscaler.
   * @default - replicas
   */
  readonly maxReplicas?: number;
  /**
   * Pods per replica (hosts of one multi-host TPU slice).
   * @default - omitted (KubeRay: 1)
   */
  readonly numOfHosts?: number;
  /**
   * `ray start` parameters.
   * @default {}
   */
  readonly rayStartParams?: Readonly<Record<string, string>>;
  /** Pod template of every worker. */
  readonly template: PodTemplateSpec;
}

/** Options of {@link rayService}. */
export interface RayServiceOptions {
  /** RayService name (KubeRay derives `<name>-head-svc` and `<name>-serve-svc`). */
  readonly name: string;
  /** Namespace of the RayService. */
  readonly namespace: string;
  /**
   * Labels of the RayService object.
   * @default {}
   */
  readonly labels?: Labels;
  /**
   * Annotations of the RayService object.
   * @default {}
   */
  readonly annotations?: Labels;
  /** The Ray Serve config: YAML text, or an object rendered to YAML text (see {@link serveConfigYaml}). */
  readonly serveConfigV2: string | Readonly<Record<string, unknown>>;
  /** The head group. */
  readonly headGroupSpec: RayHeadGroupSpec;
  /** The worker groups. */
  readonly workerGroupSpecs: readonly RayWorkerGroupSpec[];
  /**
   * Ray version of the image (KubeRay uses it for feature gates).
   * @default - omitted
   */
  readonly rayVersion?: string;
}

/** Renders a Ray Serve config (`http_options`, `applications`, ...) as the YAML text `serveConfigV2` holds. */
export function serveConfigYaml(config: Readonly<Record<string, unknown>>): string {
  return writeYaml(config);
}

function workerGroup(w: RayWorkerGroupSpec): Record<string, unknown> {
  const replicas = w.replicas ?? 1;
  return {
    groupName: w.groupName,
    replicas,
    minReplicas: w.minReplicas ?? replicas,
    maxReplicas: w.maxReplicas ?? replicas,
    ...(w.numOfHosts !== undefined ? { numOfHosts: w.numOfHosts } : {}),
    rayStartParams: { ...w.rayStartParams },
    template: w.template,
  };
}

/** A RayService: a Ray cluster plus the Serve applications KubeRay deploys onto it. */
export function rayService(o: RayServiceOptions): K8sObject {
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayService',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}), ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      serveConfigV2: typeof o.serveConfigV2 === 'string' ? o.serveConfigV2 : serveConfigYaml(o.serveConfigV2),
      rayClusterConfig: {
        ...(o.rayVersion ? { rayVersion: o.rayVersion } : {}),
        headGroupSpec: { rayStartParams: { ...o.headGroupSpec.rayStartParams }, template: o.headGroupSpec.template },
        workerGroupSpecs: o.workerGroupSpecs.map(workerGroup),
      },
    },
  };
}

/** Names of the Services KubeRay creates for a RayService `name`. */
export function rayServiceServices(name: string): { readonly head: string; readonly serve: string } {
  return { head: `${name}-head-svc`, serve: `${name}-serve-svc` };
}
