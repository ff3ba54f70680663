/**
 * vLLM command-line flags as values: parsed from the forms the recipes write
 * (`--name=value`, `--name value` shell words, `["--name", "value"]` tokens),
 * merged from several sources with duplicates rejected, and rendered back in
 * the form a container command needs. Pure functions.
 */
import { Errors } from '../errors';

/** One vLLM flag: `--name` with an optional value. */
export interface VllmFlag {
  /** Flag name with its leading `--`, e.g. `--max-model-len`. */
  readonly name: string;
  /**
   * Value (unquoted).
   * @default - a switch without a value
   */
  readonly value?: string;
  /** Where the flag came from, for messages (e.g. `the model profile of "Qwen/Qwen3-32B"`). */
  readonly source: string;
  /** The flag as it was written. */
  readonly text: string;
}

/** A named list of flags, e.g. a profile's flags or a deployment's extra args. */
export interface VllmFlagSource {
  /** Where the flags come from, for messages. */
  readonly source: string;
  /** The flags in any of the accepted forms (`--name=value`, `--name value`, `--name`, or the value as the next element). */
  readonly args: readonly string[];
}

const FLAG_WITH_VALUE = /^(--[A-Za-z0-9][-A-Za-z0-9_.]*)(?:=|\s+)([\s\S]*)$/;
const FLAG_ALONE = /^--[A-Za-z0-9][-A-Za-z0-9_.]*$/;
const SAFE_SHELL_WORD = /^[A-Za-z0-9_.,:/@%+=-]+$/;

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"')))) return v.slice(1, -1);
  return v;
}

/**
 * Parses `args` into flags. An element that does not start with `--` is the value
 * of the flag before it (the `["--name", "value"]` form); anything else is an error.
 */
export function parseVllmFlags(source: string, args: readonly string[]): VllmFlag[] {
  const flags: VllmFlag[] = [];
  for (const raw of args) {
    const arg = raw.trim();
    const last = flags[flags.length - 1];
    if (FLAG_ALONE.test(arg)) {
      flags.push({ name: arg, source, text: raw });
    } else if (arg.startsWith('--') && FLAG_WITH_VALUE.test(arg)) {
      const m = FLAG_WITH_VALUE.exec(arg)!;
      flags.push({ name: m[1], value: unquote(m[2]), source, text: raw });
    } else if (last && last.value === undefined && !arg.startsWith('--')) {
      flags[flags.length - 1] = { ...last, value: unquote(arg), text: `${last.text} ${raw}` };
    } else {
      throw Errors.invalidValue(`vLLM argument from ${source}`, raw, ['--name', '--name=value', '--name value'],
        'write each flag with its leading "--", its value after "=" or a space (or as the next element)');
    }
  }
  return flags;
}

/**
 * Parses every source and returns the flags in order; throws DUPLICATE_VLLM_FLAG
 * when a flag appears twice (vLLM keeps the last one, silently).
 */
export function mergeVllmFlags(sources: readonly VllmFlagSource[]): VllmFlag[] {
  const seen = new Map<string, VllmFlag>();
  const all: VllmFlag[] = [];
  for (const s of sources) {
    for (const flag of parseVllmFlags(s.source, s.args)) {
      const first = seen.get(flag.name);
      if (first) throw Errors.duplicateVllmFlag(flag.name, first.text, first.source, flag.text, flag.source);
      seen.set(flag.name, flag);
      all.push(flag);
    }
  }
  return all;
}

/** Single-quotes `value` for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.split("'").join("'\\''")}'`;
}

/**
 * The flags as shell words: `--name<separator>value`, or `--name 'value'` when the
 * value needs quoting.
 */
export function vllmShellWords(flags: readonly VllmFlag[], separator: '=' | ' ' = '='): string[] {
  return flags.map((f) => {
    if (f.value === undefined) return f.name;
    return SAFE_SHELL_WORD.test(f.value) ? `${f.name}${separator}${f.value}` : `${f.name} ${shellQuote(f.value)}`;
  });
}

/** The flags as argv tokens: `--name`, then the value as its own element. */
export function vllmArgv(flags: readonly VllmFlag[]): string[] {
  return flags.flatMap((f) => (f.value === undefined ? [f.name] : [f.name, f.value]));
}
