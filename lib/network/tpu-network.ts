import { Construct, IConstruct } from 'constructs';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { Errors } from '../errors';
import { parseCidr, validateSubnetRanges, isPrivate, cidrContains } from '../util/cidr';
import { NameRules, validateName } from '../util/names';
import { pathName } from '../util/path-names';
import { Token } from 'cdktf';
import { ImportedTpuNetwork, TpuNetworkAttributes } from './imported-tpu-network';

/** Largest MTU Google Cloud VPCs accept; the recipes use it for TPU traffic. */
export const TPU_NETWORK_MTU = 8896;

/**
 * What cluster constructs need of a VPC network and the subnetwork their nodes use:
 * one this stack creates ({@link TpuNetwork}) or an existing one, including a Shared
 * VPC of a host project ({@link TpuNetwork.fromNetworkAttributes}).
 */
export interface ITpuNetwork extends IConstruct {
  /** Network name, for messages (reference {@link ITpuNetwork.networkId} in resources). */
  readonly networkName: string;
  /** Network ID (`projects/<project>/global/networks/<name>`). */
  readonly networkId: string;
  /** Region of the subnetwork. */
  readonly region: string;
  /** ID of the nodes' subnetwork (`projects/<project>/regions/<region>/subnetworks/<name>`). */
  readonly subnetworkId: string;
  /**
   * Name of the subnetwork's secondary range for Pods.
   * @default - none: GKE creates the Pod range
   */
  readonly podsRangeName?: string;
  /**
   * Name of the subnetwork's secondary range for Services.
   * @default - none: GKE creates the Service range
   */
  readonly servicesRangeName?: string;
  /**
   * Primary range of the region's proxy-only subnet (regional Gateways).
   * @default - none: the network has no proxy-only subnet this stack knows of
   */
  readonly proxySubnetCidr?: string;
}

/** Props of {@link TpuNetwork}. */
export interface TpuNetworkProps {
  /**
   * Region of the subnets.
   */
  readonly region: string;

  /**
   * Prefix of every resource name: `<prefix>-main` (VPC), `<prefix>-tpu`,
   * `<prefix>-proxy` and `<prefix>-allow-internal`.
   * @default - derived from the construct path (e.g. `network` for the id `Network`), unique in the stack
   */
  readonly namePrefix?: string;

  /**
   * VPC MTU in bytes (1300-8896).
   * @default 8896
   */
  readonly mtu?: number;

  /**
   * Primary range of the TPU/node subnet.
   * @default "10.10.0.0/18"
   */
  readonly tpuSubnetCidr?: string;

  /**
   * Private Google Access on the TPU subnet (nodes without external IPs reach Google APIs).
   * @default true
   */
  readonly privateGoogleAccess?: boolean;

  /**
   * Range of the proxy-only subnet (`REGIONAL_MANAGED_PROXY`, `ACTIVE`) that regional
   * Gateway classes such as `gke-l7-rilb` and `gke-l7-regional-external-managed` need.
   * `false` omits the subnet.
   * @default "172.16.0.0/26"
   */
  readonly proxySubnetCidr?: string | false;

  /**
   * Source ranges of the allow-all-internal firewall rule. The recipes allow all
   * protocols from both private ranges; pass narrower ranges (e.g. just the subnets)
   * to tighten it.
   * @default ["172.16.0.0/12", "10.0.0.0/8"]
   */
  readonly internalSourceRanges?: readonly string[];

  /**
   * Non-RFC 1918 ranges you deliberately use privately; ranges outside both the
   * private space and this list are rejected.
   * @default []
   */
  readonly allowedPublicRanges?: readonly string[];
}

/**
 * Custom-mode VPC for TPU clusters, as the recipes create it: MTU 8896, regional
 * BGP routing, a TPU subnet with Private Google Access, a proxy-only subnet for
 * regional Gateways, and an allow-internal firewall rule.
 */
export class TpuNetwork extends Construct implements ITpuNetwork {
  /**
   * A network and subnetwork that exist already, possibly in another project (the host
   * project of a Shared VPC): IDs are built from the attributes, nothing is read or
   * created, and cluster constructs accept the result as their `network`.
   */
  public static fromNetworkAttributes(scope: Construct, id: string, attrs: TpuNetworkAttributes): ITpuNetwork {
    return new ImportedTpuNetwork(scope, id, attrs);
  }

