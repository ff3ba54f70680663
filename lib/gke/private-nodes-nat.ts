import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';

/** Props of {@link PrivateNodesNat}. */
export interface PrivateNodesNatProps {
  /** Name prefix (the cluster name): `<name>-router`, `<name>-nat`. */
  readonly name: string;
  /** VPC network (name or self link) of the nodes. */
  readonly network: string;
  /** Region, or a zone whose region is used. */
  readonly location: string;
}

/**
 * Egress for private GKE nodes: a Cloud Router with a Cloud NAT gateway for every
 * subnet range of the region, with automatically allocated addresses.
 */
export class PrivateNodesNat extends Construct {
  public readonly router: ComputeRouter;
  public readonly nat: ComputeRouterNat;

  constructor(scope: Construct, id: string, props: PrivateNodesNatProps) {
    super(scope, id);
    // A zone (us-central1-b) names its region (us-central1); a region has one hyphen.
    const region = Token.isUnresolved(props.location) || props.location.split('-').length < 3
      ? props.location : props.location.slice(0, props.location.lastIndexOf('-'));
    this.router = new ComputeRouter(this, 'Router', { name: `${props.name}-router`, network: props.network, region });
    this.nat = new ComputeRouterNat(this, 'Nat', {
      name: `${props.name}-nat`,
      router: this.router.name,
      region,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });
  }
}
