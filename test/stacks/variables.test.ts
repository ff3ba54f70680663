import { Testing } from 'cdktf';
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
