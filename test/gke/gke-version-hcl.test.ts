import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GkeVersion } from '../../lib/gke/gke-version';
import { gkeVersionAtLeastHcl, gkeVersionNumber, gkeVersionNumberHcl } from '../../lib/gke/gke-version-hcl';
import { errorOf } from '../helpers/synth';

const SUB_SLICING = GkeVersion.parse('1.36.0-gke.3712000');

/** Evaluates HCL expressions with `terraform console` (as one jsonencode'd list); undefined when terraform is not installed. */
function terraformEval(expressions: readonly string[]): unknown[] | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gke-version-hcl-'));
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  delete env.TF_CLI_CONFIG_FILE;
  try {
    const input = `jsonencode([${expressions.join(', ')}])\n`;
    const out = execFileSync('terraform', ['console'], { cwd: dir, env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
    return JSON.parse(JSON.parse(out.trim()) as string) as unknown[];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('GKE version numbers for Terraform conditions', () => {
  test('one number per version: ((MAJOR * 10^6 + MINOR) * 10^6 + PATCH) * 10^12 + BUILD', () => {
    expect(gkeVersionNumber(SUB_SLICING)).toBe('1000036000000000003712000');
    expect(gkeVersionNumber(GkeVersion.parse('1.35.2-gke.1842000'))).toBe('1000035000002000001842000');
    expect(BigInt(gkeVersionNumber(GkeVersion.parse('1.36.0-gke.3711999')))).toBeLessThan(BigInt(gkeVersionNumber(SUB_SLICING)));
    expect(BigInt(gkeVersionNumber(GkeVersion.parse('1.35.99-gke.999999999')))).toBeLessThan(BigInt(gkeVersionNumber(SUB_SLICING)));
  });

  test('versions whose parts do not fit are refused', () => {
    expect(errorOf(() => gkeVersionNumber(GkeVersion.parse('1.1000000.0-gke.1')))).toBe(
      'GKE version "1.1000000.0-gke.1" is not a GKE version string. Allowed: MAJOR.MINOR.PATCH-gke.BUILD (e.g. "1.36.0-gke.3712000"). '
      + 'Fix: copy the version from `gcloud container get-server-config`');
  });

  test('the HCL expressions, exactly', () => {
    expect(gkeVersionNumberHcl('self.master_version')).toBe(
      '[for v in [regex("^([0-9]+)[.]([0-9]+)[.]([0-9]+)-gke[.]([0-9]+)$", self.master_version)] : '
      + '((tonumber(v[0]) * 1000000 + tonumber(v[1])) * 1000000 + tonumber(v[2])) * 1000000000000 + tonumber(v[3])][0]');
    expect(gkeVersionAtLeastHcl('self.master_version', SUB_SLICING)).toBe(
      `try(${gkeVersionNumberHcl('self.master_version')} >= 1000036000000000003712000, false)`);
  });

  test('terraform evaluates them exactly: newer and equal pass, older, empty and malformed fail', () => {
    const cases: [string, boolean][] = [
      ['1.36.0-gke.3712000', true],
      ['1.36.0-gke.3712001', true],
      ['1.36.1-gke.100', true],
      ['1.100.0-gke.1', true],
      ['2.0.0-gke.0', true],
      ['1.36.0-gke.3711999', false],
      ['1.35.99-gke.999999999', false],
      ['', false],
      ['1.36', false],
    ];
    const results = terraformEval([
      `format("%d", ${gkeVersionNumberHcl('"1.36.0-gke.3712000"')})`,
      ...cases.map(([v]) => gkeVersionAtLeastHcl(JSON.stringify(v), SUB_SLICING)),
    ]);
    if (!results) {
      // eslint-disable-next-line no-console
      console.warn('SKIPPED terraform evaluation: terraform is not installed (the exact-text tests above still ran)');
      return;
    }
    expect(results).toEqual(['1000036000000000003712000', ...cases.map(([, r]) => r)]);
  });
});
