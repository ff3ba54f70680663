/**
 * Unit tests of lib/gke/reservation-affinity.ts.
 *
 * Source: GKE node pool `reservationAffinity` (consumeReservationType ANY_RESERVATION, NO_RESERVATION,
 * SPECIFIC_RESERVATION with key `compute.googleapis.com/reservation-name` and the reservation name, or for
 * shared reservations and blocks the path projects/<project>/reservations/<name>/reservationBlocks/<block>
 * [/reservationSubBlocks/<subBlock>]) — Compute Engine "Consume reserved instances" and the TPU All Capacity docs.
 */
import { ReservationAffinity } from '../../../lib/gke/reservation-affinity';

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
