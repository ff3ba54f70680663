/**
 * Builders for Gateway API objects (`gateway.networking.k8s.io/v1`, standard
 * channel v1.6.1, managed by GKE) and the Gateway API Inference Extension
 * InferencePool (`inference.networking.k8s.io/v1`, GAIE v1.5.0). Pure functions
 * returning plain objects, shipped by a ManifestRelease.
 */
import { K8sObject, Labels } from './types';

/** API group of the Gateway API. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** API version of Gateway and HTTPRoute (standard channel). */
export const GATEWAY_API_VERSION = `${GATEWAY_API_GROUP}/v1`;
/** API group of the GA InferencePool. */
export const INFERENCE_API_GROUP = 'inference.networking.k8s.io';
/** API version of the GA InferencePool. */
export const INFERENCE_POOL_API_VERSION = `${INFERENCE_API_GROUP}/v1`;

/** One listener of a Gateway. */
export interface GatewayListener {
  /** Listener name (unique in the Gateway). */
  readonly name: string;
  /** Port. */
  readonly port: number;
  /** Protocol. */
  readonly protocol: 'HTTP' | 'HTTPS';
  /**
   * Namespaces whose routes may attach (`allowedRoutes.namespaces.from`).
   * @default - the Gateway API default (`Same`)
   */
  readonly allowRoutesFrom?: 'All' | 'Same';
}

/** Fields of a Gateway. */
export interface GatewayOptions {
  /** Gateway name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** GatewayClass, e.g. `gke-l7-rilb`. */
  readonly gatewayClassName: string;
  /** Listeners. */
  readonly listeners: readonly GatewayListener[];
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Labels;
}

/** A Gateway of a GatewayClass with the given listeners. */
export function gateway(o: GatewayOptions): K8sObject {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'Gateway',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      gatewayClassName: o.gatewayClassName,
      listeners: o.listeners.map((l) => ({
        name: l.name,
        port: l.port,
        protocol: l.protocol,
        ...(l.allowRoutesFrom ? { allowedRoutes: { namespaces: { from: l.allowRoutesFrom } } } : {}),
      })),
    },
  };
}

/** A backend of an HTTPRoute rule. */
export interface HttpRouteBackend {
  /** API group, e.g. `inference.networking.k8s.io` for an InferencePool; `""` for a Service. */
  readonly group: string;
  /** Kind, e.g. `InferencePool` or `Service`. */
  readonly kind: string;
  /** Object name. */
  readonly name: string;
  /**
   * Port (required for Services, optional for InferencePools).
   * @default - none
   */
  readonly port?: number;
  /**
   * Relative weight.
   * @default - none (the API treats it as 1)
   */
  readonly weight?: number;
}

/** Fields of a one-rule HTTPRoute. */
export interface HttpRouteOptions {
  /** Route name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** Gateway the route attaches to (same namespace unless `gatewayNamespace`). */
  readonly gatewayName: string;
  /**
   * Namespace of the Gateway.
   * @default - the route's namespace
   */
  readonly gatewayNamespace?: string;
  /** Path prefix the rule matches. */
  readonly pathPrefix: string;
  /** Backends of the rule. */
  readonly backends: readonly HttpRouteBackend[];
  /**
   * Request and backend-request timeouts (e.g. `0s`); not every GatewayClass supports them.
   * @default - none (the GatewayClass default)
   */
  readonly timeouts?: { readonly request?: string; readonly backendRequest?: string };
}

/** An HTTPRoute with one rule: a path prefix to the given backends. */
export function httpRoute(o: HttpRouteOptions): K8sObject {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'HTTPRoute',
    metadata: { name: o.name, namespace: o.namespace },
    spec: {
      parentRefs: [{
        group: GATEWAY_API_GROUP,
        kind: 'Gateway',
        name: o.gatewayName,
        ...(o.gatewayNamespace ? { namespace: o.gatewayNamespace } : {}),
      }],
      rules: [{
        backendRefs: o.backends.map((b) => ({
          group: b.group,
          kind: b.kind,
          name: b.name,
          ...(b.port !== undefined ? { port: b.port } : {}),
          ...(b.weight !== undefined ? { weight: b.weight } : {}),
        })),
        ...(o.timeouts ? { timeouts: { ...o.timeouts } } : {}),
        matches: [{ path: { type: 'PathPrefix', value: o.pathPrefix } }],
      }],
    },
  };
}

/** Fields of an InferencePool. */
export interface InferencePoolOptions {
  /** Pool name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** Labels of the model server pods. */
  readonly selector: Labels;
  /** Ports the model servers listen on (1 to 8). */
  readonly targetPorts: readonly number[];
  /** Service of the endpoint picker (EPP). */
  readonly endpointPickerService: string;
  /**
   * gRPC ext-proc port of the endpoint picker.
   * @default 9002
   */
  readonly endpointPickerPort?: number;
  /**
   * What the gateway does when the endpoint picker does not answer.
   * @default "FailOpen"
   */
  readonly failureMode?: 'FailOpen' | 'FailClose';
}

/** An InferencePool over the selected pods, with its endpoint picker. */
export function inferencePool(o: InferencePoolOptions): K8sObject {
  return {
    apiVersion: INFERENCE_POOL_API_VERSION,
    kind: 'InferencePool',
    metadata: { name: o.name, namespace: o.namespace },
    spec: {
      selector: { matchLabels: { ...o.selector } },
      targetPorts: o.targetPorts.map((number) => ({ number })),
      endpointPickerRef: {
        name: o.endpointPickerService,
        port: { number: o.endpointPickerPort ?? 9002 },
        failureMode: o.failureMode ?? 'FailOpen',
      },
    },
  };
}

/** The backend reference of an InferencePool, for {@link httpRoute}. */
export function inferencePoolBackend(name: string, o: { readonly port?: number; readonly weight?: number } = {}): HttpRouteBackend {
  return { group: INFERENCE_API_GROUP, kind: 'InferencePool', name, ...o };
}
