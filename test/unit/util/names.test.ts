/**
 * Unit tests of lib/util/names.ts: every rule on both sides of each boundary.
 *
 * Sources of the rules:
 * - GCE / RFC 1035: `[a-z]([-a-z0-9]*[a-z0-9])?`, at most 63 characters (Compute Engine resource naming).
 * - GKE cluster names: a lowercase letter followed by up to 39 lowercase letters, digits or hyphens,
 *   not ending with a hyphen (GKE "Creating a cluster").
 * - GKE node pool names: the API regex `[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?` ("no longer than 40 characters").
 * - IAM service account IDs: 6-30 characters matching `[a-z]([-a-z0-9]*[a-z0-9])` (CreateServiceAccountRequest.account_id).
 * - Kubernetes DNS-1123 label (63) and subdomain (253) (Kubernetes "Object Names and IDs").
 * - Helm release names: DNS-1123 label of at most 53 characters (Helm `helm install` name validation).
 * - Cloud Storage bucket names: 3-63 characters, up to 222 with dots (63 per part), letters/digits/-/_/.,
 *   start and end with a letter or digit, not an IP address, no "goog" prefix, no "google" (Cloud Storage "Bucket names").
 */
import { Token } from 'cdktf/lib/tokens/token';
import { NameRules, validateName } from '../../../lib/util/names';
import { errorOf } from '../helpers';

const ok = (rule: Parameters<typeof validateName>[0], name: string) => validateName(rule, name);

describe('GCE_RESOURCE (RFC 1035, at most 63)', () => {
  test.each(['a', 'a1', 'a-b', 'z9', 'a'.repeat(63), `a${'-'.repeat(61)}b`])('accepts %s', (name) => {
    expect(ok(NameRules.GCE_RESOURCE, name)).toBe(name);
  });

  test.each([
    ['', 'empty'], ['1abc', 'starts with a digit'], ['-abc', 'starts with a hyphen'], ['abc-', 'ends with a hyphen'],
    ['Abc', 'uppercase'], ['a_b', 'underscore'], ['a.b', 'dot'], ['a b', 'space'], ['a'.repeat(64), '64 characters'],
    ['abc\n', 'trailing newline'],
  ])('rejects %j (%s)', (name) => {
    expect(() => ok(NameRules.GCE_RESOURCE, name)).toThrow(/^Compute Engine resource name /);
  });

  test('the message names the value, the rule and a valid suggestion', () => {
    expect(errorOf(() => validateName(NameRules.GCE_RESOURCE, '1st_Net-', 'Network'))).toBe(
      'Network name "1st_Net-" would be rejected by GKE. Allowed: 1-63 characters; lowercase letters, digits and hyphens; '
      + 'starts with a letter, ends with a letter or digit. Fix: use a name such as "st-net"');
  });

  test('a name too long is told to shorten', () => {
    expect(errorOf(() => ok(NameRules.GCE_RESOURCE, 'a'.repeat(64)))).toMatch(/Fix: shorten it to at most 63 characters$/);
  });

  test('an empty name gets a placeholder suggestion', () => {
    expect(errorOf(() => ok(NameRules.GCE_RESOURCE, ''))).toMatch(/Allowed: 1-63 characters; .* Fix: use a name such as "name"$/);
  });

  test.each([
    [`${'a'.repeat(39)}_`, 'a'.repeat(39)], ['A--B--', 'a--b'], ['a__b', 'a-b'], ['a_._b', 'a-b'], ['12abc', 'abc'], ['-_1abc', 'abc'],
    ['ab--__', 'ab'], ['Ab', 'ab'],
  ])('the suggestion for %j is %j: lowercase, runs of other characters as one hyphen, a letter first, no trailing hyphen', (name, suggestion) => {
    expect(errorOf(() => ok(NameRules.GKE_NODE_POOL, name))).toMatch(new RegExp(`Fix: use a name such as "${suggestion}"$`));
  });

  test('unresolved tokens (Terraform variables) are not checked', () => {
    const token = Token.asString({ Ref: 'var.name' });
    expect(Token.isUnresolved(token)).toBe(true);
    expect(ok(NameRules.GCE_RESOURCE, token)).toBe(token);
  });
});

