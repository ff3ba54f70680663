import { ContainerClusterAddonsConfig } from '@cdktf/provider-google/lib/container-cluster';

type AddonsConfig = { -readonly [K in keyof ContainerClusterAddonsConfig]: ContainerClusterAddonsConfig[K] };

/**
 * A GKE add-on, named as gcloud's `--addons` flag names it, and how it maps to
 * `google_container_cluster.addons_config`.
 */
export class GkeAddon {
  public static readonly HTTP_LOAD_BALANCING = new GkeAddon('HttpLoadBalancing', (c) => { c.httpLoadBalancing = { disabled: false }; });
  public static readonly HORIZONTAL_POD_AUTOSCALING = new GkeAddon('HorizontalPodAutoscaling', (c) => { c.horizontalPodAutoscaling = { disabled: false }; });
  public static readonly GCP_FILESTORE_CSI_DRIVER = new GkeAddon('GcpFilestoreCsiDriver', (c) => { c.gcpFilestoreCsiDriverConfig = { enabled: true }; });
  public static readonly GCS_FUSE_CSI_DRIVER = new GkeAddon('GcsFuseCsiDriver', (c) => { c.gcsFuseCsiDriverConfig = { enabled: true }; });
  public static readonly GCE_PERSISTENT_DISK_CSI_DRIVER = new GkeAddon('GcePersistentDiskCsiDriver', (c) => { c.gcePersistentDiskCsiDriverConfig = { enabled: true }; });
  /** NodeLocal DNSCache. */
  public static readonly NODE_LOCAL_DNS = new GkeAddon('NodeLocalDNS', (c) => { c.dnsCacheConfig = { enabled: true }; });
  /** The GKE-managed KubeRay operator. */
  public static readonly RAY_OPERATOR = new GkeAddon('RayOperator', (c) => { c.rayOperatorConfig = [{ enabled: true }]; });

  public static readonly ALL: readonly GkeAddon[] = [
    GkeAddon.HTTP_LOAD_BALANCING, GkeAddon.HORIZONTAL_POD_AUTOSCALING, GkeAddon.GCP_FILESTORE_CSI_DRIVER,
    GkeAddon.GCS_FUSE_CSI_DRIVER, GkeAddon.GCE_PERSISTENT_DISK_CSI_DRIVER, GkeAddon.NODE_LOCAL_DNS, GkeAddon.RAY_OPERATOR,
  ];

  private constructor(
    /** The gcloud `--addons` name, e.g. `GcsFuseCsiDriver`. */
    public readonly gcloudName: string,
    private readonly configure: (config: AddonsConfig) => void,
  ) {}

  /**
   * Builds `addons_config` enabling exactly `addons` (in a fixed order), or undefined when
   * there are none: every child of the block is AtLeastOneOf in the provider, which rejects
   * `addons_config {}`, and omitting the block leaves GKE's add-on defaults as they are.
   */
  public static toAddonsConfig(addons: readonly GkeAddon[]): ContainerClusterAddonsConfig | undefined {
    const enabled = GkeAddon.ALL.filter((a) => addons.includes(a));
    if (enabled.length === 0) return undefined;
    const config: AddonsConfig = {};
    for (const addon of enabled) addon.configure(config);
    return config;
  }
}
