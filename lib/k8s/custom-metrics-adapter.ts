import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { Errors } from '../errors';
import { workloadIdentityPrincipal } from '../gcp/workload-identity-bucket-access';
import { IGkeCluster } from '../gke/gke-cluster';
import { ManifestRelease } from './manifest-release';
import { RemoteManifest } from './remote-manifest';

/**
 * The Custom Metrics - Stackdriver Adapter manifest (GoogleCloudPlatform/k8s-stackdriver,
 * `custom-metrics-stackdriver-adapter/deploy/production/adapter_new_resource_model.yaml`)
 * at the commit that set image v0.16.9-gke.0, with its SHA-256.
 */
export const CUSTOM_METRICS_ADAPTER_MANIFEST = {
  url: 'https://raw.githubusercontent.com/GoogleCloudPlatform/k8s-stackdriver/af49d863755c0535f598cfde9288ae9a75251d38/custom-metrics-stackdriver-adapter/deploy/production/adapter_new_resource_model.yaml',
  sha256: '093e3d6269013603ecc9d7f90c571b929b4fa8e63ccf135c036e243d708e75f5',
} as const;

/** Namespace and service account the adapter manifest creates. */
export const CUSTOM_METRICS_ADAPTER_IDENTITY = { namespace: 'custom-metrics', serviceAccount: 'custom-metrics-stackdriver-adapter' } as const;

/** Props of {@link CustomMetricsAdapter}. */
export interface CustomMetricsAdapterProps {
  /** Cluster (needs Workload Identity: the adapter reads Cloud Monitoring as its own Kubernetes service account). */
  readonly cluster: IGkeCluster;
  /**
   * Manifest to install (an immutable URL and its SHA-256).
   * @default CUSTOM_METRICS_ADAPTER_MANIFEST
   */
  readonly manifest?: { readonly url: string; readonly sha256: string };
  /**
   * Helm release name.
   * @default "custom-metrics-stackdriver-adapter"
   */
  readonly releaseName?: string;
}

/**
 * The Custom Metrics - Stackdriver Adapter, which serves Cloud Monitoring metrics
 * (including Managed Service for Prometheus metrics such as
 * `prometheus.googleapis.com|vllm:num_requests_waiting|gauge`) to
 * HorizontalPodAutoscalers through the custom and external metrics APIs. Installs
 * the pinned upstream manifest (read at plan time) and grants the adapter's
 * Kubernetes service account `roles/monitoring.viewer` through Workload Identity.
 * One per cluster.
 */
export class CustomMetricsAdapter extends Construct implements ITerraformDependable {
  public readonly release: ManifestRelease;
  public readonly viewer: ProjectIamMember;

  constructor(scope: Construct, id: string, props: CustomMetricsAdapterProps) {
    super(scope, id);
    if (!props.cluster.workloadPool) {
      throw Errors.missingProp('CustomMetricsAdapter', 'workloadIdentity', `cluster "${props.cluster.name}" has no Workload Identity pool`);
    }
    const source = props.manifest ?? CUSTOM_METRICS_ADAPTER_MANIFEST;
    const project = new DataGoogleProject(this, 'Project', { projectId: props.cluster.project });
    const { namespace, serviceAccount } = CUSTOM_METRICS_ADAPTER_IDENTITY;
    this.viewer = new ProjectIamMember(this, 'MonitoringViewer', {
      project: props.cluster.project,
      role: 'roles/monitoring.viewer',
      member: workloadIdentityPrincipal(project.number, props.cluster.workloadPool, namespace, serviceAccount),
      dependsOn: [props.cluster.dependable],
    });
    const manifest = new RemoteManifest(this, 'Manifest', { url: source.url, sha256: source.sha256 });
    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.cluster,
      releaseName: props.releaseName ?? 'custom-metrics-stackdriver-adapter',
      manifests: [manifest.body],
      dependsOn: [this.viewer],
    });
  }

  /** HPAs that read custom metrics wait for the adapter. */
  public get fqn(): string {
    return this.release.fqn;
  }
}
