import { DockerRepository } from '../../lib/gcp/docker-repository';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { Json, resources, synth, testStack } from '../helpers/synth';

function repository(props: Partial<ConstructorParameters<typeof DockerRepository>[2]> = {}): { json: Json; repo: DockerRepository } {
  const stack = testStack();
  GoogleProviders.configure(stack, { project: 'my-project', region: 'asia-northeast1' });
  const repo = new DockerRepository(stack, 'Repo', { name: 'docker-repo', region: 'asia-northeast1', project: 'my-project', ...props });
  return { json: synth(stack), repo };
}

describe('DockerRepository', () => {
  test('a DOCKER repository with the image URI prefix of the region', () => {
    const { json, repo } = repository();
    expect(resources(json, 'google_artifact_registry_repository').map(([, r]) => r)).toEqual([
      expect.objectContaining({ repository_id: 'docker-repo', location: 'asia-northeast1', format: 'DOCKER' }),
    ]);
    expect(repo.image('vllm-fungibility:TPU')).toBe('asia-northeast1-docker.pkg.dev/my-project/docker-repo/vllm-fungibility:TPU');
  });

  test('the nodes\' default service account may pull (read only), plus any extra readers', () => {
    const { json } = repository({ readers: ['serviceAccount:ci@my-project.iam.gserviceaccount.com'] });
    const members = resources(json, 'google_artifact_registry_repository_iam_member').map(([, r]) => [r.role, r.member, r.location]);
    expect(members).toEqual([
      ['roles/artifactregistry.reader', expect.stringMatching(/^serviceAccount:\$\{data\.google_project\..+\.number\}-compute@developer\.gserviceaccount\.com$/), 'asia-northeast1'],
      ['roles/artifactregistry.reader', 'serviceAccount:ci@my-project.iam.gserviceaccount.com', 'asia-northeast1'],
    ]);
  });

  test('the default grant can be turned off', () => {
    expect(resources(repository({ defaultNodeServiceAccountReads: false }).json, 'google_artifact_registry_repository_iam_member')).toEqual([]);
  });
});
