import { jsonObjectFromEnv, stackTfvars } from '../../scripts/tfvars';

const stackJson = {
  variable: {
    project_id: { type: 'string' },
    reservation_name: { type: 'string' },
    zone: { type: 'string', default: 'us-central1-ai1a' },
    hf_token: { type: 'string', default: '', sensitive: true },
  },
};

test('common, per-stack and secret values merge (later wins) for declared variables only', () => {
  const r = stackTfvars({
    stackJson, stack: 'subslicing',
    common: { project_id: 'acme', zone: 'us-east5-b', bucket_name: 'other-stack-only' },
    perStack: { subslicing: { reservation_name: 'ironwood', zone: 'us-central1-ai1a' }, 'ray-llm': { reservation_name: 'nope' } },
    secrets: { hf_token: 'hf_secret' },
  });
  expect(r.values).toEqual({ hf_token: 'hf_secret', project_id: 'acme', reservation_name: 'ironwood', zone: 'us-central1-ai1a' });
  expect(r.missing).toEqual([]);
  expect(r.masks).toEqual(['hf_secret']);
});

test('required variables without a value are reported by name', () => {
  expect(stackTfvars({ stackJson, stack: 'subslicing', common: { project_id: 'acme' } }).missing).toEqual(['reservation_name']);
});

test('repository variables must be JSON objects; empty means none', () => {
  expect(jsonObjectFromEnv('X', {})).toEqual({});
  expect(jsonObjectFromEnv('X', { X: ' ' })).toEqual({});
  expect(jsonObjectFromEnv('X', { X: '{"project_id":"acme"}' })).toEqual({ project_id: 'acme' });
  expect(() => jsonObjectFromEnv('X', { X: '["a"]' })).toThrow('X must be a JSON object. Fix: set it to a JSON object such as {"project_id": "my-project"}.');
  expect(() => jsonObjectFromEnv('X', { X: 'project_id=acme' })).toThrow(/^X is not valid JSON \(.*\)\. Fix: set it to a JSON object such as \{"project_id": "my-project"\}\.$/);
});
