import { Construct } from 'constructs';
import { GoogleComputeResourcePolicy } from '@cdktf/provider-google-beta/lib/google-compute-resource-policy';
import { Errors } from '../errors';
import { EscapeHatch } from '../providers/escape-hatches';
import { GoogleProviders } from '../providers/google-providers';
import { TpuGeneration } from '../tpu/tpu-generation';
import { TpuTopology } from '../tpu/tpu-topology';
import { NameRules, validateName } from '../util/names';

/** `workload_policy.type`. */
export enum WorkloadPolicyType {
  /** Places VMs for interconnect throughput (required with an accelerator topology). */
  HIGH_THROUGHPUT = 'HIGH_THROUGHPUT',
  /** Spreads VMs across failure domains. */
  HIGH_AVAILABILITY = 'HIGH_AVAILABILITY',
}

/** `workload_policy.accelerator_topology_mode` (gcloud `--accelerator-topology-mode`). */
export enum AcceleratorTopologyMode {
  /** Chips are interconnected when the VMs are created. */
  AUTO_CONNECT = 'AUTO_CONNECT',
  /** VMs are provisioned without ICI/OCS links; the Slice controller connects sub-blocks on demand. */
  PROVISION_ONLY = 'PROVISION_ONLY',
}

/** Props of {@link WorkloadPolicy}. */
export interface WorkloadPolicyProps {
  /**
   * Resource policy name.
   * @default "superslice-policy"
   */
  readonly name?: string;
  /** Region of the policy (same as the node pools). */
  readonly region: string;
  /**
   * Policy type.
   * @default WorkloadPolicyType.HIGH_THROUGHPUT
   */
  readonly type?: WorkloadPolicyType;
  /**
   * Accelerator topology of each pool that uses the policy (a tpu7x multi-host topology).
   * @default "4x4x4"
   */
  readonly acceleratorTopology?: string;
  /**
   * Topology mode. Dynamic slicing needs `PROVISION_ONLY`. Written through an
   * escape hatch (google-beta >= 7.24.0).
   * @default AcceleratorTopologyMode.PROVISION_ONLY
   */
  readonly acceleratorTopologyMode?: AcceleratorTopologyMode;
}

/**
 * A Compute Engine workload policy for tpu7x multi-host node pools (GKE rejects
 * COMPACT placement for tpu7x). Created with google-beta because only its schema
 * has `accelerator_topology_mode`.
 */
export class WorkloadPolicy extends Construct {
  public readonly resource: GoogleComputeResourcePolicy;
  public readonly name: string;
  public readonly topology: TpuTopology;
  public readonly mode: AcceleratorTopologyMode;

  constructor(scope: Construct, id: string, props: WorkloadPolicyProps) {
    super(scope, id);
    this.name = validateName(NameRules.GCE_RESOURCE, props.name ?? 'superslice-policy', 'Workload policy');
    const generation = TpuGeneration.TPU7X;
    const topologyText = props.acceleratorTopology ?? '4x4x4';
    this.topology = generation.parseTopology(topologyText);
    if (!generation.isMultiHostTopology(this.topology)) {
      throw Errors.topologyInvalidForGeneration(topologyText, generation.name, generation.listedMultiHostTopologies, generation.describeMultiHostTopologies());
    }
    const type = props.type ?? WorkloadPolicyType.HIGH_THROUGHPUT;
    if (type !== WorkloadPolicyType.HIGH_THROUGHPUT) {
      throw Errors.invalidValue('Workload policy type with an accelerator topology', type, [WorkloadPolicyType.HIGH_THROUGHPUT],
        'use HIGH_THROUGHPUT; accelerator topologies are only allowed on it');
    }
    this.mode = props.acceleratorTopologyMode ?? AcceleratorTopologyMode.PROVISION_ONLY;

    this.resource = new GoogleComputeResourcePolicy(this, 'Policy', {
      provider: GoogleProviders.of(this).beta,
      name: this.name,
      region: props.region,
      workloadPolicy: { type, acceleratorTopology: this.topology.toString() },
    });
    EscapeHatch.WORKLOAD_POLICY_TOPOLOGY_MODE.apply(this.resource, this.mode);
  }
}
