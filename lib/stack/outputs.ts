import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { IGkeCluster } from '../gke/gke-cluster';

/** Stack outputs every scenario shares: the cluster and the command that fetches its credentials. */
export function clusterOutputs(scope: Construct, cluster: IGkeCluster): void {
  new TerraformOutput(scope, 'cluster_name', { value: cluster.name, description: 'GKE cluster name.' });
  new TerraformOutput(scope, 'cluster_location', { value: cluster.location, description: 'Region or zone of the cluster.' });
  new TerraformOutput(scope, 'get_credentials', {
    value: `gcloud container clusters get-credentials ${cluster.name} --location ${cluster.location} --project ${cluster.project}`,
    description: 'Configures kubectl for the cluster.',
  });
}

/** Output `gateway_address_command`: the kubectl command that prints the address of the inference gateway. */
export function gatewayAddressOutput(scope: Construct, gatewayName: string, namespace: string, description: string): void {
  new TerraformOutput(scope, 'gateway_address_command', {
    value: `kubectl get gateway ${gatewayName} -n ${namespace} -o jsonpath='{.status.addresses[0].value}'`,
    description,
  });
}
