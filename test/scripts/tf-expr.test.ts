import {
  EMPTY_CONTEXT, ExprContext, parseTemplate, protectExpressions, resolveNumber, resolveString, showValue, simplifyExpression,
} from '../../scripts/summary/tf-expr';

const ctx: ExprContext = {
  variableDefault: (n) => ({ zone: 'us-central1-ai1a', nodes: 4, tag: 'v1.2.3', namespace: 'serving' } as Record<string, unknown>)[n],
  attribute: (type, id, attr) => (type === 'google_container_cluster' && id === 'Cluster_56F97DD3' && attr === 'name' ? 'tpu-serving-cluster' : undefined),
};

describe('parseTemplate', () => {
  test('splits literals and interpolations, with nested braces and quoted strings', () => {
    expect(parseTemplate('projects/${var.p}/x/${jsonencode({a = "}"})}')).toEqual([
      { literal: 'projects/' }, { expr: 'var.p' }, { literal: '/x/' }, { expr: 'jsonencode({a = "}"})' },
    ]);
  });

  test('undoes the $${ and %%{ escapes as literal text', () => {
    expect(parseTemplate('echo $${HOME} %%{x}')).toEqual([{ literal: 'echo ${HOME} %{x}' }]);
  });
});

describe('showValue', () => {
  test('a lone variable shows its name and default, or that it is required', () => {
    expect(showValue('${var.zone}', ctx)).toEqual({ text: 'var.zone', note: 'default us-central1-ai1a', planTime: true });
    expect(showValue('${var.project_id}', ctx)).toEqual({ text: 'var.project_id', note: 'required variable', planTime: true });
  });

  test('jsonencode wrappers from the YAML renderer are dropped', () => {
    expect(showValue('${jsonencode(var.namespace)}', ctx).text).toBe('var.namespace');
  });

  test('a reference to a literal attribute becomes the literal', () => {
    expect(showValue('${google_container_cluster.Cluster_56F97DD3.name}', ctx)).toEqual({ text: 'tpu-serving-cluster', planTime: false });
  });

  test('other references lose the logical ID hash; templates keep ${} around each expression', () => {
    expect(showValue('projects/${coalesce(var.a, var.b)}/networks/${google_compute_network.Platform_Network_5526A71F.name}', EMPTY_CONTEXT).text)
      .toBe('projects/${coalesce(var.a, var.b)}/networks/${google_compute_network.Platform_Network.name}');
  });

  test('literals and lists', () => {
    expect(showValue('plain', ctx)).toEqual({ text: 'plain', planTime: false });
    expect(showValue(['${var.zone}', 'us-central1-b'], ctx).text).toBe('var.zone, us-central1-b');
    expect(showValue(16, ctx).text).toBe('16');
  });
});

describe('resolving values', () => {
  test('numbers from literals and from variable defaults', () => {
    expect(resolveNumber(4)).toEqual({ value: 4 });
    expect(resolveNumber('16')).toEqual({ value: 16 });
    expect(resolveNumber('${var.nodes}', ctx)).toEqual({ value: 4, via: 'var.nodes' });
    expect(resolveNumber('${var.project_id}', ctx)).toBeUndefined();
    expect(resolveNumber('${local.count * 2}', ctx)).toBeUndefined();
  });

  test('strings from literals and from variable defaults', () => {
    expect(resolveString('${var.tag}', ctx)).toEqual({ value: 'v1.2.3', via: 'var.tag' });
    expect(resolveString('a$${b}', ctx)).toEqual({ value: 'a${b}' });
  });

  test('simplifyExpression keeps function calls readable', () => {
    expect(simplifyExpression('jsonencode(data.http.Platform_Kueue_Manifest_7074F05E.response_body)'))
      .toBe('data.http.Platform_Kueue_Manifest.response_body');
  });
});

test('protectExpressions makes interpolations YAML-safe and restores them, escapes intact', () => {
  const { text, restore } = protectExpressions('a: ${coalesce(var.a, "x: y")}\nb: echo $${HOME}\n');
  expect(text).toBe('a: TFEXPR0TFEXPR\nb: echo $${HOME}\n');
  expect(restore('TFEXPR0TFEXPR')).toBe('${coalesce(var.a, "x: y")}');
});
