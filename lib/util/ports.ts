/**
 * Port checks shared by the constructs that expose or probe a TCP port.
 */
import { Errors } from '../errors';

/** Throws unless `port` is a TCP port number (1-65535); `example` is the port the fix suggests. Returns the port. */
export function validatePort(what: string, port: number, example: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw Errors.outOfRange(what, port, '1 to 65535', `use a TCP port such as ${example}`);
  }
  return port;
}
