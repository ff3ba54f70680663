import { Construct } from 'constructs';
import { ClusterProviders, GkeCluster, GoogleProviders, TpuNetwork } from 'tpu-gke-cdktf';

/** Where the example stacks run: change these to your project, region and zone. */
export const EXAMPLE = {
  project: 'my-project',
  region: 'us-east5',
  /** A zone GKE lists for flex-start v6e (GKE "About flex-start provisioning mode"). */
  zone: 'us-east5-a',
} as const;

/** Providers, a VPC and a Standard cluster for one example stack. */
export function exampleCluster(scope: Construct, name: string): GkeCluster {
  GoogleProviders.configure(scope, { project: EXAMPLE.project, region: EXAMPLE.region });
  const network = new TpuNetwork(scope, 'Network', { region: EXAMPLE.region, namePrefix: name });
  const cluster = new GkeCluster(scope, 'Cluster', {
    name, project: EXAMPLE.project, location: EXAMPLE.region,
    network: network.network.id, subnetwork: network.tpuSubnet.id,
  });
  ClusterProviders.configure(scope, { cluster, baseDependencies: [cluster.systemNodePool] });
  return cluster;
}
