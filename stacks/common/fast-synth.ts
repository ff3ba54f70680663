/**
 * Start-up and synth speed-ups for the app entry point (main.ts). Import it first.
 * The library itself never relies on these; they only remove work this app does
 * not need:
 *
 * 1. cdktf records a full stack trace for every token it creates (hundreds per
 *    stack) and formats each one into text, which costs about a third of synth
 *    time. Those traces only decorate errors about unresolvable tokens. V8 still
 *    captures the frames; only the text formatting of cdktf's trace holders (plain
 *    objects, never real errors) is skipped. Real errors format as Node does.
 * 2. cdktf loads `archiver` (zip support for archive assets) when it loads;
 *    this app only copies directory assets, so the module is loaded on first use.
 */
import Module = require('module');

type CallSites = readonly NodeJS.CallSite[];

const previousPrepare = Error.prepareStackTrace;
Error.prepareStackTrace = (target: Error, frames: CallSites): string => {
  if (!(target instanceof Error)) return '';
  if (previousPrepare) return previousPrepare(target, [...frames]);
  return `${String(target)}${frames.map((f) => `\n    at ${f.toString()}`).join('')}`;
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