describe('GKE_CLUSTER and GKE_NODE_POOL (at most 40)', () => {
  test('the kinds named in messages', () => {
    expect(errorOf(() => ok(NameRules.GKE_CLUSTER, 'C'))).toBe(
      'GKE cluster name "C" would be rejected by GKE. Allowed: 1-40 characters; lowercase letters, digits and hyphens; '
      + 'starts with a letter, ends with a letter or digit. Fix: use a name such as "c"');
    expect(errorOf(() => ok(NameRules.GKE_NODE_POOL, 'P'))).toMatch(/^GKE node pool name "P" would be rejected by GKE\. Allowed: 1-40 characters; /);
  });

  test.each([NameRules.GKE_CLUSTER, NameRules.GKE_NODE_POOL])('$kind: 40 characters pass, 41 fail', (rule) => {
    expect(ok(rule, 'a'.repeat(40))).toBe('a'.repeat(40));
    expect(errorOf(() => ok(rule, 'a'.repeat(41)))).toBe(
      `${rule.kind} name "${'a'.repeat(41)}" would be rejected by GKE. Allowed: 1-40 characters; lowercase letters, digits and hyphens; `
      + 'starts with a letter, ends with a letter or digit. Fix: shorten it to at most 40 characters');
  });

  test.each([NameRules.GKE_CLUSTER, NameRules.GKE_NODE_POOL])('$kind: starts with a letter, ends with a letter or digit', (rule) => {
    expect(ok(rule, 'tpu-pool-1')).toBe('tpu-pool-1');
    expect(ok(rule, 'p')).toBe('p');
    for (const bad of ['1pool', 'pool-', '-pool', 'Pool', 'pool_1']) expect(() => ok(rule, bad)).toThrow(/INVALID|rejected by GKE/);
  });
});

describe('SERVICE_ACCOUNT_ID (6-30, RFC 1035)', () => {
  test.each(['abcdef', 'a12345', 'tpu-reader', 'a'.repeat(30), 'a----9'])('accepts %s', (name) => {
    expect(ok(NameRules.SERVICE_ACCOUNT_ID, name)).toBe(name);
  });

  test.each([
    ['abcd', 'lengthen it to at least 6 characters'],
    ['abcde', 'lengthen it to at least 6 characters'],
    ['a'.repeat(31), 'shorten it to at most 30 characters'],
    ['1abcdef', 'use a name such as "abcdef"'],
    ['abcdef-', 'use a name such as "abcdef"'],
    ['Tpu_Reader', 'use a name such as "tpu-reader"'],
    ['12-ab-cd', 'rename it to follow the rule (lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit)'],
    ['abcde-', 'rename it to follow the rule (lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit)'],
  ])('rejects %s: %s', (name, fix) => {
    expect(errorOf(() => ok(NameRules.SERVICE_ACCOUNT_ID, name))).toBe(
      `Service account name "${name}" would be rejected by GKE. Allowed: 6-30 characters; lowercase letters, digits and hyphens; `
      + `starts with a letter, ends with a letter or digit. Fix: ${fix}`);
  });
});

describe('K8S_DNS_LABEL (DNS-1123 label, at most 63)', () => {
  test.each(['a', '0', '1abc', 'a-1', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(ok(NameRules.K8S_DNS_LABEL, name)).toBe(name);
  });

  test.each(['', 'abc-', '-abc', 'a.b', 'A', 'a_b', 'a'.repeat(64)])('rejects %j', (name) => {
    expect(() => ok(NameRules.K8S_DNS_LABEL, name)).toThrow(/^Kubernetes name /);
  });

  test('the kind in the message can be overridden', () => {
    expect(errorOf(() => validateName(NameRules.K8S_DNS_LABEL, 'ns-', 'Kubernetes namespace'))).toBe(
      'Kubernetes namespace name "ns-" would be rejected by GKE. Allowed: 1-63 characters; lowercase letters, digits and hyphens; '
      + 'starts and ends with a letter or digit. Fix: use a name such as "ns"');
  });
});

