/**
 * GCS FUSE CSI driver conventions for pods (GKE add-on GcsFuseCsiDriver).
 */
import { Labels, Volume } from '../k8s/types';

/** Name the recipes give the ephemeral GCS FUSE volume. */
export const GCS_FUSE_VOLUME = 'gcs-fuse-csi-ephemeral';
/** CSI driver name of the GKE GCS FUSE add-on. */
export const GCS_FUSE_DRIVER = 'gcsfuse.csi.storage.gke.io';
/** emptyDir the GCS FUSE sidecar uses for its file cache when present (kept in memory here). */
export const GCS_FUSE_CACHE_VOLUME = 'gke-gcsfuse-cache';

/** Sidecar resource limits that can be lifted with a `gke-gcsfuse/<limit>: "0"` annotation. */
export type GcsFuseSidecarLimit = 'cpu-limit' | 'memory-limit' | 'ephemeral-storage-limit';

/**
 * Pod annotations that inject the GCS FUSE sidecar, with the listed sidecar
 * limits removed ("0" = unlimited).
 */
export function gcsFuseAnnotations(o: { readonly sidecarLimits?: readonly GcsFuseSidecarLimit[] } = {}): Labels {
  const limits = o.sidecarLimits ?? ['cpu-limit', 'memory-limit', 'ephemeral-storage-limit'];
  return { 'gke-gcsfuse/volumes': 'true', ...Object.fromEntries(limits.map((l) => [`gke-gcsfuse/${l}`, '0'])) };
}

/** The ephemeral CSI volume that mounts `bucketName`. */
export function gcsFuseVolume(bucketName: string, mountOptions: string): Volume {
  return { name: GCS_FUSE_VOLUME, csi: { driver: GCS_FUSE_DRIVER, volumeAttributes: { bucketName, mountOptions } } };
}

/** The in-memory emptyDir volumes the recipes give Ray pods: /dev/shm and the sidecar's cache. */
export function memoryVolume(name: string): Volume {
  return { name, emptyDir: { medium: 'Memory' } };
}
