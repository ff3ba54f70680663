import { Errors, TpuGkeError } from '../../lib/errors';

describe('P/D serving errors', () => {
  test('each factory has a stable code and names value, allowed set and fix', () => {
    const cases: [TpuGkeError, string, string][] = [
      [Errors.tensorParallelNotTensorCores('lws', 8, 8, 'tpu7x', 16), 'TENSOR_PARALLEL_NOT_TENSOR_CORES',
        'Tensor parallel size 8 of "lws" does not match its 8 tpu7x chips per replica (16 TensorCores). Allowed: 16 (chips per replica x TensorCores per chip). Fix: set the tensor parallel size to 16, or give each replica 8 TensorCores'],
      [Errors.nodeSelectorMatchesNoPool('ms', 'k', 'v', 'w'), 'NODE_SELECTOR_MATCHES_NO_POOL',
        'Node selector k="v" of "ms" matches no node pool of the platform. Allowed: "w". Fix: select "w", or add node pools with k="v"'],
      [Errors.replicaExceedsVm('ms', 8, 'ct6e-standard-4t', 4), 'REPLICA_EXCEEDS_VM',
        'Workload "ms" asks for 8 TPU chips per pod but a ct6e-standard-4t node has 4. Allowed: a divisor of 4. Fix: request at most 4 chips per pod, or use a machine type with more chips per VM'],
      [Errors.selectorMissesModelServers('pool', 'k', 'v', 'a="b"'), 'SELECTOR_MISSES_MODEL_SERVERS',
        'InferencePool "pool" selector k="v" matches none of the model server pods. Allowed: labels the model servers carry: a="b". Fix: add the label to the model servers, or select a label they carry'],
      [Errors.routeDuplicatesRouterRoute('r', 'pd'), 'ROUTE_DUPLICATES_ROUTER_ROUTE',
        'HTTPRoute "r" would duplicate HTTPRoute "pd", which the router\'s chart creates. Allowed: no `route` with a router that creates its own HTTPRoute. '
        + 'Fix: remove `route`, or use a router whose chart creates no HTTPRoute (PdRouter.inferencePool)'],
      [Errors.pickerConfigNotPd('router "x"', ['no "prefill-filter" plugin', 'profile "decode" refers to undeclared plugin "y"']), 'PICKER_CONFIG_NOT_PD',
        'Endpoint picker config of router "x" cannot schedule prefill/decode: no "prefill-filter" plugin; profile "decode" refers to undeclared plugin "y". '
        + 'Allowed: prefill and decode profiles, prefill-filter and decode-filter plugins, references to declared plugins only. '
        + 'Fix: declare every plugin a profile refers to and keep both P/D profiles'],
      [Errors.proxySubnetRequired('gke-l7-rilb'), 'PROXY_SUBNET_REQUIRED',
        'Gateway class "gke-l7-rilb" needs a proxy-only subnet in the region, but the network has none. Allowed: a TpuNetwork with `proxySubnetCidr` set. Fix: keep the TpuNetwork default proxy-only subnet (172.16.0.0/26) or pick a global Gateway class'],
    ];
    for (const [e, code, message] of cases) expect({ code: e.code, message: e.message }).toEqual({ code, message });
  });
});
