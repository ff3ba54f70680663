/**
 * Small hand-written synthesized stacks (cdk.tf.json shape) and trees on disk,
 * for the summary, diff and comment tests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type Json = Record<string, any>;

/** Diagram text with the non-breaking hyphens (U+2011) and spaces (U+00A0) of its labels as plain ones, for exact comparisons. */
export function plain(text: string): string {
  return text.replace(/\u2011/g, '-').replace(/\u00a0/g, ' ');
}

const meta = (p: string): Json => ({ metadata: { path: p, uniqueId: p } });

/** Values of a carrier-chart release holding `objects` (YAML as the library renders it). */
function carrierValues(yaml: string): string[] {
  return [yaml];
}

export interface FixtureOptions {
  /** Node count of the v6e 4x4 pool (a multi-host slice is 4 VMs). @default 4 */
  readonly v6eNodes?: number;
  /** Add a second v6e multi-host pool. @default false */
  readonly secondSlice?: boolean;
  /** Image of the vLLM container. @default "vllm/vllm-tpu:v0.11.1" */
  readonly vllmImage?: string;
  /** Replicas of the Deployment. @default 1 */
  readonly replicas?: number;
}

/**
 * A v6e serving stack: network + cluster, a 4x4 multi-host pool (COMPACT,
 * specific reservation), an autoscaled single-host pool, an L4 spot pool, a
 * system pool, a pinned chart with a floating image tag in its values, and a
 * carrier release with a Deployment, a LoadBalancer Service and a Gateway.
 */
