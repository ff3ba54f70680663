/**
 * A small, deterministic YAML writer for JSON-like data (objects, arrays,
 * strings, numbers, booleans, null), in block style with two-space indentation.
 *
 * Strings are written plain only when every YAML 1.1 and 1.2 reader (Helm's
 * go-yaml, kubectl, Python, JavaScript) reads them back as the same string;
 * everything else is double-quoted (JSON escapes are valid YAML escapes), and
 * multi-line text becomes a literal block. Written here rather than taken from a
 * YAML library to keep synth start-up fast and the output format fixed.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** YAML 1.1 and 1.2 words that do not read back as strings. */
const SPECIAL_WORD = /^(?:~|null|true|false|yes|no|on|off|y|n)$/i;
/** Decimal, exponent, hex/octal/binary, sexagesimal, infinity/NaN: all read as numbers somewhere. */
const NUMBER_LIKE = [
  /^[-+]?(?:\d[\d_]*)?(?:\.[\d_]*)?(?:[eE][-+]?\d+)?$/,
  /^[-+]?0[xob]/i,
  /^[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?$/,
];
const SPECIAL_FLOAT = /^[-+]?\.(?:inf|nan)$/i;
/** Dates and timestamps are parsed as such by YAML 1.1 readers. */
const DATE_LIKE = /^\d{4}-\d\d?-\d\d?(?:[Tt ].*)?$/;
/** Characters allowed in a plain scalar, and the ones it may start with. */
const PLAIN = /^(?:[A-Za-z0-9_./()$]|-{1,2}[A-Za-z])[A-Za-z0-9_./()@+=,:$-]*(?: [A-Za-z0-9_./()@+=,:$"'-]+)*$/;

/** True when `s` can be written without quotes and reads back as the same string. */
export function isPlainSafe(s: string): boolean {
  if (s === '' || !PLAIN.test(s)) return false;
  if (s.endsWith(':') || s.includes(': ')) return false;
  if (SPECIAL_WORD.test(s) || SPECIAL_FLOAT.test(s) || DATE_LIKE.test(s)) return false;
  if (/\d/.test(s) && NUMBER_LIKE.some((r) => r.test(s))) return false;
  return true;
}

function scalar(s: string): string {
  return isPlainSafe(s) ? s : JSON.stringify(s);
}

function isBlockCandidate(s: string): boolean {
  // Literal blocks cannot carry control characters, and a leading space on the
  // first line would need an indentation indicator: quote those instead.
  return s.includes('\n') && !/[\u0000-\u0008\u000b-\u001f\u007f\t]/.test(s) && !/^[ \n]/.test(s);
}

function block(s: string, indent: string): string {
  const trailing = /\n*$/.exec(s)![0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing === 0 ? s : s.slice(0, s.length - (trailing === 1 ? 1 : 0));
  const lines = (trailing > 1 ? body.slice(0, -1) : body).split('\n');
  return `|${chomp}\n${lines.map((l) => (l === '' ? '' : indent + l)).join('\n')}`;
}

function isEmptyCollection(v: Json): boolean {
  return Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

/** Strings written verbatim (e.g. a Terraform expression that yields a JSON string literal). */
let isVerbatim: (s: string) => boolean = () => false;

function inline(v: Json, indent: string): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return isVerbatim(v) ? v : isBlockCandidate(v) ? block(v, indent) : scalar(v);
  return Array.isArray(v) ? '[]' : '{}';
}

function isCollection(v: Json): v is Json[] | { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !isEmptyCollection(v);
}

function writeMap(map: { [key: string]: Json }, indent: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    const k = scalar(key);
    if (!isCollection(value)) {
      out.push(`${indent}${k}: ${inline(value, indent + '  ')}`);
    } else if (Array.isArray(value)) {
      out.push(`${indent}${k}:`, ...writeSeq(value, indent + '  '));
    } else {
      out.push(`${indent}${k}:`, ...writeMap(value, indent + '  '));
    }
  }
  return out;
}

function writeSeq(seq: Json[], indent: string): string[] {
  const out: string[] = [];
  for (const item of seq) {
    if (!isCollection(item)) {
      out.push(`${indent}- ${inline(item, indent + '  ')}`);
      continue;
    }
    const lines = Array.isArray(item) ? writeSeq(item, indent + '  ') : writeMap(item, indent + '  ');
    // The first line of the nested collection moves up next to the dash.
    out.push(`${indent}- ${lines[0].slice(indent.length + 2)}`, ...lines.slice(1));
  }
  return out;
}

export interface WriteYamlOptions {
  /**
   * Strings to write as they are, unquoted (their text must itself be a valid
   * YAML scalar once resolved, e.g. a `jsonencode(...)` Terraform expression).
   * @default - none
   */
  readonly verbatim?: (s: string) => boolean;
}

/** Writes `value` as one YAML document (ending with a newline). */
export function writeYaml(value: unknown, options: WriteYamlOptions = {}): string {
  const v = JSON.parse(JSON.stringify(value ?? null)) as Json;
  isVerbatim = options.verbatim ?? (() => false);
  try {
    if (!isCollection(v)) return `${inline(v, '  ')}\n`;
    return `${(Array.isArray(v) ? writeSeq(v, '') : writeMap(v, '')).join('\n')}\n`;
  } finally {
    isVerbatim = () => false;
  }
}
