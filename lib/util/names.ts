/**
 * Name rules of the APIs we emit to. Each check skips unresolved tokens
 * (e.g. a Terraform variable), whose value is only known at plan time.
 */
// The token module alone: these checks need only Token.isUnresolved, and the cdktf root takes ~1 s to load.
import { Token } from 'cdktf/lib/tokens/token';
import { Errors } from '../errors';

interface NameRule {
  readonly kind: string;
  /** Shortest allowed name (1 unless the API says otherwise). */
  readonly minLength?: number;
  readonly maxLength: number;
  readonly pattern: RegExp;
  readonly description: string;
}

const GCE_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const GCS_BUCKET_PATTERN = /^(?!goog)(?!.*g(?:oo|00)gle)(?!\d+\.\d+\.\d+\.\d+$)(?![^.]{64})(?!.*\.[^.]{64})[a-z0-9][-a-z0-9_.]*[a-z0-9]$/;

export const NameRules = {
  /** GKE cluster names: 1-40 characters, lowercase letters, digits and hyphens, starting with a letter. */
  GKE_CLUSTER: { kind: 'GKE cluster', maxLength: 40, pattern: GCE_PATTERN, description: 'lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit' },
  /** GKE node pool names: 1-40 characters, same alphabet as cluster names. */
  GKE_NODE_POOL: { kind: 'GKE node pool', maxLength: 40, pattern: GCE_PATTERN, description: 'lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit' },
  /** Compute Engine resources (networks, subnets, firewalls, resource policies): RFC 1035, at most 63 characters. */
  GCE_RESOURCE: { kind: 'Compute Engine resource', maxLength: 63, pattern: GCE_PATTERN, description: 'lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit' },
  /** Kubernetes namespaces and most object names that are DNS labels. */
  K8S_DNS_LABEL: { kind: 'Kubernetes', maxLength: 63, pattern: DNS_LABEL, description: 'lowercase letters, digits and hyphens; starts and ends with a letter or digit' },
  /** Kubernetes object names that are DNS subdomains. */
  K8S_DNS_SUBDOMAIN: { kind: 'Kubernetes', maxLength: 253, pattern: DNS_SUBDOMAIN, description: 'lowercase letters, digits, hyphens and dots' },
  /** Helm release names: DNS label of at most 53 characters (Helm appends suffixes). */
  HELM_RELEASE: { kind: 'Helm release', maxLength: 53, pattern: DNS_LABEL, description: 'lowercase letters, digits and hyphens; starts and ends with a letter or digit' },
  /** Service account IDs (IAM CreateServiceAccountRequest.account_id): 6-30 characters matching RFC 1035. */
  SERVICE_ACCOUNT_ID: { kind: 'Service account', minLength: 6, maxLength: 30, pattern: GCE_PATTERN, description: 'lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit' },
  /**
   * Cloud Storage bucket names: 3-63 characters (up to 222 with dots, at most 63 per dot-separated part),
   * lowercase letters, digits, hyphens, underscores and dots, starting and ending with a letter or digit;
   * not an IP address, not starting with "goog", not containing "google" or "g00gle".
   */
  GCS_BUCKET: { kind: 'Cloud Storage bucket', minLength: 3, maxLength: 222, pattern: GCS_BUCKET_PATTERN, description: 'lowercase letters, digits, hyphens, underscores and dots; starts and ends with a letter or digit; at most 63 characters between dots; not an IP address; no "goog" prefix, no "google"' },
} satisfies Record<string, NameRule>;

/** Throws a {@link TpuGkeError} when `name` breaks `rule`; returns the name for chaining. */
export function validateName(rule: NameRule, name: string, what?: string): string {
  if (Token.isUnresolved(name)) return name;
  const kind = what ?? rule.kind;
  const minLength = rule.minLength ?? 1;
  const allowed = `${minLength}-${rule.maxLength} characters; ${rule.description}`;
  if (name.length < minLength || name.length > rule.maxLength || !rule.pattern.test(name)) {
    const suggestion = suggestName(name);
    const fix = name.length > rule.maxLength ? `shorten it to at most ${rule.maxLength} characters`
      : name.length > 0 && name.length < minLength ? `lengthen it to at least ${minLength} characters`
        : suggestion.length >= minLength && rule.pattern.test(suggestion) ? `use a name such as "${suggestion}"`
          : `rename it to follow the rule (${rule.description})`;
    throw Errors.invalidName(kind, name, allowed, fix);
  }
  return name;
}

/** Lowercased, runs of other characters as one hyphen, no leading non-letters or trailing hyphens (never longer than `name`). */
function suggestName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '') || 'name';
}
