/**
 * Terraform template strings in synthesized JSON, shown to people.
 *
 * A synthesized value such as `projects/${var.project_id}/zones/${var.zone}` mixes
 * literal text with interpolations; `$${` and `%%{` are escaped literals. This
 * module splits such strings, simplifies the expressions for display (drops the
 * `jsonencode(...)` wrapper the renderer adds, shortens cdktf logical IDs,
 * substitutes attributes whose value is a literal in the synthesized JSON) and
 * resolves plain variable references to their defaults where a number or image
 * tag is needed.
 */

/** Literal text or one `${...}` interpolation of a template string. */
export type TemplatePart = { readonly literal: string } | { readonly expr: string };

/** Splits a Terraform template string into literal text and interpolations. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      literal += `${text[i]}{`;
      i += 3;
      continue;
    }
    if (text.startsWith('${', i)) {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        literal += text.slice(i);
        break;
      }
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ expr: text.slice(i + 2, end).trim() });
      i = end + 1;
      continue;
    }
    literal += text[i];
    i += 1;
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** Index of the `}` that closes an interpolation opened before `start`, or -1. */
function closingBrace(text: string, start: number): number {
  let depth = 1;
  let inString = false;
  for (let j = start; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{') {
      depth += 1;
    } else if (c === '}') {
      depth -= 1;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** True when `text` holds at least one interpolation. */
export function hasExpression(text: string): boolean {
  return parseTemplate(text).some((p) => 'expr' in p);
}

/** The expression when `value` is exactly one interpolation (`"${var.zone}"` -> `var.zone`). */
export function soleExpression(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = parseTemplate(value);
  return parts.length === 1 && 'expr' in parts[0] ? parts[0].expr : undefined;
}

/** The text with escapes undone, when `value` holds no interpolation. */
export function literalText(value: string): string | undefined {
  const parts = parseTemplate(value);
  if (parts.some((p) => 'expr' in p)) return undefined;
  return parts.map((p) => ('literal' in p ? p.literal : '')).join('');
}

/** What expression display can look up in the synthesized stack. */
export interface ExprContext {
  /** Default of a declared variable (`undefined`: required or unknown). */
  variableDefault(name: string): unknown;
  /** Literal value of `attr` of the resource `type.id` (`data.` prefixed for data sources), if known. */
  attribute(type: string, id: string, attr: string): unknown;
  /** Synthesized value of a local (a literal or a template). */
  local?(name: string): unknown;
}

/** A context that knows nothing (expressions are only simplified). */
export const EMPTY_CONTEXT: ExprContext = { variableDefault: () => undefined, attribute: () => undefined };

const JSONENCODE = /^jsonencode\(([\s\S]*)\)$/;
/** `type.LogicalId_ABCDEF12` (cdktf appends 8 hex digits of the construct path hash). */
const REFERENCE = /\b(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*?)_([0-9A-F]{8})((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)/g;

/** Removes a `jsonencode(...)` wrapper whose parentheses enclose the whole expression. */
function unwrapJsonencode(expr: string): string {
  const m = JSONENCODE.exec(expr);
  if (!m || !balanced(m[1])) return expr;
  return unwrapJsonencode(m[1].trim());
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth += 1;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Simplifies an expression for display: `jsonencode(x)` -> `x`; a reference to
 * an attribute whose synthesized value is a literal becomes that literal (as a
 * quoted string); other references lose the logical ID's hash suffix
 * (`google_compute_network.Platform_Network_5526A71F.id` -> `google_compute_network.Platform_Network.id`).
 */
export function simplifyExpression(expr: string, ctx: ExprContext = EMPTY_CONTEXT): string {
  const inner = unwrapJsonencode(expr.trim());
  return inner.replace(REFERENCE, (whole, data: string | undefined, type: string, label: string, hash: string, path: string) => {
    const attr = /^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(path)?.[1];
    if (attr) {
      const value = ctx.attribute(`${data ?? ''}${type}`, `${label}_${hash}`, attr);
      if (typeof value === 'string' && !hasExpression(value)) return JSON.stringify(value);
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    }
    return whole.replace(`_${hash}`, '');
  });
}

/** A value ready to show: `text` (code), plus an optional plain-language `note`. */
export interface Shown {
  readonly text: string;
  readonly note?: string;
  /** True when the value is only known at plan time. */
  readonly planTime: boolean;
}

/**
 * Shows a synthesized value: literals as they are (escapes undone), a lone
 * variable reference as `var.x` with its default, a lone expression as the
 * simplified expression, and mixed templates with each interpolation simplified
 * inside `${...}`.
 */
export function showValue(value: unknown, ctx: ExprContext = EMPTY_CONTEXT): Shown {
  if (value === undefined || value === null) return { text: '', planTime: false };
  if (typeof value !== 'string') {
    if (Array.isArray(value)) {
      const shown = value.map((v) => showValue(v, ctx));
      // A one-element list keeps its element's note (`var.zone` with its default).
      const note = shown.length === 1 ? shown[0].note : undefined;
      return { text: shown.map((s) => s.text).join(', '), ...(note ? { note } : {}), planTime: shown.some((s) => s.planTime) };
    }
    return { text: typeof value === 'object' ? JSON.stringify(value) : String(value), planTime: false };
  }
  const parts = parseTemplate(value);
  if (!parts.some((p) => 'expr' in p)) return { text: parts.map((p) => ('literal' in p ? p.literal : '')).join(''), planTime: false };
  if (parts.length === 1 && 'expr' in parts[0]) {
    const simplified = simplifyExpression(parts[0].expr, ctx);
    const literal = /^"((?:[^"\\]|\\.)*)"$/.exec(simplified);
    if (literal) return { text: JSON.parse(simplified) as string, planTime: false };
    const variable = /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(simplified);
    if (variable) {
      const d = ctx.variableDefault(variable[1]);
      return { text: simplified, note: d === undefined ? 'required variable' : `default ${formatDefault(d)}`, planTime: true };
    }
    return { text: simplified, planTime: true };
  }
  const text = parts.map((p) => ('literal' in p ? p.literal : `\${${simplifyExpression(p.expr, ctx)}}`)).join('');
  return { text, planTime: true };
}

function formatDefault(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

/** A number from the synthesized value (or the default of a lone variable reference). */
export interface ResolvedNumber {
  readonly value: number;
  /** The variable whose default gave the number. */
  readonly via?: string;
}

/** Resolves literal numbers, numeric strings and `${var.x}` with a numeric default. */
export function resolveNumber(value: unknown, ctx: ExprContext = EMPTY_CONTEXT): ResolvedNumber | undefined {
  if (typeof value === 'number') return { value };
  if (typeof value !== 'string') return undefined;
  const literal = literalText(value);
  if (literal !== undefined) return /^\s*-?\d+(\.\d+)?\s*$/.test(literal) ? { value: Number(literal) } : undefined;
  const expr = soleExpression(value);
  const variable = expr && /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(unwrapJsonencode(expr));
  if (!variable) return undefined;
  const d = ctx.variableDefault(variable[1]);
  const n = typeof d === 'number' ? d : typeof d === 'string' && /^\d+$/.test(d) ? Number(d) : undefined;
  return n === undefined ? undefined : { value: n, via: `var.${variable[1]}` };
}

/** Resolves a string: literal text, or the string default of a lone variable reference. */
export function resolveString(value: unknown, ctx: ExprContext = EMPTY_CONTEXT): { value: string; via?: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const literal = literalText(value);
  if (literal !== undefined) return { value: literal };
  const expr = soleExpression(value);
  const variable = expr && /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(unwrapJsonencode(expr));
  if (!variable) return undefined;
  const d = ctx.variableDefault(variable[1]);
  return typeof d === 'string' && d !== '' ? { value: d, via: `var.${variable[1]}` } : undefined;
}

/**
 * The value an expression has with every variable at its default, as a
 * template string (it may still hold interpolations such as `${var.project_id}`):
 * variables with defaults, locals, and `coalesce(...)` of those. Undefined when
 * the expression is anything else.
 */
export function defaultTemplate(value: unknown, ctx: ExprContext, depth = 0): string | undefined {
  if (typeof value !== 'string' || depth > 8) return undefined;
  const expr = soleExpression(value);
  if (expr === undefined) return value;
  return expandExpression(unwrapJsonencode(expr), ctx, depth + 1);
}

function expandExpression(expr: string, ctx: ExprContext, depth: number): string | undefined {
  const variable = /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(expr);
  if (variable) {
    const d = ctx.variableDefault(variable[1]);
    return typeof d === 'string' ? d.replace(/\$\{/g, '$${') : typeof d === 'number' ? String(d) : undefined;
  }
  const local = /^local\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(expr);
  if (local) return defaultTemplate(ctx.local?.(local[1]), ctx, depth);
  const call = /^coalesce\(([\s\S]*)\)$/.exec(expr);
  if (call && balanced(call[1])) {
    for (const arg of splitArguments(call[1])) {
      const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(arg);
      const expanded = quoted ? (JSON.parse(arg) as string) : expandExpression(arg, ctx, depth + 1);
      if (expanded === undefined) return undefined;
      if (expanded !== '') return expanded;
    }
  }
  return undefined;
}

/** Splits function arguments at top-level commas. */
function splitArguments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') {
        cur += c + (text[i + 1] ?? '');
        i += 1;
        continue;
      }
      if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth -= 1;
    else if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * Replaces every interpolation in a YAML text with a placeholder that any YAML
 * reader keeps as plain text, so values such as `${jsonencode(var.ns)}` or
 * `${coalesce(var.a, var.b)}` parse safely; {@link restorePlaceholders} puts
 * them back (as `${...}`) after parsing. Escaped `$${` / `%%{` stay escaped, so
 * parsed strings are still Terraform templates for {@link showValue}.
 */
export function protectExpressions(text: string): { text: string; restore: (s: string) => string } {
  const exprs: string[] = [];
  const protectedText = parseTemplate(text).map((p) => {
    // Literal text keeps its Terraform escapes, so restored strings stay templates.
    if ('literal' in p) return p.literal.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
    exprs.push(p.expr);
    return `TFEXPR${exprs.length - 1}TFEXPR`;
  }).join('');
  const restore = (s: string): string => s.replace(/TFEXPR(\d+)TFEXPR/g, (_m, n: string) => `\${${exprs[Number(n)]}}`);
  return { text: protectedText, restore };
}

/** Applies `restore` to every string inside a parsed value. */
export function restoreDeep(value: unknown, restore: (s: string) => string): unknown {
  if (typeof value === 'string') return restore(value);
  if (Array.isArray(value)) return value.map((v) => restoreDeep(v, restore));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [restore(k), restoreDeep(v, restore)]));
  }
  return value;
}
