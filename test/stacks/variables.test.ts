import { Testing } from 'cdktf';
import { SubslicingStack } from '../../stacks/subslicing';
import { SuperslicingStack } from '../../stacks/superslicing';
import { synth } from '../helpers/synth';

/** The regex of a `can(regex("^...$", var.x))` validation, for checking values offline. */
function validationRegex(variable: { validation: { condition: string }[] }): RegExp {
  const m = /regex\("(\^.*\$)", var\.\w+\)/.exec(variable.validation[0].condition);
  if (!m) throw new Error(`no regex in ${variable.validation[0].condition}`);
  return new RegExp(JSON.parse(`"${m[1]}"`));
}

describe('Terraform variables that end up in IDs', () => {
  const json = synth(new SuperslicingStack(Testing.app(), 'superslicing'));

  test('reservation_project: empty or a project ID; the message says what to pass', () => {
    // Before: any string went into projects/<value>/reservations/... and failed at apply.
    const v = json.variable.reservation_project;
    expect(v.validation[0].error_message).toBe(
      'reservation_project must match empty (= project_id) or the ID of the project that owns the reservation (6-30 lowercase letters, digits, hyphens).');
    const re = validationRegex(v);
    for (const ok of ['', 'shared-project', 'example.com:my-project']) expect({ ok, valid: re.test(ok) }).toEqual({ ok, valid: true });
    for (const bad of ['My_Project', '123456789', 'proj', 'projects/shared-project']) expect({ bad, valid: re.test(bad) }).toEqual({ bad, valid: false });
  });
});

describe('bucket name variables', () => {
  const json = synth(new SubslicingStack(Testing.app(), 'subslicing'));

  test('model_bucket is required and checks every Cloud Storage naming rule, each message with the fix', () => {
    // Before: a default "model-weights" (someone else's global bucket) and one loose pattern that let "goog-..." and 300-character names pass.
    const v = json.variable.model_bucket;
    expect(v).not.toHaveProperty('default');
    expect(v.validation).toEqual([
      {
        condition: '${length(var.model_bucket) >= 3 && length(var.model_bucket) <= 222 && can(regex("^[a-z0-9][-_.a-z0-9]*[a-z0-9]$", var.model_bucket))}',
        error_message: 'model_bucket must be a bucket name: 3-63 characters (up to 222 with dots) of lowercase letters, digits, "-", "_" and ".", starting and ending with a letter or digit. Pass the name without gs://.',
      },
      {
        condition: '${alltrue([for part in split(".", var.model_bucket) : length(part) <= 63])}',
        error_message: 'model_bucket has a part longer than 63 characters (a name without dots, or a part between dots): shorten it.',
      },
      {
        condition: '${!startswith(var.model_bucket, "goog") && !can(regex("g(oo|00)gle", var.model_bucket)) && !can(regex("^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$", var.model_bucket))}',
        error_message: 'model_bucket is a name Cloud Storage reserves (starting with "goog", containing "google" or "g00gle", or an IP address): pick another name.',
      },
    ]);
  });

  test('the rules accept and refuse what Cloud Storage does (same regexes, evaluated here)', () => {
    const [chars, , reserved] = json.variable.model_bucket.validation.map((x: { condition: string }) => x.condition);
    const charRe = new RegExp(/regex\("([^"]+)"/.exec(chars)![1]);
    const ok = (b: string) => b.length >= 3 && b.length <= 222 && charRe.test(b) && b.split('.').every((p) => p.length <= 63)
      && !b.startsWith('goog') && !/g(oo|00)gle/.test(b) && !/^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$/.test(b);
    expect(reserved).toContain('g(oo|00)gle');
    for (const b of ['my-project-qwen-weights', 'weights_2026', 'tf.example.com']) expect({ b, ok: ok(b) }).toEqual({ b, ok: true });
    for (const b of ['gs://weights', 'Weights', 'ab', 'goog-weights', 'my-google-weights', 'my-g00gle-weights', '10.0.0.1', 'x'.repeat(64), '-weights'])
      expect({ b, ok: ok(b) }).toEqual({ b, ok: false });
  });
});

describe('names Google Cloud and Kubernetes cap at 63 characters', () => {
  const json = synth(new SuperslicingStack(Testing.app(), 'superslicing-names'));

  test.each([
    ['reservation_name', 'reservation_name must match a reservation name (1-63 lowercase letters, digits, hyphens; starts with a letter).'],
    ['reservation_block', 'reservation_block must match a reservation block name such as block-0 (1-63 lowercase letters, digits, hyphens).'],
    ['namespace', 'namespace must match a Kubernetes namespace name (1-63 lowercase letters, digits, hyphens).'],
  ])('%s: at most 63 characters (before: any length passed)', (name, message) => {
    const v = json.variable[name];
    expect(v.validation[0].error_message).toBe(message);
    const re = validationRegex(v);
    expect(re.test('a'.repeat(63))).toBe(true);
    expect(re.test('a'.repeat(64))).toBe(false);
    expect(re.test('block-0')).toBe(true);
    expect(re.test('Block_0')).toBe(false);
  });
});