  public readonly network: ComputeNetwork;
  public readonly tpuSubnet: ComputeSubnetwork;
  /** Undefined when `proxySubnetCidr` is `false`. */
  public readonly proxySubnet?: ComputeSubnetwork;
  public readonly firewall: ComputeFirewall;
  public readonly namePrefix: string;
  public readonly region: string;
  public readonly tpuSubnetCidr: string;

  constructor(scope: Construct, id: string, props: TpuNetworkProps) {
    super(scope, id);
    // 63-character names with the longest suffix, "-allow-internal".
    const prefix = props.namePrefix ?? pathName(this, 48);
    const mtu = props.mtu ?? TPU_NETWORK_MTU;
    const tpuCidr = props.tpuSubnetCidr ?? '10.10.0.0/18';
    const proxyCidr = props.proxySubnetCidr === undefined ? '172.16.0.0/26' : props.proxySubnetCidr;
    const sources = props.internalSourceRanges ?? ['172.16.0.0/12', '10.0.0.0/8'];
    const allowedPublic = props.allowedPublicRanges ?? [];

    // Longest suffix is "-allow-internal" (15 characters).
    validateName(NameRules.GCE_RESOURCE, `${prefix}-allow-internal`, 'Network name prefix + "-allow-internal"');
    if (!Number.isInteger(mtu) || mtu < 1300 || mtu > TPU_NETWORK_MTU) throw Errors.invalidMtu(mtu);
    validateSubnetRanges([
      { what: 'TPU subnet range', text: tpuCidr },
      ...(proxyCidr === false ? [] : [{ what: 'Proxy-only subnet range', text: proxyCidr }]),
    ], allowedPublic);
    const allowed = allowedPublic.map((a) => parseCidr('allowed public range', a));
    for (const source of sources.filter((s) => !Token.isUnresolved(s))) {
      const cidr = parseCidr('Firewall source range', source);
      if (!isPrivate(cidr) && !allowed.some((a) => cidrContains(a, cidr))) throw Errors.cidrNotPrivate('Firewall source range', source);
    }

    this.namePrefix = prefix;
    this.region = props.region;
    this.tpuSubnetCidr = tpuCidr;

    this.network = new ComputeNetwork(this, 'Network', {
      name: `${prefix}-main`,
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
      mtu,
    });

    this.tpuSubnet = new ComputeSubnetwork(this, 'TpuSubnet', {
      name: `${prefix}-tpu`,
      network: this.network.id,
      region: props.region,
      ipCidrRange: tpuCidr,
      privateIpGoogleAccess: props.privateGoogleAccess ?? true,
    });

    if (proxyCidr !== false) {
      this.proxySubnet = new ComputeSubnetwork(this, 'ProxySubnet', {
        name: `${prefix}-proxy`,
        network: this.network.id,
        region: props.region,
        ipCidrRange: proxyCidr,
        purpose: 'REGIONAL_MANAGED_PROXY',
        role: 'ACTIVE',
      });
    }

    this.firewall = new ComputeFirewall(this, 'AllowInternal', {
      name: `${prefix}-allow-internal`,
      network: this.network.id,
      description: 'Allow all internal traffic within the network.',
      direction: 'INGRESS',
      sourceRanges: [...sources],
      allow: [{ protocol: 'all' }],
    });
  }

  /** `<prefix>-main` (see {@link ITpuNetwork.networkName}). */
  public get networkName(): string {
    return `${this.namePrefix}-main`;
  }

  /** The network's ID (see {@link ITpuNetwork.networkId}). */
  public get networkId(): string {
    return this.network.id;
  }

  /** The TPU subnet's ID (see {@link ITpuNetwork.subnetworkId}). */
  public get subnetworkId(): string {
    return this.tpuSubnet.id;
  }

  /** The proxy-only subnet's range, if any (see {@link ITpuNetwork.proxySubnetCidr}). */
  public get proxySubnetCidr(): string | undefined {
    return this.proxySubnet?.ipCidrRange;
  }
}
