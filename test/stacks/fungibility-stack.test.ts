import { Testing } from 'cdktf';
import { createStacks } from '../../stacks/app';
import { FungibilityStack, seedFungibilityTiers } from '../../stacks/fungibility';
import { CapacityTier } from '../../lib/serving/fungible/capacity-tier';
import { ServiceExposure } from '../../lib/k8s/service-exposure';
import { addressOf, errorOf, expectTokenOnlyInSecret, helmValues, Json, objectNamed, resourceNamed, resources, synth } from '../helpers/synth';

describe('fungibility stack (seed 004)', () => {
  const json = synth(new FungibilityStack(Testing.app(), 'fungibility'));

  test('environment enters as Terraform variables with the seed defaults', () => {
    expect(json.variable.project_id.default).toBeUndefined();
    expect(json.variable.zone.default).toBe('asia-northeast1-b');
    expect(json.locals.region).toBe('${element(regex("^(.+)-[^-]+$", var.zone), 0)}');
    expect(json.variable.namespace.default).toBe('default');
    expect([json.variable.tpu_image.default, json.variable.gpu_image.default]).toEqual(['', '']);
    expect(json.variable.hf_token).toMatchObject({ sensitive: true, default: '' });
    expect(json.variable.deletion_protection.default).toBe(true);
  });

  test('the cluster as the seed creates it: Standard, regional, Workload Identity, managed Prometheus with auto-monitoring ALL, image streaming, 1 node per zone', () => {
    const cluster = resourceNamed(json, 'google_container_cluster', 'tpu-gpu-fungibility');
    expect(cluster.location).toBe('${local.region}');
    expect(cluster.enable_autopilot).toBeUndefined();
    expect(cluster.workload_identity_config).toEqual({ workload_pool: '${var.project_id}.svc.id.goog' });
    expect(cluster.monitoring_config).toEqual({ managed_prometheus: { enabled: true, auto_monitoring_config: { scope: 'ALL' } } });
    expect(cluster.node_pool_defaults).toEqual({ node_config_defaults: { gcfs_config: { enabled: true } } });
    expect(cluster.release_channel).toEqual({ channel: 'REGULAR' });
    expect(cluster.deletion_protection).toBe('${var.deletion_protection}');
    // No add-ons flag in the seed: no addons_config (the provider rejects an empty one), GKE's defaults stay.
    expect(cluster).not.toHaveProperty('addons_config');
    // The Regular default (the seed sets no version); custom ComputeClasses' minimum is a precondition.
    expect(cluster.min_master_version).toBeUndefined();
    expect(cluster.lifecycle.precondition.map((c: Json) => c.error_message.split(' needs ')[0])).toEqual(['custom ComputeClasses']);
    const system = resourceNamed(json, 'google_container_node_pool', 'system-pool');
    expect([system.node_count, system.node_config.machine_type, system.node_locations]).toEqual([1, 'e2-medium', undefined]);
  });

  test('the three tier pools in the zone variable, and the ComputeClass vllm-fallback that prefers them in order', () => {
    const pools = ['v6e-1', 'l4-spot', 'l4'].map((n) => resourceNamed(json, 'google_container_node_pool', n));
    expect(pools.map((p) => [p.node_config.machine_type, p.node_locations, p.autoscaling, p.initial_node_count, p.node_config.preemptible])).toEqual([
      ['ct6e-standard-1t', ['${var.zone}'], { min_node_count: 1, max_node_count: 2 }, 1, undefined],
      ['g2-standard-4', ['${var.zone}'], { min_node_count: 0, max_node_count: 2 }, 1, true],
      ['g2-standard-4', ['${var.zone}'], { min_node_count: 1, max_node_count: 2 }, 1, undefined],
    ]);
    for (const p of pools) {
      expect(p.node_config.labels).toEqual({ 'cloud.google.com/compute-class': 'vllm-fallback' });
      expect(p.node_config.taint).toEqual([{ key: 'cloud.google.com/compute-class', value: 'vllm-fallback', effect: 'NO_SCHEDULE' }]);
    }
    expect(pools[1].node_config.guest_accelerator).toEqual([{ type: 'nvidia-l4', count: 1, gpu_driver_installation_config: { gpu_driver_version: 'LATEST' } }]);
    expect(objectNamed(json, 'ComputeClass', 'vllm-fallback').spec.priorities).toEqual([{ nodepools: ['v6e-1'] }, { nodepools: ['l4-spot'] }, { nodepools: ['l4'] }]);
  });

  test('Artifact Registry repo docker-repo in the region; the images default to vllm-fungibility:TPU|GPU there', () => {
    const [[, repo], ...others] = resources(json, 'google_artifact_registry_repository');
    expect(others).toEqual([]);
    expect([repo.repository_id, repo.location, repo.format]).toEqual(['docker-repo', '${local.region}', 'DOCKER']);
  });

  test('hf-secret, the vllm Deployment with both containers and vllm-service (internal LoadBalancer 80 -> 8000) in the namespace variable', () => {
    expect(resourceNamed(json, 'kubernetes_secret_v1', 'hf-secret').data_wo).toEqual({ hf_api_token: '${var.hf_token}' });
    const d = objectNamed(json, 'Deployment', 'vllm');
    expect(d.metadata.namespace).toBe('${jsonencode(var.namespace)}');
    expect(d.spec.template.spec.containers.map((c: any) => [c.name, c.image])).toEqual([
      ['vllm-gpu', '${jsonencode(coalesce(var.gpu_image, local.default_gpu_image))}'],
      ['vllm-tpu', '${jsonencode(coalesce(var.tpu_image, local.default_tpu_image))}'],
    ]);
    expect(json.locals.default_tpu_image).toBe('${local.region}-docker.pkg.dev/${var.project_id}/docker-repo/vllm-fungibility:TPU');
    expect(json.locals.default_gpu_image).toBe('${local.region}-docker.pkg.dev/${var.project_id}/docker-repo/vllm-fungibility:GPU');
    expect(objectNamed(json, 'Service', 'vllm-service').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8000, protocol: 'TCP' }]);
    // Deviation from the seed (public LoadBalancer): GKE's internal passthrough load balancer.
    expect(objectNamed(json, 'Service', 'vllm-service').metadata.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
    expect(objectNamed(json, 'Service', 'vllm-service').spec.loadBalancerSourceRanges).toBeUndefined();
    expect(helmValues(json, 'vllm').objects.map((o: any) => o.kind)).toEqual(['Deployment']);
    expect(helmValues(json, 'vllm-service').objects.map((o: any) => o.kind)).toEqual(['Service']);
  });

  test('no autoscaling objects, adapter, http reads or kubernetes_manifest by default', () => {
    expect(resources(json, 'helm_release').map(([, r]) => r.name).sort()).toEqual(['compute-class-vllm-fallback', 'gmp-scrape-configs', 'vllm', 'vllm-service']);
    expect(json.data?.http).toBeUndefined();
    // The only project roles: the node service account's least-privilege node role.
    expect(resources(json, 'google_project_iam_member').map(([, m]) => m.role)).toEqual(['roles/container.defaultNodeServiceAccount']);
    expect(json.resource.kubernetes_manifest).toBeUndefined();
  });

  test('provider constraints: no escape hatches', () => {
    expect(json.terraform.required_providers).toEqual({
      google: { source: 'hashicorp/google', version: '>= 6.50.0, < 8.0.0' },
      kubernetes: { source: 'hashicorp/kubernetes', version: '>= 2.38.0, < 3.0.0' },
      helm: { source: 'hashicorp/helm', version: '>= 3.1.1, < 4.0.0' },
    });
    expect(json['//']?.tpu_gke_escape_hatches ?? []).toEqual([]);
  });

  test('outputs: credentials, image URIs and the Service IP command', () => {
    expect(json.output.get_credentials.value).toBe('gcloud container clusters get-credentials tpu-gpu-fungibility --location ${local.region} --project ${var.project_id}');
    expect(json.output.tpu_image_uri.value).toBe('${coalesce(var.tpu_image, local.default_tpu_image)}');
    expect(json.output.service_ip_command.value).toBe("kubectl get service vllm-service -n ${var.namespace} -o jsonpath='{.status.loadBalancer.ingress[0].ip}'");
    expect(json.output.service_ip_command.description).toBe('Prints the internal IP of the vLLM Service (port 80, reachable from inside the VPC only).');
  });

  test('the app synthesizes it', () => {
    expect(createStacks(Testing.app()).map((s) => s.node.id)).toContain('fungibility');
  });
});

