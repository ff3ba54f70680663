/**
 * Renders in-cluster objects and Helm values to YAML text at synth time.
 *
 * - YAML 1.1 quoting (as Helm's go-yaml reads it): strings such as "yes", "on",
 *   "0755" or "1e3" stay strings.
 * - Deterministic: keys keep the insertion order of the builders; no line folding.
 * - Terraform-safe: literal `${` and `%{` (shell variables, templates) are escaped
 *   to `$${` / `%%{` so Terraform does not interpolate them.
 * - Values only known at plan time (cdktf tokens such as a variable reference) are
 *   emitted as `${jsonencode(...)}`: Terraform substitutes a JSON string literal,
 *   which is a valid YAML scalar whatever characters the value holds.
 */
import { Fn } from 'cdktf';
import { Document, isScalar, visit } from 'yaml';

const TOKEN_MARKER = '${TfToken[';

/** Escapes literal Terraform template sequences, leaving cdktf token markers intact. */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{(?!TfToken\[)/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** Renders one value (an object, a list of objects, Helm values) as a YAML document. */
export function renderYaml(value: unknown): string {
  const doc = new Document(value, { version: '1.1' });
  visit(doc, {
    Scalar(key, node) {
      if (key !== 'key' && isScalar(node) && typeof node.value === 'string' && node.value.includes(TOKEN_MARKER)) {
        node.value = Fn.jsonencode(node.value);
        node.type = 'PLAIN';
      }
    },
  });
  return escapeTerraformTemplate(doc.toString({ lineWidth: 0, minContentWidth: 0 }));
}
