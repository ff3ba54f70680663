import { Errors } from '../errors';

/** A TPU topology such as `2x4` or `4x4x4`: chips along each ICI dimension. */
export class TpuTopology {
  /** Parses `AxB` or `AxBxC` (positive integers); throws MALFORMED_TOPOLOGY otherwise. */
  public static parse(text: string): TpuTopology {
    if (!/^[1-9]\d*(x[1-9]\d*){1,2}$/.test(text)) throw Errors.malformedTopology(text);
    return new TpuTopology(text.split('x').map(Number));
  }

  /** Builds a topology from its dimensions. */
  public static of(...dims: number[]): TpuTopology {
    return TpuTopology.parse(dims.join('x'));
  }

  /** Total chips (product of the dimensions). */
  public readonly chips: number;

  private constructor(public readonly dims: readonly number[]) {
    this.chips = dims.reduce((a, b) => a * b, 1);
  }

  /** Number of dimensions (2 for v5e/v6e, 3 for v5p/tpu7x). */
  public get rank(): number {
    return this.dims.length;
  }

  public equals(other: TpuTopology): boolean {
    return this.toString() === other.toString();
  }

  public toString(): string {
    return this.dims.join('x');
  }
}
