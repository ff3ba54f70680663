/**
 * Model profiles: the settings of a vLLM server that depend on the model (its
 * Hugging Face id and revision, vLLM flags and environment, maximum length, KV
 * connector, tensor parallelism), kept apart from the deployment so that
 * changing the model never keeps another model's settings.
 */
import { Token } from 'cdktf/lib/tokens/token';
import { Errors } from '../errors';
import { EnvVar } from '../k8s/types';
import { mergeVllmFlags, VllmFlag } from './vllm-flags';
import { KvConnector } from './vllm-tpu';

/** Props of {@link ModelProfile.custom}. */
export interface ModelProfileProps {
  /** Hugging Face model id (`<owner>/<name>`); also the served model name. */
  readonly modelId: string;
  /**
   * Model revision (commit of the Hugging Face repository). Deployments that read
   * the weights from a bucket's Hugging Face cache need it (`snapshots/<revision>`).
   * @default - none (the newest revision where the deployment downloads the model)
   */
  readonly revision?: string;
  /**
   * vLLM `--max-model-len`, written first among the limit flags.
   * @default - vLLM's (the model's context length)
   */
  readonly maxModelLen?: number;
  /**
   * Engine limits the model needs (batch tokens, sequences, block size, memory
   * utilisation), written before the parallelism flags; `--name=value`,
   * `--name value` or `--name` each.
   * @default []
   */
  readonly limitArgs?: readonly string[];
  /**
   * Model features (dtype, modalities, MoE expert parallelism, ...), written after
   * the parallelism flags.
   * @default []
   */
  readonly modelArgs?: readonly string[];
  /**
   * Environment of the vLLM containers that this model needs.
   * @default []
   */
  readonly env?: readonly EnvVar[];
  /**
   * KV connector of prefill/decode disaggregation (the hybrid-KV variant for
   * models with several KV cache groups).
   * @default KvConnector.TPU
   */
  readonly kvConnector?: KvConnector;
  /**
   * Tensor parallel size, when it is not all TensorCores of a replica's slice
   * (deployments check it against the slice).
   * @default - the TensorCores of one replica's slice
   */
  readonly tensorParallelSize?: number;
  /**
   * What the profile is for (documentation, shown in messages).
   * @default - `the model profile of "<modelId>"`
   */
  readonly description?: string;
}

/** Options of {@link ModelProfile.generic}. */
export interface GenericModelProfileOptions {
  /**
   * Model revision.
   * @default - none
   */
  readonly revision?: string;
  /**
   * vLLM `--max-model-len`.
   * @default - vLLM's (the model's context length)
   */
  readonly maxModelLen?: number;
}

/**
 * The model-specific settings of a vLLM server. Presets for the recipes' models
 * are grouped per recipe (`Seed000.QWEN3_5_397B_A17B_FP8`, ...); any other model
 * starts from {@link ModelProfile.generic}: no model-specific flags, tensor
 * parallelism over every TensorCore of the slice.
 */
export class ModelProfile {
  /** A profile with every setting given. */
  public static custom(props: ModelProfileProps): ModelProfile {
    return new ModelProfile(props);
  }

  /**
   * The profile of a model the library knows nothing about: its id (and revision),
   * no model-specific flags or environment, the plain TPU KV connector, tensor
   * parallelism derived from the slice.
   */
  public static generic(modelId: string, options: GenericModelProfileOptions = {}): ModelProfile {
    return new ModelProfile({ modelId, ...options });
  }

  /** A profile: as given, or {@link ModelProfile.generic} for a bare model id. */
  public static of(model: string | ModelProfile): ModelProfile {
    return typeof model === 'string' ? ModelProfile.generic(model) : model;
  }

  public readonly modelId: string;
  public readonly revision?: string;
  public readonly kvConnector: KvConnector;
  /** Environment the model needs (a copy). */
  public readonly env: readonly EnvVar[];
  /** The explicit tensor parallel size; undefined to derive it from the slice. */
  public readonly tensorParallelOverride?: number;
  /** Where the profile's flags come from, in messages. */
  public readonly source: string;
  private readonly props: ModelProfileProps;

