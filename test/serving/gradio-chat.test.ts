import { GradioChat } from '../../lib/serving/ray/gradio-chat';
import { addressOf, errorOf, objectNamed, resourceNamed, synth } from '../helpers/synth';
import { rayLlm, servingFixture } from './fixture';

describe('GradioChat (seed 001 optional chat UI)', () => {
  test('Deployment gradio pointing at the serve Service, ClusterIP Service 8080 -> 7860', () => {
    const f = servingFixture();
    const svc = rayLlm(f);
    new GradioChat(f.stack, 'Gradio', { namespace: f.namespace, name: 'gradio', endpoint: svc.endpoint, modelId: svc.modelId, dependsOn: [svc] });
    const json = synth(f.stack);
    const d = objectNamed(json, 'Deployment', 'gradio');
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'gradio' } });
    const [c] = d.spec.template.spec.containers;
    expect(c.image).toBe('us-docker.pkg.dev/google-samples/containers/gke/gradio-app:v1.0.7');
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(c.env).toEqual([
      { name: 'CONTEXT_PATH', value: '/v1/chat/completions' },
      { name: 'HOST', value: 'http://vllm-tpu-multihost-serve-svc:8000' },
      { name: 'LLM_ENGINE', value: 'openai-chat' },
      { name: 'MODEL_ID', value: 'google/gemma-4-31B-it' },
      { name: 'DISABLE_SYSTEM_MESSAGE', value: 'true' },
    ]);
    expect(c.ports).toEqual([{ containerPort: 7860 }]);
    expect(objectNamed(json, 'Service', 'gradio').spec).toEqual({
      type: 'ClusterIP', selector: { app: 'gradio' }, ports: [{ port: 8080, targetPort: 7860, protocol: 'TCP' }],
    });
    const release = resourceNamed(json, 'helm_release', 'gradio');
    expect(release.timeout).toBe(900);
    expect(release.depends_on).toContain(addressOf(json, 'helm_release', 'vllm-tpu-multihost'));
  });

  test('an invalid service port is refused', () => {
    const f = servingFixture();
    expect(errorOf(() => new GradioChat(f.stack, 'Gradio', { namespace: f.namespace, endpoint: 'http://x:8000', modelId: 'm', servicePort: 70000 }))).toBe(
      'Gradio service port 70000 is out of range. Allowed: 1 to 65535. Fix: use a TCP port such as 8080');
  });
});
