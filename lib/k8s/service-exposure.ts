/**
 * How a Service is reachable from outside the cluster: not at all (ClusterIP),
 * through a GKE internal passthrough Network Load Balancer (VPC only), or through
 * an external one that must name the client ranges it admits.
 *
 * GKE reference: "LoadBalancer Service parameters"
 * (cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters):
 * the annotation `networking.gke.io/load-balancer-type: "Internal"` makes an internal
 * passthrough load balancer on every supported version, and `spec.loadBalancerSourceRanges`
 * becomes VPC firewall rules for internal and external load balancers alike.
 */
import { Token } from 'cdktf';
import { Errors } from '../errors';
import { parseCidr } from '../util/cidr';
import { Labels } from './types';

/** The GKE annotation that makes a LoadBalancer Service internal. */
export const GKE_INTERNAL_LB_ANNOTATION = 'networking.gke.io/load-balancer-type';

/** Options of {@link ServiceExposure.internalLoadBalancer}. */
export interface InternalLoadBalancerOptions {
  /**
   * Client CIDR ranges inside the VPC (`spec.loadBalancerSourceRanges`).
   * @default - every address that can reach the VPC
   */
  readonly sourceRanges?: readonly string[];
}

/** Options of {@link ServiceExposure.externalLoadBalancer}. */
export interface ExternalLoadBalancerOptions {
  /** Client CIDR ranges admitted from the internet (`spec.loadBalancerSourceRanges`); at least one. */
  readonly sourceRanges: readonly string[];
}

/** The Service fields an exposure writes. */
export interface ServiceExposureFields {
  /** Service type. */
  readonly type: 'ClusterIP' | 'LoadBalancer';
  /**
   * Annotations of the Service.
   * @default - none
   */
  readonly annotations?: Labels;
  /**
   * `spec.loadBalancerSourceRanges`.
   * @default - none (no restriction beyond the load balancer's reach)
   */
  readonly loadBalancerSourceRanges?: readonly string[];
}

/** How a Service is reachable. */
export class ServiceExposure {
  /** Only inside the cluster (`type: ClusterIP`). */
  public static clusterIp(): ServiceExposure {
    return new ServiceExposure('cluster-ip', { type: 'ClusterIP' });
  }

  /** A GKE internal passthrough Network Load Balancer: an address in the cluster's VPC subnet. */
  public static internalLoadBalancer(options: InternalLoadBalancerOptions = {}): ServiceExposure {
    const ranges = checkRanges('Internal load balancer source range', options.sourceRanges ?? []);
    return new ServiceExposure('internal', {
      type: 'LoadBalancer',
      annotations: { [GKE_INTERNAL_LB_ANNOTATION]: 'Internal' },
      loadBalancerSourceRanges: ranges.length ? ranges : undefined,
    });
  }

  /**
   * An external passthrough Network Load Balancer with a public address. Requires
   * at least one source range: an unauthenticated model server must not be open to
   * the whole internet by accident. (`0.0.0.0/0` is accepted when written out.)
   */
  public static externalLoadBalancer(options: ExternalLoadBalancerOptions): ServiceExposure {
    const ranges = checkRanges('External load balancer source range', options?.sourceRanges ?? []);
    if (!ranges.length) throw Errors.externalLoadBalancerWithoutSourceRanges();
    return new ServiceExposure('external', { type: 'LoadBalancer', loadBalancerSourceRanges: ranges });
  }

  private constructor(
    /** `cluster-ip`, `internal` or `external`. */
    public readonly kind: 'cluster-ip' | 'internal' | 'external',
    /** The Service fields it writes. */
    public readonly fields: ServiceExposureFields,
  ) {}
}

function checkRanges(what: string, ranges: readonly string[]): string[] {
  for (const r of ranges) if (!Token.isUnresolved(r)) parseCidr(what, r);
  return [...ranges];
}
