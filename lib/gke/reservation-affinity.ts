import { Token } from 'cdktf';
import { ContainerNodePoolNodeConfigReservationAffinity } from '@cdktf/provider-google/lib/container-node-pool';
import { Errors } from '../errors';
import { NameRules, validateName } from '../util/names';

/** Project IDs: 6-30 characters, optionally domain-scoped (`example.com:my-project`). */
const PROJECT_ID = /^([a-z][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/**
 * Every part of a specific reservation reference that ends up in the path
 * `projects/<project>/reservations/<name>/reservationBlocks/<block>/reservationSubBlocks/<subBlock>`:
 * literal names follow the Compute Engine rules, a block needs the owning project
 * (the path cannot be written without it), and a sub-block needs its block.
 */
function validateReference(props: SpecificReservationProps): void {
  validateName(NameRules.GCE_RESOURCE, props.name, 'Reservation');
  if (props.block !== undefined) validateName(NameRules.GCE_RESOURCE, props.block, `Reservation "${props.name}" block`);
  if (props.subBlock !== undefined) validateName(NameRules.GCE_RESOURCE, props.subBlock, `Reservation "${props.name}" sub-block`);
  if (props.project !== undefined && !Token.isUnresolved(props.project) && !PROJECT_ID.test(props.project)) {
    throw Errors.reservationIncomplete(props.name, `names project "${props.project}", which is not a project ID`,
      'a project ID: 6-30 lowercase letters, digits and hyphens, starting with a letter (e.g. "my-project")',
      'pass the ID (not the name or number) of the project that owns the reservation');
  }
  if (props.block !== undefined && props.project === undefined) {
    throw Errors.reservationIncomplete(props.name, `block "${props.block}" has no project, so its path would read projects/undefined/reservations/...`,
      'a `project` with every reservation block: projects/<project>/reservations/<name>/reservationBlocks/<block>',
      'pass `project`: the node pool\'s project, or the project that shares the reservation');
  }
  if (props.subBlock !== undefined && props.block === undefined) {
    throw Errors.reservationIncomplete(props.name, `sub-block "${props.subBlock}" has no block, so it would be dropped`,
      'a sub-block only inside a block (`block` and `subBlock` together)', 'pass the `block` that holds the sub-block, or remove `subBlock`');
  }
}

/** Props of {@link ReservationAffinity.specific}. */
export interface SpecificReservationProps {
  /** Reservation name. */
  readonly name: string;
  /**
   * Project that owns the reservation (shared reservations). When set, the full path
   * `projects/<project>/reservations/<name>[/reservationBlocks/<block>]` is used.
   * Required with `block`.
   * @default - the node pool's project (the bare reservation name is written); no default with `block`
   */
  readonly project?: string;
  /**
   * Reservation block (All Capacity mode), e.g. `block-0`.
   * @default - the whole reservation
   */
  readonly block?: string;
  /**
   * Reservation sub-block inside the block (needs `block`).
   * @default - any sub-block of the block
   */
  readonly subBlock?: string;
}

/** How a node pool consumes Compute Engine reservations. */
export class ReservationAffinity {
  /** Consume only the given reservation (block, sub-block). */
  public static specific(props: SpecificReservationProps): ReservationAffinity {
    validateReference(props);
    let value = props.name;
    if (props.project !== undefined || props.block !== undefined) {
      value = `projects/${props.project}/reservations/${props.name}`;
      if (props.block !== undefined) value += `/reservationBlocks/${props.block}`;
      if (props.block !== undefined && props.subBlock !== undefined) value += `/reservationSubBlocks/${props.subBlock}`;
    }
    return new ReservationAffinity({
      consumeReservationType: 'SPECIFIC_RESERVATION',
      key: 'compute.googleapis.com/reservation-name',
      values: [value],
    }, value);
  }

  /** Consume any matching reservation, falling back to on-demand capacity. */
  public static any(): ReservationAffinity {
    return new ReservationAffinity({ consumeReservationType: 'ANY_RESERVATION' });
  }

  /** Never consume reservations. */
  public static none(): ReservationAffinity {
    return new ReservationAffinity({ consumeReservationType: 'NO_RESERVATION' });
  }

  private constructor(
    /** The `node_config.reservation_affinity` block. */
    public readonly config: ContainerNodePoolNodeConfigReservationAffinity,
    /** For specific reservations: the value written (name or full path). */
    public readonly reservation?: string,
  ) {}
}
