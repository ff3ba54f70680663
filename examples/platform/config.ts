/**
 * The platform team's own settings: one place to edit for another project or
 * region. Nothing here comes from the library's recipes (the seeds); every value
 * is this example platform's choice.
 */
export const PLATFORM = {
  /** Google Cloud project of every stack. */
  project: 'acme-ml-platform',
  /** Ironwood (tpu7x) capacity: region and the zone of the All Capacity mode reservation. */
  tpu7x: { region: 'us-central1', zone: 'us-central1-ai1a', reservation: 'acme-tpu7x', block: 'block-0' },
  /** v5p training capacity. */
  v5p: { region: 'us-east5', zone: 'us-east5-a', reservation: 'acme-v5p-train' },
  /** The two serving regions of the multi-region stack. */
  regions: {
    us: { region: 'us-east5', zone: 'us-east5-b' },
    europe: { region: 'europe-west4', zone: 'europe-west4-a' },
  },
  /** Fungible serving: TPU first, then GPUs. */
  fungible: { region: 'us-east5', zone: 'us-east5-b' },
  /** Capacity-mode pools (v5e / v6e regions). */
  capacity: { region: 'us-east5', zone: 'us-east5-b' },
  /** Bucket with the model weights (a Hugging Face cache layout). */
  modelBucket: 'acme-ml-model-weights',
} as const;