describe('fungibility stack options', () => {
  test('an external Service only with source ranges; NetworkPolicies for the namespace on request', () => {
    const json = synth(new FungibilityStack(Testing.app(), 'fungibility', {
      exposure: ServiceExposure.externalLoadBalancer({ sourceRanges: ['203.0.113.0/24'] }), networkPolicyAllowFrom: ['10.128.0.0/9'],
    }));
    const svc = objectNamed(json, 'Service', 'vllm-service');
    expect([svc.metadata.annotations, svc.spec.type, svc.spec.loadBalancerSourceRanges]).toEqual([undefined, 'LoadBalancer', ['203.0.113.0/24']]);
    expect(json.output.service_ip_command.description).toBe('Prints the external IP of the vLLM Service (port 80, open to the configured source ranges only).');
    expect(helmValues(json, 'network-policy').objects.map((o: any) => [o.metadata.name, o.metadata.namespace])).toEqual([
      ['default-deny-ingress', '${jsonencode(var.namespace)}'], ['allow-same-namespace', '${jsonencode(var.namespace)}'], ['allow-load-balancers', '${jsonencode(var.namespace)}'],
    ]);
    expect(objectNamed(json, 'NetworkPolicy', 'allow-load-balancers').spec.ingress[0].from[0]).toEqual({ ipBlock: { cidr: '10.128.0.0/9' } });
  });

  test('autoscaling adds the adapter (pinned manifest, IAM), the PodMonitoring and the HPA, and the Deployment waits for the adapter', () => {
    const json = synth(new FungibilityStack(Testing.app(), 'fungibility', { autoscaling: true }));
    expect(resources(json, 'helm_release').map(([, r]) => r.name).sort()).toEqual(['compute-class-vllm-fallback', 'custom-metrics-stackdriver-adapter', 'vllm', 'vllm-service']);
    expect(helmValues(json, 'vllm').objects.map((o: any) => o.kind)).toEqual(['Deployment', 'PodMonitoring', 'HorizontalPodAutoscaler']);
    expect(objectNamed(json, 'HorizontalPodAutoscaler', 'vllm-hpa').spec.maxReplicas).toBe(6);
    expect(objectNamed(json, 'Deployment', 'vllm').spec.replicas).toBeUndefined();
    expect(resourceNamed(json, 'helm_release', 'vllm').depends_on).toContain(addressOf(json, 'helm_release', 'custom-metrics-stackdriver-adapter'));
    expect(json.terraform.required_providers.http).toEqual({ source: 'hashicorp/http', version: '>= 3.4.0, < 4.0.0' });
  });

  test('an existing hf-secret, other tiers, names and active migration', () => {
    const json = synth(new FungibilityStack(Testing.app(), 'fungibility', {
      existingHfSecret: true, clusterName: 'fungible', computeClassName: 'qwen-fallback', activeMigration: true, replicas: 2,
      tiers: [CapacityTier.gpu({ name: 'l4', machineType: 'g2-standard-4', autoscaling: { minNodes: 0, maxNodes: 3 } }), ...seedFungibilityTiers().slice(0, 1)],
    }));
    expect(json.resource.kubernetes_secret_v1).toBeUndefined();
    expect(objectNamed(json, 'ComputeClass', 'qwen-fallback').spec).toEqual({
      activeMigration: { optimizeRulePriority: true }, priorities: [{ nodepools: ['l4'] }, { nodepools: ['v6e-1'] }], whenUnsatisfiable: 'DoNotScaleUp',
    });
    expect(objectNamed(json, 'Deployment', 'vllm').spec.replicas).toBe(2);
    expect(resourceNamed(json, 'google_container_cluster', 'fungible')).toBeDefined();
  });

  test('bad tiers fail at synth time', () => {
    expect(errorOf(() => new FungibilityStack(Testing.app(), 'bad', { tiers: [...seedFungibilityTiers(), ...seedFungibilityTiers().slice(2)] }))).toBe(
      'capacity tier name "l4" is used twice. Allowed: unique names. Fix: rename one of the capacity tiers');
  });

  test('a canary token passed as TF_VAR_hf_token never reaches the output', () => {
    expectTokenOnlyInSecret((app) => new FungibilityStack(app, 'fungibility', { autoscaling: true }), 'hf-secret', 'hf_api_token');
  });
});
