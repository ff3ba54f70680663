/**
 * Every synth-time validation error of the library, in one place.
 *
 * Each factory returns (does not throw) a {@link TpuGkeError} whose message names
 * the offending value, what is allowed, and how to fix it:
 *
 *     <subject> "<value>" <problem>. Allowed: <allowed>. Fix: <fix>
 *
 * Callers write `throw Errors.unknownMachineType(...)`. Tests assert on the exact
 * messages, so treat their wording as API.
 */
import { closestMatches, formatList } from './util/strings';

/** A synth-time validation failure. `code` is stable and meant for programmatic checks. */
export class TpuGkeError extends Error {
  public readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'TpuGkeError';
    this.code = code;
  }
}

function error(code: string, subject: string, problem: string, allowed: string, fix: string): TpuGkeError {
  return new TpuGkeError(code, `${subject} ${problem}. Allowed: ${allowed}. Fix: ${fix}`);
}

function suggestion(value: string, candidates: readonly string[]): string {
  const close = closestMatches(value, candidates);
  return close.length ? ` (did you mean ${formatList(close)}?)` : '';
}

/** Factories of every synth-time error of the library (see {@link TpuGkeError}); each returns the error for the caller to throw. */
export const Errors = {
  // ---------------------------------------------------------------- TPU catalog
  unknownMachineType(value: string, known: readonly string[]): TpuGkeError {
    return error('UNKNOWN_MACHINE_TYPE', `TPU machine type "${value}"`,
      `is not in the catalog${suggestion(value, known)}`, formatList(known),
      'use one of the listed GKE TPU machine types');
  },

  unknownGeneration(value: string, known: readonly string[]): TpuGkeError {
    return error('UNKNOWN_GENERATION', `TPU generation "${value}"`,
      `is not in the catalog${suggestion(value, known)}`, formatList(known),
      'use one of the listed generations');
  },

  malformedTopology(value: string): TpuGkeError {
    return error('MALFORMED_TOPOLOGY', `TPU topology "${value}"`,
      'is not of the form AxB or AxBxC with positive integers', 'e.g. "2x2", "4x4", "2x2x1", "4x4x4"',
      'write the topology as chip counts per dimension joined by "x"');
  },

  topologyDimensions(value: string, generation: string, dims: number): TpuGkeError {
    return error('TOPOLOGY_DIMENSIONS', `TPU topology "${value}"`,
      `has the wrong number of dimensions for ${generation}`, `${dims}-dimensional topologies`,
      `write a ${dims === 2 ? 'AxB (e.g. "4x4")' : 'AxBxC (e.g. "2x2x2")'} topology`);
  },

  topologyInvalidForGeneration(value: string, generation: string, candidates: readonly string[], allowed: string): TpuGkeError {
    return error('TOPOLOGY_INVALID_FOR_GENERATION', `TPU topology "${value}"`,
      `is not a valid ${generation} multi-host topology${suggestion(value, candidates)}`, allowed,
      `pick one of the ${generation} topologies GKE supports`);
  },

  topologyDoesNotFitMachineType(value: string, machineType: string, allowed: readonly string[]): TpuGkeError {
    return error('TOPOLOGY_MACHINE_TYPE_MISMATCH', `TPU topology "${value}"`,
      `cannot be built from ${machineType} VMs`, formatList(allowed),
      `use a topology listed for ${machineType}, or a machine type whose chips per VM fit "${value}"`);
  },

  singleHostTopologyRejected(value: string, machineType: string): TpuGkeError {
    return error('SINGLE_HOST_TOPOLOGY_REJECTED', `TPU topology "${value}"`,
      `on a single-host ${machineType} pool is rejected by GKE`, 'no topology on this single-host pool',
      'omit the topology; the machine type alone defines the single-host slice');
  },

  nodeCountMismatch(nodeCount: number, topology: string, machineType: string, expected: number): TpuGkeError {
    return error('NODE_COUNT_MISMATCH', `Node count ${nodeCount}`,
      `does not match topology "${topology}" on ${machineType}`, `${expected} (chips in the topology / chips per VM)`,
      `set the node count to ${expected} or omit it to derive it from the topology`);
  },

  placementNotSupported(machineType: string, placement: string, allowed: string): TpuGkeError {
    return error('PLACEMENT_NOT_SUPPORTED', `Placement "${placement}"`,
      `is not supported for ${machineType} pools`, allowed,
      'use the placement the catalog prescribes for this generation');
  },

  workloadPolicyRequired(machineType: string, topology: string): TpuGkeError {
    return error('WORKLOAD_POLICY_REQUIRED', `Multi-host ${machineType} pool with topology "${topology}"`,
      'has no workload policy; GKE rejects compact placement for this generation',
      'a WorkloadPolicy whose acceleratorTopology is the pool topology',
      'pass `workloadPolicy` (e.g. a SuperslicePool creates one)');
  },

  workloadPolicyMismatch(policyTopology: string, poolTopology: string): TpuGkeError {
    return error('WORKLOAD_POLICY_MISMATCH', `Workload policy topology "${policyTopology}"`,
      `does not match the pool topology "${poolTopology}"`, `"${poolTopology}"`,
      'create the workload policy with the same accelerator topology as the pool');
  },

  workloadPolicyOnSingleHost(machineType: string): TpuGkeError {
    return error('WORKLOAD_POLICY_ON_SINGLE_HOST', `Workload policy on a single-host ${machineType} pool`,
      'is rejected by GKE', 'workload policies on multi-host pools only',
      'remove `workloadPolicy` or use a multi-host topology');
  },

  // ------------------------------------------------------- dynamic slicing
  invalidSliceTopology(value: string, allowed: readonly string[]): TpuGkeError {
    return error('INVALID_SLICE_TOPOLOGY', `Slice topology "${value}"`,
      `is not a tpu7x dynamic-slicing topology${suggestion(value, allowed)}`, formatList(allowed),
      'request one of the sub-slice or super-slice topologies');
  },

  podsDoNotCoverSlice(name: string, pods: number, chipsPerPod: number, sliceTopology: string, sliceChips: number): TpuGkeError {
    return error('PODS_DO_NOT_COVER_SLICE', `Workload "${name}"`,
      `runs ${pods} pods x ${chipsPerPod} chips = ${pods * chipsPerPod} chips on a ${sliceTopology} slice of ${sliceChips} chips`,
      `pods x chips per pod = ${sliceChips}`,
      `use ${sliceChips / chipsPerPod} pods of ${chipsPerPod} chips (one pod per TPU VM)`);
  },

  // ------------------------------------------------------- generic TPU workloads
  sliceTopologyMismatch(what: string, topology: string, platform: string, platformTopology: string): TpuGkeError {
    return error('SLICE_TOPOLOGY_MISMATCH', `${what} topology "${topology}"`,
      `is not the slice ${platform} provides ("${platformTopology}")`, `"${platformTopology}"`,
      `omit \`topology\` (the platform's slice is used), or run the workload on node pools of "${topology}" slices`);
  },

  tooManySlices(what: string, slices: number, topology: string, platform: string, available: number): TpuGkeError {
    return error('TOO_MANY_SLICES', `${what} replicas ${slices}`,
      `ask for ${slices} slices of ${topology} but ${platform} has ${available}`, `at most ${available}`,
      `lower \`replicas\` to ${available}, or add node pools of ${topology} slices (a TpuPoolGroup combines them)`);
  },

  jobSetPodNameInvalid(jobSet: string, podName: string, problem: string): TpuGkeError {
    return error('JOBSET_POD_NAME_INVALID', `JobSet "${jobSet}" pod name "${podName}"`, `${problem}, which the JobSet webhook rejects`,
      'DNS-1035 labels of at most 63 characters, starting with a letter: <jobset>-<replicated job>-<job index>-<pod index>-<5 random characters>',
      'shorten the JobSet name or `jobName`, or start the JobSet name with a letter');
  },

  workloadPlatformRejected(what: string, platform: string, problem: string, allowed: string, fix: string): TpuGkeError {
    return error('WORKLOAD_PLATFORM_REJECTED', `${what} platform ${platform}`, problem, allowed, fix);
  },

  tpuChipsPerPodMismatch(what: string, field: string, value: string, machineType: string, chipsPerVm: number): TpuGkeError {
    return error('TPU_CHIPS_PER_POD_MISMATCH', `${what} google.com/tpu ${field} "${value}"`,
      `is not the ${chipsPerVm} chips of a ${machineType} VM`, `"${chipsPerVm}" (one pod per TPU VM, using all of its chips)`,
      'remove google.com/tpu from the container resources (it is set from the catalog)');
  },

  capacityExceeded(what: string, requested: number, available: number, claims: readonly string[]): TpuGkeError {
    return error('CAPACITY_EXCEEDED', what,
      `needs ${requested} TPU chips but only ${available} remain${claims.length ? ` (already claimed: ${claims.join(', ')})` : ''}`,
      `at most ${available} chips`,
      'shrink the workload, add node pools (cubes), or remove another workload from the stack');
  },

  generationMismatch(what: string, wanted: string, available: string): TpuGkeError {
    return error('GENERATION_MISMATCH', what, `needs ${wanted} TPUs but the platform provides ${available}`,
      `"${available}"`, 'schedule it on a platform of the matching TPU generation');
  },

  gkeVersionTooOld(feature: string, version: string, minimum: string,
    fix = `choose a newer GKE version: GkeVersionSelection.pin("${minimum}") or later, a newer prefix, or channelLatest()`): TpuGkeError {
    return error('GKE_VERSION_TOO_OLD', `GKE version "${version}"`, `is too old for ${feature}`, `"${minimum}" or later`, fix);
  },

  malformedGkeVersion(value: string): TpuGkeError {
    return error('MALFORMED_GKE_VERSION', `GKE version "${value}"`, 'is not a GKE version string',
      'MAJOR.MINOR.PATCH-gke.BUILD (e.g. "1.36.0-gke.3712000")', 'copy the version from `gcloud container get-server-config`');
  },

  // ---------------------------------------------------------------- serving (Ray LLM)
  tensorParallelMismatch(name: string, value: number, sliceTopology: string, sliceChips: number): TpuGkeError {
    return error('TENSOR_PARALLEL_MISMATCH', `Tensor parallel size ${value} of "${name}"`,
      `does not use the ${sliceTopology} slice of ${sliceChips} chips`, `${sliceChips} (one shard per chip in the slice)`,
      `set tensorParallelSize to ${sliceChips}, or pick a topology with ${value} chips`);
  },

  nodePoolOnAutopilot(pool: string, cluster: string): TpuGkeError {
    return error('NODE_POOL_ON_AUTOPILOT', `Node pool "${pool}"`,
      `cannot be added to Autopilot cluster "${cluster}"`, 'node pools on GKE Standard clusters only',
      'on Autopilot select TPUs with a ComputeClass and pod nodeSelectors (TpuSliceTarget.computeClass) instead of a node pool');
  },

  namespaceMismatch(what: string, namespace: string, expected: string): TpuGkeError {
    return error('NAMESPACE_MISMATCH', `${what} in namespace "${namespace}"`,
      `cannot serve a workload in namespace "${expected}"`, `"${expected}"`,
      `bind the Kubernetes service account in "${expected}"`);
  },

  // ---------------------------------------------------------------- serving (P/D disaggregation)
  tensorParallelNotTensorCores(name: string, value: number, chipsPerReplica: number, generation: string, tensorCores: number): TpuGkeError {
    return error('TENSOR_PARALLEL_NOT_TENSOR_CORES', `Tensor parallel size ${value} of "${name}"`,
      `does not match its ${chipsPerReplica} ${generation} chips per replica (${tensorCores} TensorCores)`,
      `${tensorCores} (chips per replica x TensorCores per chip)`,
      `set the tensor parallel size to ${tensorCores}, or give each replica ${value} TensorCores`);
  },

  nodeSelectorMatchesNoPool(name: string, key: string, value: string, expected: string): TpuGkeError {
    return error('NODE_SELECTOR_MATCHES_NO_POOL', `Node selector ${key}="${value}" of "${name}"`,
      'matches no node pool of the platform', `"${expected}"`,
      `select "${expected}", or add node pools with ${key}="${value}"`);
  },

  replicaExceedsVm(name: string, chipsPerReplica: number, machineType: string, chipsPerVm: number): TpuGkeError {
    return error('REPLICA_EXCEEDS_VM', `Workload "${name}"`,
      `asks for ${chipsPerReplica} TPU chips per pod but a ${machineType} node has ${chipsPerVm}`,
      `a divisor of ${chipsPerVm}`, `request at most ${chipsPerVm} chips per pod, or use a machine type with more chips per VM`);
  },

  selectorMissesModelServers(pool: string, key: string, value: string, podLabels: string): TpuGkeError {
    return error('SELECTOR_MISSES_MODEL_SERVERS', `InferencePool "${pool}" selector ${key}="${value}"`,
      'matches none of the model server pods', `labels the model servers carry: ${podLabels}`,
      'add the label to the model servers, or select a label they carry');
  },

  selectorMatchesIdlePods(pool: string, selector: string, idle: string): TpuGkeError {
    return error('SELECTOR_MATCHES_IDLE_PODS', `InferencePool "${pool}" selector ${selector}`,
      `also matches model server pods that serve nothing (${idle})`, 'a selector that matches only the serving pods',
      'add a label only the serving pods carry (for LeaderWorkerSets: leaderworkerset.sigs.k8s.io/worker-index="0"), or omit the selector to use the model servers\' own');
  },

  routeDuplicatesRouterRoute(route: string, routerRoute: string): TpuGkeError {
    return error('ROUTE_DUPLICATES_ROUTER_ROUTE', `HTTPRoute "${route}"`,
      `would duplicate HTTPRoute "${routerRoute}", which the router's chart creates`,
      'no `route` with a router that creates its own HTTPRoute',
      'remove `route`, or use a router whose chart creates no HTTPRoute (PdRouter.inferencePool)');
  },

  pickerConfigNotPd(what: string, problems: readonly string[]): TpuGkeError {
    return error('PICKER_CONFIG_NOT_PD', `Endpoint picker config of ${what}`,
      `cannot schedule prefill/decode: ${problems.join('; ')}`,
      'prefill and decode profiles, prefill-filter and decode-filter plugins, references to declared plugins only',
      'declare every plugin a profile refers to and keep both P/D profiles');
  },

  proxySubnetRequired(gatewayClass: string): TpuGkeError {
    return error('PROXY_SUBNET_REQUIRED', `Gateway class "${gatewayClass}"`,
      'needs a proxy-only subnet in the region, but the network has none', 'a TpuNetwork with `proxySubnetCidr` set',
      'keep the TpuNetwork default proxy-only subnet (172.16.0.0/26) or pick a global Gateway class');
  },

  // ---------------------------------------------------------------- GPU + TPU fungibility
  computeClassMixesTpu(className: string, priority: number, rule: string): TpuGkeError {
    return error('COMPUTE_CLASS_MIXES_TPU', `ComputeClass "${className}" priority ${priority}`,
      `is a ${rule} rule in a class that has TPU rules, which GKE denies ("When using TPU config all rules need to have TPU or Nodepools config")`,
      'when any priority is a TPU rule (`tpu`, or a TPU machine type or family), every priority is a TPU rule or sets `nodepools`',
      'create the GPU capacity as a node pool on a GKE Standard cluster and list it with `nodepools` (FungibleComputeClass does this); Autopilot cannot mix TPU and GPU in one class');
  },

  computeClassNodepoolsNotAlone(className: string, priority: number, others: readonly string[]): TpuGkeError {
    return error('COMPUTE_CLASS_NODEPOOLS_NOT_ALONE', `ComputeClass "${className}" priority ${priority}`,
      `sets \`nodepools\` together with ${others.map((o) => `\`${o}\``).join(', ')}, which the ComputeClass CRD rejects`,
      '`nodepools` alone in its priority', 'move the other fields into a priority of their own, or configure them on the node pool');
  },

  fungibleOnAutopilot(className: string, cluster: string): TpuGkeError {
    return error('FUNGIBLE_ON_AUTOPILOT', `FungibleComputeClass "${className}"`,
      `cannot run on Autopilot cluster "${cluster}": GKE denies classes that mix TPU and GPU machine rules, so the tiers must be node pools`,
      'a GKE Standard cluster (GkeCluster)', 'create the cluster with GkeCluster; FungibleComputeClass then creates one node pool per tier');
  },

  noCapacityTiers(className: string): TpuGkeError {
    return error('NO_CAPACITY_TIERS', `FungibleComputeClass "${className}"`, 'has no capacity tiers',
      'one or more tiers, most preferred first', 'pass `tiers`, e.g. [CapacityTier.tpu(...), CapacityTier.gpu(...)]');
  },

  tierNotSingleHost(tier: string, topology: string, machineType: string, singleHost: string): TpuGkeError {
    return error('TIER_NOT_SINGLE_HOST', `Capacity tier "${tier}" topology "${topology}"`,
      `is not the single-host slice of ${machineType}; a fungible tier serves one replica per TPU VM`,
      `"${singleHost}" (or no topology)`,
      `omit the topology or set "${singleHost}"; for a larger slice pick a machine type with more chips per VM (e.g. ct6e-standard-8t for 2x4)`);
  },

  fungibleTpuUnsupported(tier: string, machineType: string, supported: readonly string[]): TpuGkeError {
    return error('FUNGIBLE_TPU_UNSUPPORTED', `Capacity tier "${tier}" machine type "${machineType}"`,
      'has no known TPU runtime environment for a pod that requests no google.com/tpu', supported.join(', '),
      'use a v5e or v6e single-host machine type for TPU tiers');
  },

  tierShapeMismatch(what: string, tier: string, value: string, firstTier: string, expected: string): TpuGkeError {
    return error('TIER_SHAPE_MISMATCH', `Capacity tier "${tier}" ${what} "${value}"`,
      `differs from tier "${firstTier}" ("${expected}"); one Deployment has one container command line per accelerator kind`,
      `"${expected}" for every tier of this kind`,
      'give every tier of the same accelerator kind the same shape, or serve the other shape with its own Deployment and ComputeClass');
  },

  gpuProvisioningConflict(pool: string): TpuGkeError {
    return error('GPU_PROVISIONING_CONFLICT', `Node pool "${pool}"`, 'sets both `spot` and `preemptible`',
      'one of Spot VMs (`spot`) or preemptible VMs (`preemptible`)', 'keep one of the two (the seed\'s l4-spot pool uses `preemptible`)');
  },

  gpuCountMismatch(pool: string, machineType: string, count: number, expected: number): TpuGkeError {
    return error('GPU_COUNT_MISMATCH', `Node pool "${pool}" GPU count ${count}`,
      `does not match ${machineType}, which has a fixed number of GPUs`, `${expected}`,
      `set the accelerator count to ${expected} or pick the G2 machine type with ${count} GPUs`);
  },

  // ---------------------------------------------------------------- names
  invalidName(kind: string, value: string, rule: string, fix: string): TpuGkeError {
    return error('INVALID_NAME', `${kind} name "${value}"`, 'would be rejected by GKE', rule, fix);
  },

  duplicateName(kind: string, value: string): TpuGkeError {
    return error('DUPLICATE_NAME', `${kind} name "${value}"`, 'is used twice', 'unique names', `rename one of the ${kind}s`);
  },

  // ---------------------------------------------------------------- network
  invalidCidr(what: string, value: string, allowed = 'a.b.c.d/n with n between 8 and 29'): TpuGkeError {
    return error('INVALID_CIDR', `${what} "${value}"`, 'is not an IPv4 CIDR range', allowed,
      'write the range in CIDR notation, e.g. "10.10.0.0/18"');
  },

  vendoredFileMismatch(file: string, problem: string): TpuGkeError {
    return error('VENDORED_FILE_MISMATCH', `Vendored file ${file}`, `does not match its pin: ${problem}`,
      'the file exactly as copied from upstream at the pinned tag', 'restore the file from the package (or upstream at the tag)');
  },

  branchArchive(url: string): TpuGkeError {
    return error('BRANCH_ARCHIVE', `Archive URL "${url}"`, 'names a branch or tag, whose content changes under the same URL',
      'a commit archive, https://github.com/<owner>/<repo>/archive/<40-hex commit>.zip', 'pin the archive to a full commit hash');
  },

  unpinnedPipRequirement(requirement: string): TpuGkeError {
    return error('UNPINNED_PIP_REQUIREMENT', `pip requirement "${requirement}"`, 'is not pinned to one version',
      'name==version, e.g. "huggingface_hub==0.25.2"', 'pin the requirement with ==');
  },

  externalLoadBalancerWithoutSourceRanges(): TpuGkeError {
    return error('EXTERNAL_LB_WITHOUT_SOURCE_RANGES', 'External load balancer', 'has no source ranges (it would admit the whole internet)',
      'ServiceExposure.externalLoadBalancer({ sourceRanges: [...] }) with at least one CIDR range',
      'list the client ranges, e.g. sourceRanges: ["203.0.113.0/24"], or use ServiceExposure.internalLoadBalancer()');
  },

  cidrNotPrivate(what: string, value: string): TpuGkeError {
    return error('CIDR_NOT_PRIVATE', `${what} "${value}"`, 'is outside the private (RFC 1918) ranges',
      '"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"',
      'use a private range, or list it in `allowedPublicRanges` if you really route public space privately');
  },

  cidrOverlap(a: string, aValue: string, b: string, bValue: string): TpuGkeError {
    return error('CIDR_OVERLAP', `${a} "${aValue}"`, `overlaps ${b} "${bValue}"`, 'non-overlapping ranges',
      'move one of the ranges');
  },

  invalidMtu(value: number): TpuGkeError {
    return error('INVALID_MTU', `VPC MTU ${value}`, 'is outside what Google Cloud accepts', '1300 to 8896',
      'use 8896 for TPU traffic (the default) or 1460 for the Google Cloud default');
  },

  // ---------------------------------------------------------------- secrets
  secretNotSensitive(variable: string): TpuGkeError {
    return error('SECRET_NOT_SENSITIVE', `Terraform variable "${variable}"`, 'holds a secret but is not marked sensitive',
      'a variable declared with `sensitive: true`', 'declare the variable with `sensitive: true` so Terraform redacts it');
  },

  sensitiveVariableDefault(variable: string): TpuGkeError {
    return error('SENSITIVE_VARIABLE_DEFAULT', `Sensitive Terraform variable "${variable}"`,
      'has a non-empty default, which cdktf writes into the synthesized JSON (and so into the repository and every plan)',
      'no default or an empty string', `remove the default and pass the value at apply time (TF_VAR_${variable}, a *.auto.tfvars.json file kept out of git, or the CI secret)`);
  },

  atomicWithoutWait(release: string): TpuGkeError {
    return error('ATOMIC_WITHOUT_WAIT', `Helm release "${release}"`, 'sets atomic without wait (Helm would wait anyway, contradicting wait: false)',
      'atomic: true with wait: true, or atomic: false', 'drop `atomic` (it follows `wait`) or set `wait: true`');
  },

  // ---------------------------------------------------------------- library wiring
  providersAlreadyConfigured(kind: string, stack: string): TpuGkeError {
    return error('PROVIDERS_ALREADY_CONFIGURED', `${kind}.configure()`, `was already called for stack ${stack}`,
      'one call per stack', `call ${kind}.configure() once and use ${kind}.of(scope) elsewhere`);
  },

  providersNotConfigured(kind: string, stack: string, call: string): TpuGkeError {
    return error('PROVIDERS_NOT_CONFIGURED', `Stack ${stack}`, `has no ${kind}`, `a stack that called ${call}`,
      `call ${call} before creating constructs that need it`);
  },

  clusterNotWired(cluster: string, stack: string, wired: readonly string[]): TpuGkeError {
    return error('CLUSTER_NOT_WIRED', `${cluster}`, `has no kubernetes and helm providers in stack ${stack}`,
      `the clusters configured with ClusterProviders.configure(): ${wired.join(', ')}`,
      'call ClusterProviders.configure(stack, { cluster }) for this cluster before creating constructs that deploy into it, or target a configured cluster');
  },

  clusterAlreadyWired(cluster: string, stack: string): TpuGkeError {
    return error('CLUSTER_ALREADY_WIRED', `${cluster}`, `already has kubernetes and helm providers in stack ${stack}`,
      'one ClusterProviders.configure() per cluster and stack, before constructs that deploy into the cluster',
      'configure each cluster once, before creating constructs that deploy into it, and use ClusterProviders.of(scope, cluster) elsewhere');
  },

  clusterAmbiguous(what: string, stack: string, wired: readonly string[]): TpuGkeError {
    return error('CLUSTER_AMBIGUOUS', `${what}`, `names no cluster, and stack ${stack} has providers for several`, wired.join(', '),
      'pass `cluster` (or a namespace created on the target cluster)');
  },

  providerAliasInvalid(alias: string): TpuGkeError {
    return error('PROVIDER_ALIAS_INVALID', `Cluster provider alias "${alias}"`, 'is not a Terraform provider alias',
      'a letter, then letters, digits, underscores and hyphens', 'pick an alias such as "europe_cluster"');
  },

  clusterMismatch(what: string, cluster: string, namespace: string, namespaceCluster: string): TpuGkeError {
    return error('CLUSTER_MISMATCH', `${what}`, `targets ${cluster}, but its namespace ${namespace} is on ${namespaceCluster}`,
      'a namespace of the target cluster', `create the namespace on ${cluster}, or target the namespace's cluster`);
  },

  importedAttributeMissing(kind: string, path: string, attribute: string, importCall: string): TpuGkeError {
    return error('IMPORTED_ATTRIBUTE_MISSING', `Imported ${kind} ${path}`, `has no \`${attribute}\` (it was not given when importing)`,
      `attributes passed to ${importCall}`, `pass \`${attribute}\` to ${importCall}`);
  },

  importedUnsupported(kind: string, path: string, operation: string, fix: string): TpuGkeError {
    return error('IMPORTED_UNSUPPORTED', `Imported ${kind} ${path}`, `does not support ${operation} (this stack does not manage it)`,
      `${kind}s this stack creates`, fix);
  },

  escapeHatchWrongResource(hatch: string, expected: string, actual: string): TpuGkeError {
    return error('ESCAPE_HATCH_WRONG_RESOURCE', `Escape hatch ${hatch}`, `cannot be applied to ${actual}`, expected,
      `apply it to a ${expected} resource`);
  },

  chartNotFound(start: string): TpuGkeError {
    return error('CHART_NOT_FOUND', 'The carrier chart charts/k8s-objects', `was not found above ${start}`,
      'a package layout with charts/k8s-objects next to lib/ or dist/', 'reinstall the package (the chart ships in its files)');
  },

  // ---------------------------------------------------------------- locations, references, uniqueness
  locationMismatch(what: string, value: string, other: string, otherValue: string, allowed: string, fix: string): TpuGkeError {
    return error('LOCATION_MISMATCH', `${what} "${value}"`, `is not in ${other} "${otherValue}"`, allowed, fix);
  },

  nameNotUnique(kind: string, name: string, scope: string, first: string, second: string): TpuGkeError {
    return error('NAME_NOT_UNIQUE', `${kind} name "${name}"`, `is used twice in ${scope} (by ${first} and ${second})`,
      `one ${kind} per name in ${scope}`, `rename one of them (e.g. "${name}-2")`);
  },

  reservationIncomplete(name: string, problem: string, allowed: string, fix: string): TpuGkeError {
    return error('RESERVATION_INCOMPLETE', `Reservation "${name}"`, problem, allowed, fix);
  },

  // ---------------------------------------------------------------- state backend
  invalidStateBackend(setting: string, value: string, problem: string, allowed: string, fix: string): TpuGkeError {
    return error('INVALID_STATE_BACKEND', `${setting} "${value}"`, problem, allowed, fix);
  },

  // ---------------------------------------------------------------- capacity modes
  capacityRule(subject: string, problem: string, allowed: string, fix: string): TpuGkeError {
    return error('CAPACITY_RULE', subject, problem, allowed, fix);
  },

  // ---------------------------------------------------------------- generic props
  outOfRange(what: string, value: number, allowed: string, fix: string): TpuGkeError {
    return error('OUT_OF_RANGE', `${what} ${value}`, 'is out of range', allowed, fix);
  },

  invalidValue(what: string, value: string, allowed: readonly string[], fix: string): TpuGkeError {
    return error('INVALID_VALUE', `${what} "${value}"`, `is not supported${suggestion(value, allowed)}`, formatList(allowed), fix);
  },

  missingProp(construct: string, prop: string, why: string): TpuGkeError {
    return error('MISSING_PROP', `${construct}`, `needs \`${prop}\` (${why})`, `a value for \`${prop}\``, `pass \`${prop}\``);
  },

  // ---------------------------------------------------------------- model profiles
  duplicateVllmFlag(flag: string, firstText: string, firstSource: string, secondText: string, secondSource: string): TpuGkeError {
    return error('DUPLICATE_VLLM_FLAG', `vLLM flag "${flag}"`,
      `is given twice ("${firstText}" from ${firstSource}, "${secondText}" from ${secondSource}; vLLM would silently keep the last)`,
      'each flag once', `remove one of them (change a model profile's flags with ModelProfile.custom or profile.with)`);
  },

  duplicateEnvVar(name: string, firstSource: string, secondSource: string): TpuGkeError {
    return error('DUPLICATE_ENV_VAR', `Environment variable "${name}"`, `is set twice (by ${firstSource} and by ${secondSource})`,
      'each variable once', 'remove one of them');
  },
};
