import { jsonObjectFromEnv, namesFromEnv, SECRET_PLACEHOLDER, stackTfvars } from '../../scripts/tfvars';

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

test('plans without the secret write a placeholder for the sensitive variables the apply job sets, and only for those', () => {
  const r = stackTfvars({
    stackJson, stack: 'subslicing', common: { project_id: 'acme', reservation_name: 'r' },
    placeholders: ['hf_token', 'project_id', 'not_declared'],
  });
  expect(r.values).toEqual({ hf_token: SECRET_PLACEHOLDER, project_id: 'acme', reservation_name: 'r' });
  expect(r.masks).toEqual([]);
  expect(SECRET_PLACEHOLDER).toBe('placeholder: the value is set in the approved apply job');
  // The real value wins where the secret is present (the apply job).
  expect(stackTfvars({ stackJson, stack: 's', secrets: { hf_token: 'hf_real' }, placeholders: ['hf_token'] }).values.hf_token).toBe('hf_real');
});

test('TPU_GKE_SECRET_TFVARS_NAMES is a JSON array of names; empty means none', () => {
  expect(namesFromEnv('N', {})).toEqual([]);
  expect(namesFromEnv('N', { N: '["hf_token"]' })).toEqual(['hf_token']);
  expect(() => namesFromEnv('N', { N: '{"hf_token": true}' })).toThrow('N must be a JSON array of variable names. Fix: set it to a JSON array such as ["hf_token"].');
  expect(() => namesFromEnv('N', { N: 'hf_token' })).toThrow(/^N is not valid JSON \(.*\)\. Fix: set it to a JSON array of variable names such as \["hf_token"\]\.$/);
});
