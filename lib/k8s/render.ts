/**
 * Renders in-cluster objects and Helm values to YAML text at synth time.
 *
 * - Strings that a YAML 1.1 reader (Helm's go-yaml) could take for something
 *   else ("yes", "on", "0755", "1e3", "12:30") are quoted (see yaml-writer.ts).
 * - Deterministic: keys keep the insertion order of the builders; no line folding.
 * - Terraform-safe: literal `${` and `%{` (shell variables, templates) are escaped
 *   to `$${` / `%%{` so Terraform does not interpolate them.
 * - Values only known at plan time (cdktf tokens such as a variable reference) are
 *   emitted as `${jsonencode(...)}`: Terraform substitutes a JSON string literal,
 *   which is a valid YAML scalar whatever characters the value holds.
 */
import { Fn } from 'cdktf';
import { writeYaml } from './yaml-writer';

const TOKEN_MARKER = '${TfToken[';

/** Escapes literal Terraform template sequences, leaving cdktf token markers intact. */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{(?!TfToken\[)/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * Escapes what cdktf leaves raw when it writes a string literal into a function
 * call (it only escapes newlines and `${`): backslashes, double quotes, tabs,
 * carriage returns and `%{`. `: ` and ` #` become `:\u0020` and ` \u0023` so the
 * unevaluated expression is still one plain YAML scalar (offline readers such as
 * the schema check parse the text before Terraform substitutes the value).
 * Token markers contain none of these.
 */
export function escapeHclStringLiteral(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/%\{/g, '%%{')
    .replace(/: /g, ':\\u0020').replace(/ #/g, ' \\u0023');
}

function encodeTokens(value: unknown): unknown {
  if (typeof value === 'string') return value.includes(TOKEN_MARKER) ? Fn.jsonencode(escapeHclStringLiteral(value)) : value;
  if (Array.isArray(value)) return value.map(encodeTokens);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, encodeTokens(v)]));
  }
  return value;
}

/** Renders one value (an object, a list of objects, Helm values) as a YAML document. */
export function renderYaml(value: unknown): string {
  const text = writeYaml(encodeTokens(value), { verbatim: (s) => s.startsWith(TOKEN_MARKER) });
  return escapeTerraformTemplate(text);
}
