/**
 * Preloaded (`node -r`) into a benchmarked process: prints its wall time, CPU
 * time (user + system), peak RSS and the number of CommonJS modules loaded as
 * one JSON line on exit.
 */
const started = process.hrtime.bigint();
process.on('exit', () => {
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const { user, system } = process.cpuUsage();
  const modules = Object.keys(require.cache).length;
  process.stdout.write(`\nBENCH ${JSON.stringify({ wallMs, cpuMs: (user + system) / 1000, maxRssKiB: process.resourceUsage().maxRSS, modules })}\n`);
});
