import { ContainerNodePoolNodeConfigReservationAffinity } from '@cdktf/provider-google/lib/container-node-pool';

/** Props of {@link ReservationAffinity.specific}. */
export interface SpecificReservationProps {
  /** Reservation name. */
  readonly name: string;
  /**
   * Project that owns the reservation (shared reservations). When set, or when
   * `block` is set, the full path `projects/<project>/reservations/<name>[/reservationBlocks/<block>]`
   * is used.
   * @default - the node pool's project, and the bare reservation name when no block is given
   */
  readonly project?: string;
  /**
   * Reservation block (All Capacity mode), e.g. `block-0`.
   * @default - the whole reservation
   */
  readonly block?: string;
  /**
   * Reservation sub-block inside the block.
   * @default - any sub-block of the block
   */
  readonly subBlock?: string;
}

/** How a node pool consumes Compute Engine reservations. */
export class ReservationAffinity {
  /** Consume only the given reservation (block, sub-block). */
  public static specific(props: SpecificReservationProps): ReservationAffinity {
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