  private constructor(props: ModelProfileProps) {
    // A Terraform reference (e.g. a variable) is checked at plan time, not here.
    if (!Token.isUnresolved(props.modelId) && !/^[A-Za-z0-9][-A-Za-z0-9_.]*\/[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(props.modelId)) {
      throw Errors.invalidValue('Model id', props.modelId, ['<owner>/<name> (a Hugging Face repository id)'],
        'write the Hugging Face repository id, e.g. "Qwen/Qwen3-32B"');
    }
    if (props.maxModelLen !== undefined && !Token.isUnresolved(props.maxModelLen) && (!Number.isInteger(props.maxModelLen) || props.maxModelLen < 1)) {
      throw Errors.outOfRange(`maxModelLen of "${props.modelId}"`, props.maxModelLen, 'a positive integer', 'set the longest sequence (prompt + output) in tokens');
    }
    if (props.tensorParallelSize !== undefined && (!Number.isInteger(props.tensorParallelSize) || props.tensorParallelSize < 1)) {
      throw Errors.outOfRange(`tensorParallelSize of "${props.modelId}"`, props.tensorParallelSize, 'a positive integer',
        'omit it to use every TensorCore of the slice');
    }
    this.props = props;
    this.modelId = props.modelId;
    this.revision = props.revision;
    this.kvConnector = props.kvConnector ?? KvConnector.TPU;
    this.tensorParallelOverride = props.tensorParallelSize;
    this.source = props.description ?? `the model profile of "${props.modelId}"`;
    const names = new Set<string>();
    for (const e of props.env ?? []) {
      if (names.has(e.name)) throw Errors.duplicateEnvVar(e.name, this.source, this.source);
      names.add(e.name);
    }
    this.env = [...(props.env ?? [])];
    // Parse now: a malformed or repeated flag fails where the profile is written.
    this.limitFlags;
    this.modelFlags;
    mergeVllmFlags([{ source: this.source, args: [...this.limitArgs, ...this.modelArgs] }]);
  }

  /** The repository name without its owner (`Qwen3-32B`), as the `llm-d.ai/model` label takes it. */
  public get shortName(): string {
    return this.modelId.slice(this.modelId.indexOf('/') + 1);
  }

  /** `--max-model-len` as a number, from `maxModelLen` or the limit flags; undefined when unset. */
  public get maxModelLen(): number | undefined {
    const flag = this.limitFlags.find((f) => f.name === '--max-model-len');
    return flag?.value !== undefined ? Number(flag.value) : undefined;
  }

  /** The limit flags as written (`--max-model-len=<n>` first when `maxModelLen` is set). */
  public get limitArgs(): readonly string[] {
    return [...(this.props.maxModelLen !== undefined ? [`--max-model-len=${this.props.maxModelLen}`] : []), ...(this.props.limitArgs ?? [])];
  }

  /** The model feature flags as written. */
  public get modelArgs(): readonly string[] {
    return [...(this.props.modelArgs ?? [])];
  }

  /** The limit flags, parsed. */
  public get limitFlags(): readonly VllmFlag[] {
    return mergeVllmFlags([{ source: this.source, args: this.limitArgs }]);
  }

  /** The model feature flags, parsed. */
  public get modelFlags(): readonly VllmFlag[] {
    return mergeVllmFlags([{ source: this.source, args: this.modelArgs }]);
  }

  /** Whether the profile turns on MoE expert parallelism (`--enable-expert-parallel`). */
  public get expertParallel(): boolean {
    return this.modelFlags.some((f) => f.name === '--enable-expert-parallel');
  }

  /** Tensor parallel size for a replica of `tensorCores` TensorCores: the profile's own, else all of them. */
  public tensorParallelSizeFor(tensorCores: number): number {
    return this.tensorParallelOverride ?? tensorCores;
  }

  /** A copy with `changes` applied (same model unless `modelId` is given, in which case nothing else is kept). */
  public with(changes: Partial<ModelProfileProps>): ModelProfile {
    if (changes.modelId !== undefined && changes.modelId !== this.modelId) {
      // Another model: start from nothing, never from this model's flags.
      return new ModelProfile({ ...changes, modelId: changes.modelId });
    }
    return new ModelProfile({ ...this.props, ...changes, description: changes.description ?? this.props.description });
  }
}
