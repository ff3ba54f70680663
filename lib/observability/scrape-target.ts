/**
 * What managed collection scrapes, as data, and the `monitoring.googleapis.com/v1`
 * objects that make it scrape it (schema: schemas/k8s/gmp-v0.17.2).
 */
import { Errors } from '../errors';
import { K8sObject, Labels } from '../k8s/types';
import { NameRules, validateName } from '../util/names';

/** A token Secret in the target's namespace that managed collection sends as a bearer token. */
export interface BearerTokenSecret {
  /** Secret name. */
  readonly name: string;
  /**
   * Key of the token in the Secret.
   * @default "token"
   */
  readonly key?: string;
}

/** One set of pods to scrape: becomes a PodMonitoring whose name is the `job` label of the series. */
export interface ScrapeTarget {
  /** PodMonitoring name; Cloud Monitoring labels the series with `job="<name>"`. */
  readonly name: string;
  /** Namespace of the pods (and of the PodMonitoring). */
  readonly namespace: string;
  /** Pod labels to select. */
  readonly selector: Labels;
  /** Container port name or number of the metrics endpoint. */
  readonly port: number | string;
  /**
   * HTTP path of the metrics.
   * @default "/metrics"
   */
  readonly path?: string;
  /**
   * Scrape interval (Prometheus duration).
   * @default "30s"
   */
  readonly interval?: string;
  /**
   * `https` for endpoints served with TLS.
   * @default "http"
   */
  readonly scheme?: 'http' | 'https';
  /**
   * Skip verification of the endpoint's certificate (self-signed serving certificates).
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
  /**
   * Bearer token for endpoints behind Kubernetes authn/authz.
   * @default - none
   */
  readonly bearerToken?: BearerTokenSecret;
}

const DURATION = /^([0-9]+(ms|s|m|h))+$/;

/** The PodMonitoring of `target`. Throws on an invalid name, port or interval. */
export function podMonitoringFor(target: ScrapeTarget, labels?: Labels): K8sObject {
  validateName(NameRules.K8S_DNS_SUBDOMAIN, target.name, 'PodMonitoring');
  validateName(NameRules.K8S_DNS_LABEL, target.namespace, 'Kubernetes namespace');
  if (typeof target.port === 'number' && (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535)) {
    throw Errors.outOfRange(`PodMonitoring "${target.name}" port`, target.port, '1-65535', 'pass the container port of the metrics endpoint');
  }
  if (Object.keys(target.selector).length === 0) {
    throw Errors.missingProp(`PodMonitoring "${target.name}"`, 'selector', 'an empty selector would scrape every pod of the namespace');
  }
  const interval = target.interval ?? '30s';
  if (!DURATION.test(interval)) {
    throw Errors.invalidValue(`PodMonitoring "${target.name}" interval`, interval, ['a Prometheus duration such as 15s, 30s, 1m'], 'write the interval with a unit');
  }
  const endpoint: Record<string, unknown> = {
    port: target.port,
    path: target.path ?? '/metrics',
    interval,
    ...(target.scheme ? { scheme: target.scheme } : {}),
    ...(target.insecureSkipVerify ? { tls: { insecureSkipVerify: true } } : {}),
    ...(target.bearerToken ? {
      authorization: { type: 'Bearer', credentials: { secret: { name: target.bearerToken.name, key: target.bearerToken.key ?? 'token' } } },
    } : {}),
  };
  return {
    apiVersion: 'monitoring.googleapis.com/v1',
    kind: 'PodMonitoring',
    metadata: { name: target.name, namespace: target.namespace, ...(labels ? { labels: { ...labels } } : {}) },
    spec: { selector: { matchLabels: { ...target.selector } }, endpoints: [endpoint] },
  };
}

/** Props of {@link metricsReaderObjects}. */
export interface MetricsReaderOptions {
  /** Name of the service account, its token Secret (`<name>-token`) and the bindings. */
  readonly name: string;
  /** Namespace of the scraped pods (the Secret must be in the PodMonitoring's namespace). */
  readonly namespace: string;
  /** ClusterRole granting `get` on the `/metrics` non-resource URL (e.g. Kueue's `kueue-metrics-reader`). */
  readonly clusterRole: string;
  /**
   * Namespace of the managed collector (`gmp-system`; `gke-gmp-system` on Autopilot).
   * @default "gmp-system"
   */
  readonly collectorNamespace?: string;
}

/**
 * A service account allowed to read `/metrics`, its token Secret (filled in by
 * the cluster: nothing secret is synthesized), and read access to that Secret
 * for the managed collector, which sends the token as a bearer token.
 */
export function metricsReaderObjects(o: MetricsReaderOptions): { objects: K8sObject[]; token: BearerTokenSecret } {
  const secretName = `${o.name}-token`;
  const collectorNamespace = o.collectorNamespace ?? 'gmp-system';
  const objects: K8sObject[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: o.name, namespace: o.namespace } },
    {
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
      metadata: { name: secretName, namespace: o.namespace, annotations: { 'kubernetes.io/service-account.name': o.name } },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding',
      metadata: { name: `${o.namespace}-${o.name}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: o.clusterRole },
      subjects: [{ kind: 'ServiceAccount', name: o.name, namespace: o.namespace }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role',
      metadata: { name: `${o.name}-token-read`, namespace: o.namespace },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [secretName], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
      metadata: { name: `${o.name}-token-read-collector`, namespace: o.namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${o.name}-token-read` },
      subjects: [{ kind: 'ServiceAccount', name: 'collector', namespace: collectorNamespace }],
    },
  ];
  return { objects, token: { name: secretName, key: 'token' } };
}
