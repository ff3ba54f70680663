/**
 * Start-up and synth speed-ups for the app entry point (main.ts). Import it first.
 * The library itself never relies on these; they only remove work this app does
 * not need:
 *
 * 1. cdktf records a full stack trace for every token it creates (hundreds per
 *    stack) into a plain holder object, which costs about a sixth of synth time.
 *    Those traces only decorate errors about unresolvable tokens. Capturing into
 *    plain objects is skipped (cdktf then records an empty trace); traces of real
 *    errors are captured and formatted exactly as before.
 * 2. cdktf loads `archiver` (zip support for archive assets) when it loads;
 *    this app only copies directory assets, so the module is loaded on first use.
 * 3. The provider bindings carry their source maps inline, about 70% of their
 *    bytes (2.4 MB of the 3.4 MB container-cluster binding). The map comment is cut
 *    before V8 compiles the module; the code is unchanged.
 */
import * as fs from 'fs';
import * as path from 'path';
import Module = require('module');

const captureStackTrace = Error.captureStackTrace;
Error.captureStackTrace = function captureRealErrorsOnly(target: object, constructorOpt?: Function): void {
  if (target instanceof Error) captureStackTrace.call(Error, target, constructorOpt);
};

const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const load = loader._load;
loader._load = function lazyArchiver(request: string, parent: unknown, isMain: boolean): unknown {
  if (request !== 'archiver') return load.call(this, request, parent, isMain);
  let real: ((...args: unknown[]) => unknown) | undefined;
  const resolve = () => (real ??= load.call(this, request, parent, isMain) as (...args: unknown[]) => unknown);
  return new Proxy(function archiver() { /* replaced on first use */ }, {
    apply: (_target, thisArg, args) => Reflect.apply(resolve(), thisArg, args),
    get: (_target, prop) => Reflect.get(resolve(), prop),
  });
};

const PROVIDER_BINDINGS = `${path.sep}@cdktf${path.sep}provider-`;
const INLINE_MAP = '\n//# sourceMappingURL=data:';
type CompilingModule = NodeJS.Module & { _compile(source: string, filename: string): void };
const extensions = (Module as unknown as { _extensions: Record<string, (m: CompilingModule, filename: string) => void> })._extensions;
const loadJs = extensions['.js'];
extensions['.js'] = function withoutInlineMap(module: CompilingModule, filename: string): void {
  if (!filename.includes(PROVIDER_BINDINGS)) return loadJs(module, filename);
  const source = fs.readFileSync(filename, 'utf8');
  const map = source.lastIndexOf(INLINE_MAP);
  module._compile(map >= 0 ? source.slice(0, map) : source, filename);
};