describe('K8S_DNS_SUBDOMAIN (DNS-1123 subdomain, at most 253)', () => {
  const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
  test.each(['a', 'a.b', '0.1', 'gcs-fuse-ksa', 'my.secret-1', long])('accepts %s', (name) => {
    expect(ok(NameRules.K8S_DNS_SUBDOMAIN, name)).toBe(name);
  });

  test('253 characters pass, 254 fail', () => {
    expect(long.length).toBe(253);
    expect(errorOf(() => ok(NameRules.K8S_DNS_SUBDOMAIN, `${long}d`))).toMatch(/Allowed: 1-253 characters; .* Fix: shorten it to at most 253 characters$/);
  });

  test.each(['', '.a', 'a.', 'a..b', 'a-.b', 'a.-b', 'A.b', 'a_b'])('rejects %j', (name) => {
    expect(() => ok(NameRules.K8S_DNS_SUBDOMAIN, name)).toThrow(/^Kubernetes name /);
  });

  test('the message gives the subdomain alphabet', () => {
    expect(errorOf(() => ok(NameRules.K8S_DNS_SUBDOMAIN, 'My.Secret'))).toBe(
      'Kubernetes name "My.Secret" would be rejected by GKE. Allowed: 1-253 characters; lowercase letters, digits, hyphens and dots. '
      + 'Fix: use a name such as "my-secret"');
  });
});

describe('HELM_RELEASE (DNS-1123 label, at most 53)', () => {
  test('53 characters pass, 54 fail; digits may lead', () => {
    expect(ok(NameRules.HELM_RELEASE, 'a'.repeat(53))).toBe('a'.repeat(53));
    expect(ok(NameRules.HELM_RELEASE, '1-release')).toBe('1-release');
    expect(errorOf(() => ok(NameRules.HELM_RELEASE, 'a'.repeat(54)))).toMatch(/^Helm release name .* Allowed: 1-53 characters; .* Fix: shorten it to at most 53 characters$/);
    expect(errorOf(() => ok(NameRules.HELM_RELEASE, 'ms-pd-'))).toBe(
      'Helm release name "ms-pd-" would be rejected by GKE. Allowed: 1-53 characters; lowercase letters, digits and hyphens; '
      + 'starts and ends with a letter or digit. Fix: use a name such as "ms-pd"');
  });
});

describe('GCS_BUCKET', () => {
  test.each([
    'abc', 'a'.repeat(63), 'my_bucket-1', 'model.weights', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(30)}`,
    '1bucket', 'bucket9', 'my-goog-bucket', '1.2.3', '1.2.3.4.5',
  ])('accepts %s', (name) => {
    expect(ok(NameRules.GCS_BUCKET, name)).toBe(name);
  });

  test.each([
    ['ab', 'shorter than 3'],
    ['a'.repeat(64), 'more than 63 without dots'],
    [`a.${'b'.repeat(64)}`, 'a part after a dot longer than 63'],
    [`${'a'.repeat(64)}.b`, 'the first part longer than 63'],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(32)}`, '223 characters'],
    ['_bucket', 'starts with an underscore'],
    ['bucket_', 'ends with an underscore'],
    ['bucket.', 'ends with a dot'],
    ['My-Bucket', 'uppercase'],
    ['192.168.5.4', 'an IP address'],
    ['192.168.10.40', 'an IP address with two-digit octets'],
    ['10.100.200.255', 'an IP address with three-digit octets'],
    [`a.${'b'.repeat(63)}.${'c'.repeat(64)}`, 'the third part longer than 63'],
    ['goog-weights', 'the goog prefix'],
    ['my-google-weights', 'contains google'],
    ['my-g00gle-weights', 'contains g00gle'],
    ['my bucket', 'a space'],
  ])('rejects %s (%s)', (name) => {
    expect(() => ok(NameRules.GCS_BUCKET, name)).toThrow(/^Cloud Storage bucket name /);
  });

  test('the message gives the 3-222 range and a suggestion that passes', () => {
    expect(errorOf(() => ok(NameRules.GCS_BUCKET, 'Model_Weights'))).toBe(
      'Cloud Storage bucket name "Model_Weights" would be rejected by GKE. Allowed: 3-222 characters; lowercase letters, digits, hyphens, '
      + 'underscores and dots; starts and ends with a letter or digit; at most 63 characters between dots; not an IP address; '
      + 'no "goog" prefix, no "google". Fix: use a name such as "model-weights"');
    expect(errorOf(() => ok(NameRules.GCS_BUCKET, 'google'))).toMatch(/Fix: rename it to follow the rule \(/);
  });
});
