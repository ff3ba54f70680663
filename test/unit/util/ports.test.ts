/**
 * Unit tests of lib/util/ports.ts. Source: Kubernetes ServicePort/ContainerPort (`port`: 1-65535).
 */
import { validatePort } from '../../../lib/util/ports';
import { errorOf } from '../helpers';

describe('validatePort', () => {
  test.each([1, 80, 8000, 65535])('accepts %d and returns it', (port) => {
    expect(validatePort('Service port', port, 80)).toBe(port);
  });

  test.each([0, -1, 65536, 8000.5, Number.NaN])('rejects %d, suggesting the example port', (port) => {
    expect(errorOf(() => validatePort('Service port', port, 8080))).toBe(
      `Service port ${port} is out of range. Allowed: 1 to 65535. Fix: use a TCP port such as 8080`);
  });
});