export function servingStack(options: FixtureOptions = {}): Json {
  const pool = (id: string, name: string, body: Json): Json => ({
    [id]: { '//': meta(`s/${id}`), cluster: '${google_container_cluster.Cluster_ABCDEF01.id}', name, ...body },
  });
  const vllm = options.vllmImage ?? 'vllm/vllm-tpu:v0.11.1';
  return {
    '//': {
      metadata: { backend: 'local', stackName: 'serving', version: '0.21.0' },
      tpu_gke_escape_hatches: [{
        address: 'google_container_node_pool.Slice_0A1B2C3D', field: 'network_config.accelerator_network_profile',
        id: 'node-pool-accelerator-network-profile', minimum_version: '7.31.0', provider: 'google', reason: 'managed DRANET',
      }],
    },
    terraform: {
      backend: { gcs: { bucket: 'tf-state', prefix: 'tpu-gke/serving' } },
      required_providers: {
        google: { source: 'hashicorp/google', version: '>= 7.31.0, < 8.0.0' },
        helm: { source: 'hashicorp/helm', version: '>= 3.1.1, < 4.0.0' },
      },
      required_version: '>= 1.11.0',
    },
    variable: {
      project_id: { type: 'string', description: 'Project.', nullable: false },
      zone: { type: 'string', default: 'us-east5-b', description: 'Zone.', nullable: false },
      namespace: { type: 'string', default: 'serving', description: 'Namespace.', nullable: false },
      hf_token: { type: 'string', default: '', sensitive: true, description: 'Token.', nullable: false },
    },
    locals: { region: '${element(regex("^(.+)-[^-]+$", var.zone), 0)}' },
    provider: {
      google: [{ project: '${var.project_id}', region: '${local.region}' }],
      helm: [{ kubernetes: { host: 'https://${google_container_cluster.Cluster_ABCDEF01.endpoint}' } }],
    },
    data: {
      google_client_config: { Config_11111111: { '//': meta('s/Config') } },
    },
    resource: {
      google_compute_network: { Network_22222222: { '//': meta('s/Network'), name: 'serving-main', mtu: 8896 } },
      google_compute_subnetwork: {
        Subnet_33333333: { '//': meta('s/Subnet'), name: 'serving-tpu', ip_cidr_range: '10.10.0.0/18', network: '${google_compute_network.Network_22222222.id}' },
      },
      google_container_cluster: {
        Cluster_ABCDEF01: {
          '//': meta('s/Cluster'), name: 'serving-cluster', location: '${local.region}',
          network: '${google_compute_network.Network_22222222.id}', subnetwork: '${google_compute_subnetwork.Subnet_33333333.id}',
        },
      },
      google_container_node_pool: {
        ...pool('System_44444444', 'system-pool', { location: '${local.region}', node_count: 1, node_config: { machine_type: 'e2-standard-4' } }),
        ...pool('Slice_0A1B2C3D', 'v6e-slice', {
          location: '${local.region}', node_locations: ['${var.zone}'], node_count: options.v6eNodes ?? 4,
          placement_policy: { type: 'COMPACT', tpu_topology: '4x4' },
          node_config: {
            machine_type: 'ct6e-standard-4t',
            reservation_affinity: {
              consume_reservation_type: 'SPECIFIC_RESERVATION', key: 'compute.googleapis.com/reservation-name',
              values: ['projects/${var.project_id}/reservations/v6e-res'],
            },
          },
        }),
        ...(options.secondSlice ? pool('Slice2_5A5B5C5D', 'v6e-slice-2', {
          location: '${local.region}', node_locations: ['${var.zone}'], node_count: 4,
          placement_policy: { type: 'COMPACT', tpu_topology: '4x4' }, node_config: { machine_type: 'ct6e-standard-4t' },
        }) : {}),
        ...pool('Single_55555555', 'v6e-single', {
          location: '${local.region}', node_locations: ['${var.zone}'], initial_node_count: 1,
          autoscaling: { min_node_count: 1, max_node_count: 2 }, node_config: { machine_type: 'ct6e-standard-1t' },
        }),
        ...pool('L4_66666666', 'l4-spot', {
          location: '${local.region}', node_locations: ['${var.zone}'], autoscaling: { min_node_count: 0, max_node_count: 2 },
          node_config: { machine_type: 'g2-standard-4', spot: true, guest_accelerator: [{ type: 'nvidia-l4', count: 1 }] },
        }),
      },
      kubernetes_namespace_v1: {
        Ns_77777777: { '//': meta('s/Ns'), metadata: { name: '${var.namespace}' }, depends_on: ['google_container_node_pool.System_44444444'] },
      },
      helm_release: {
        Kueue_88888888: {
          '//': meta('s/Kueue'), name: 'kueue', chart: 'kueue', repository: 'oci://registry.k8s.io/kueue/charts', version: '0.17.4',
          namespace: 'kueue-system', provider: 'helm', depends_on: ['google_container_node_pool.System_44444444'],
          values: ['controllerManager:\n  manager:\n    image:\n      repository: registry.k8s.io/kueue/kueue\n      tag: latest\n'],
        },
        Serving_99999999: {
          '//': meta('s/Serving'), name: 'serving', chart: './assets/K8sObjectsChart_Asset_1/ABC', namespace: '${var.namespace}', provider: 'helm',
          depends_on: ['helm_release.Kueue_88888888', 'kubernetes_namespace_v1.Ns_77777777', 'google_container_node_pool.Slice_0A1B2C3D'],
          values: carrierValues([
            'objects:',
            '  - apiVersion: apps/v1',
            '    kind: Deployment',
            '    metadata:',
            '      name: vllm',
            '      namespace: ${jsonencode(var.namespace)}',
            '    spec:',
            `      replicas: ${options.replicas ?? 1}`,
            '      template:',
            '        spec:',
            '          initContainers:',
            '            - name: fetch',
            '              image: busybox',
            '              command: ["sh", "-c", "echo $${HOME}"]',
            '          containers:',
            '            - name: vllm',
            `              image: ${vllm}`,
            '  - apiVersion: v1',
            '    kind: Service',
            '    metadata:',
            '      name: vllm-service',
            '      namespace: ${jsonencode(var.namespace)}',
            '    spec:',
            '      type: LoadBalancer',
            '      ports:',
            '        - port: 80',
            '          targetPort: 8000',
            'manifests: []',
            '',
          ].join('\n')),
        },
        Gateway_AAAAAAAA: {
          '//': meta('s/Gateway'), name: 'gateway', chart: './assets/K8sObjectsChart_Asset_1/ABC', namespace: 'default', provider: 'helm',
          depends_on: ['helm_release.Serving_99999999'],
          values: ['objects:\n  - apiVersion: gateway.networking.k8s.io/v1\n    kind: Gateway\n    metadata:\n      name: inference-gateway\n    spec:\n      gatewayClassName: gke-l7-rilb\nmanifests: []\n'],
        },
      },
    },
  };
}

/** Writes stacks as a cdktf.out tree (manifest.json + stacks/<name>/cdk.tf.json) and returns its directory. */
export function writeTree(stacks: Record<string, Json>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-tree-'));
  const manifest: Json = { stacks: {}, version: '0.21.0' };
  for (const [name, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json, null, 2));
    manifest.stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}` };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}
