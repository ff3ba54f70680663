import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { parseCidr } from '../util/cidr';
import { NameRules, validateName } from '../util/names';
import type { ITpuNetwork } from './tpu-network';

/** Attributes of an existing network, for {@link TpuNetwork.fromNetworkAttributes}. */
export interface TpuNetworkAttributes {
  /**
   * Project that holds the network and subnetwork: for a Shared VPC, the host
   * project (the cluster itself lives in a service project).
   */
  readonly project: string;
  /** Network name. */
  readonly networkName: string;
  /** Region of the subnetwork. */
  readonly region: string;
  /** Name of the subnetwork the nodes use. */
  readonly subnetworkName: string;
  /**
   * Name of the subnetwork's existing secondary range for Pods (a Shared VPC's host
   * project usually defines the ranges a service project's clusters may use).
   * @default - none: GKE creates the Pod range in the subnetwork
   */
  readonly podsRangeName?: string;
  /**
   * Name of the subnetwork's existing secondary range for Services.
   * @default - none: GKE creates the Service range in the subnetwork
   */
  readonly servicesRangeName?: string;
  /**
   * Primary range of the region's existing proxy-only subnet, for regional Gateway
   * classes and the network policies that admit their proxies.
   * @default - none: Gateway classes that need a proxy-only subnet are rejected
   */
  readonly proxySubnetCidr?: string;
}

/**
 * A network and subnetwork created outside this stack, referenced by ID (built by
 * {@link TpuNetwork.fromNetworkAttributes}). Nothing is read at plan time, so the
 * identity running Terraform needs no read access to a Shared VPC host project;
 * GKE checks the subnetwork when the cluster is created.
 */
export class ImportedTpuNetwork extends Construct implements ITpuNetwork {
  public readonly networkName: string;
  public readonly networkId: string;
  public readonly region: string;
  /** Project that holds the network (the Shared VPC host project). */
  public readonly project: string;
  /** Name of the nodes' subnetwork. */
  public readonly subnetworkName: string;
  public readonly subnetworkId: string;
  public readonly podsRangeName?: string;
  public readonly servicesRangeName?: string;
  public readonly proxySubnetCidr?: string;

  constructor(scope: Construct, id: string, attrs: TpuNetworkAttributes) {
    super(scope, id);
    this.networkName = validateName(NameRules.GCE_RESOURCE, attrs.networkName, 'Network');
    this.subnetworkName = validateName(NameRules.GCE_RESOURCE, attrs.subnetworkName, 'Subnetwork');
    if (attrs.podsRangeName !== undefined) validateName(NameRules.GCE_RESOURCE, attrs.podsRangeName, 'Pod secondary range');
    if (attrs.servicesRangeName !== undefined) validateName(NameRules.GCE_RESOURCE, attrs.servicesRangeName, 'Service secondary range');
    if (attrs.proxySubnetCidr !== undefined && !Token.isUnresolved(attrs.proxySubnetCidr)) parseCidr('Proxy-only subnet range', attrs.proxySubnetCidr);
    this.project = attrs.project;
    this.region = attrs.region;
    this.networkId = `projects/${attrs.project}/global/networks/${attrs.networkName}`;
    this.subnetworkId = `projects/${attrs.project}/regions/${attrs.region}/subnetworks/${attrs.subnetworkName}`;
    this.podsRangeName = attrs.podsRangeName;
    this.servicesRangeName = attrs.servicesRangeName;
    this.proxySubnetCidr = attrs.proxySubnetCidr;
  }
}
