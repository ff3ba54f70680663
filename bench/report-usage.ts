/**
 * Preloaded (`node -r`) into a benchmarked process: prints its peak RSS and
 * wall time as one JSON line on exit.
 */
const started = process.hrtime.bigint();
process.on('exit', () => {
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`\nBENCH ${JSON.stringify({ wallMs, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
});
