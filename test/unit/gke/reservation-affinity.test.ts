/**
 * Unit tests of lib/gke/reservation-affinity.ts.
 *
 * Source: GKE node pool `reservationAffinity` (consumeReservationType ANY_RESERVATION, NO_RESERVATION,
 * SPECIFIC_RESERVATION with key `compute.googleapis.com/reservation-name` and the reservation name, or for
 * shared reservations and blocks the path projects/<project>/reservations/<name>/reservationBlocks/<block>
 * [/reservationSubBlocks/<subBlock>]) — Compute Engine "Consume reserved instances" and the TPU All Capacity docs.
 */
import { Token } from 'cdktf/lib/tokens/token';
import { ReservationAffinity } from '../../../lib/gke/reservation-affinity';
import { codeOf, errorOf } from '../helpers';

describe('ReservationAffinity', () => {
  test('any(): ANY_RESERVATION, no key, no values, no reservation', () => {
    const a = ReservationAffinity.any();
    expect(a.config).toEqual({ consumeReservationType: 'ANY_RESERVATION' });
    expect(a.reservation).toBeUndefined();
  });

  test('none(): NO_RESERVATION, no key, no values, no reservation', () => {
    const a = ReservationAffinity.none();
    expect(a.config).toEqual({ consumeReservationType: 'NO_RESERVATION' });
    expect(a.reservation).toBeUndefined();
  });

  test('specific(name): the bare name (the node pool project owns the reservation)', () => {
    const a = ReservationAffinity.specific({ name: 'tpu-reservation' });
    expect(a.config).toEqual({
      consumeReservationType: 'SPECIFIC_RESERVATION', key: 'compute.googleapis.com/reservation-name', values: ['tpu-reservation'],
    });
    expect(a.reservation).toBe('tpu-reservation');
  });

  test('specific with a project: the shared-reservation path', () => {
    const a = ReservationAffinity.specific({ name: 'res', project: 'owner-project' });
    expect(a.config.values).toEqual(['projects/owner-project/reservations/res']);
    expect(a.reservation).toBe('projects/owner-project/reservations/res');
  });

  test('specific with a project and a block: the block path', () => {
    expect(ReservationAffinity.specific({ name: 'res', project: 'my-project', block: 'block-0' }).reservation)
      .toBe('projects/my-project/reservations/res/reservationBlocks/block-0');
  });

  test('specific with a project, a block and a sub-block: the sub-block path', () => {
    const a = ReservationAffinity.specific({ name: 'res', project: 'my-project', block: 'block-0', subBlock: 'sub-block-1' });
    expect(a.reservation).toBe('projects/my-project/reservations/res/reservationBlocks/block-0/reservationSubBlocks/sub-block-1');
    expect(a.config).toEqual({
      consumeReservationType: 'SPECIFIC_RESERVATION', key: 'compute.googleapis.com/reservation-name',
      values: ['projects/my-project/reservations/res/reservationBlocks/block-0/reservationSubBlocks/sub-block-1'],
    });
  });
});

describe('ReservationAffinity.specific validates the reference', () => {
  const specific = (props: Parameters<typeof ReservationAffinity.specific>[0]) => () => ReservationAffinity.specific(props);

  test('reservation, block and sub-block names follow the Compute Engine rules, each named in the message', () => {
    expect(errorOf(specific({ name: '1res' }))).toMatch(/^Reservation name "1res" would be rejected by GKE\. Allowed: 1-63 characters; /);
    expect(errorOf(specific({ name: 'res', project: 'my-project', block: 'Block_0' })))
      .toMatch(/^Reservation "res" block name "Block_0" would be rejected by GKE\. .* Fix: use a name such as "block-0"$/);
    expect(errorOf(specific({ name: 'res', project: 'my-project', block: 'block-0', subBlock: 'sub-' })))
      .toMatch(/^Reservation "res" sub-block name "sub-" would be rejected by GKE\. .* Fix: use a name such as "sub"$/);
  });

  // Project IDs: 6-30 characters, a lowercase letter first, letters/digits/hyphens, no trailing hyphen;
  // legacy domain-scoped IDs are `domain:id` (Resource Manager "Creating and managing projects").
  test.each(['my-project', 'abcdef', `a${'b'.repeat(29)}`, 'project-123', 'example.com:my-project', 'google.com:tpu-tests'])(
    'project ID %s is accepted', (project) => {
      expect(ReservationAffinity.specific({ name: 'res', project }).reservation).toBe(`projects/${project}/reservations/res`);
    });

  test.each([
    'abcde', `a${'b'.repeat(30)}`, '1project', 'project-', 'My-project', 'my_project', 'my project', '123456789012',
    'X:my-project', ':my-project', 'example.com-:my-project', 'my-project!', 'my-project:', ' my-project',
  ])('project %j is refused', (project) => {
    expect(errorOf(specific({ name: 'res', project }))).toBe(
      `Reservation "res" names project "${project}", which is not a project ID. `
      + 'Allowed: a project ID: 6-30 lowercase letters, digits and hyphens, starting with a letter (e.g. "my-project"). '
      + 'Fix: pass the ID (not the name or number) of the project that owns the reservation');
  });

  test('a project given as a Terraform variable is not checked', () => {
    const project = Token.asString({ Ref: 'var.project' });
    expect(ReservationAffinity.specific({ name: 'res', project, block: 'block-0' }).reservation)
      .toBe(`projects/${project}/reservations/res/reservationBlocks/block-0`);
  });

  test('a block needs its project; a sub-block needs its block', () => {
    expect(codeOf(specific({ name: 'res', block: 'block-0' }))).toBe('RESERVATION_INCOMPLETE');
    expect(errorOf(specific({ name: 'res', block: 'block-0' }))).toBe(
      'Reservation "res" block "block-0" has no project, so its path would read projects/undefined/reservations/.... '
      + 'Allowed: a `project` with every reservation block: projects/<project>/reservations/<name>/reservationBlocks/<block>. '
      + 'Fix: pass `project`: the node pool\'s project, or the project that shares the reservation');
    expect(errorOf(specific({ name: 'res', project: 'my-project', subBlock: 'sub-block-1' }))).toBe(
      'Reservation "res" sub-block "sub-block-1" has no block, so it would be dropped. '
      + 'Allowed: a sub-block only inside a block (`block` and `subBlock` together). Fix: pass the `block` that holds the sub-block, or remove `subBlock`');
    expect(errorOf(specific({ name: 'res', subBlock: 'sub-block-1' }))).toMatch(/sub-block "sub-block-1" has no block/);
  });
});
