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

  test('the node service accounts may pull (read only, this repository only), plus any extra readers; no default compute account', () => {
    const { json } = repository({ nodeServiceAccounts: ['nodes@my-project.iam.gserviceaccount.com'], readers: ['serviceAccount:ci@my-project.iam.gserviceaccount.com'] });
    const members = resources(json, 'google_artifact_registry_repository_iam_member').map(([, r]) => [r.role, r.member, r.location, r.repository]);
    expect(members).toEqual([
      ['roles/artifactregistry.reader', 'serviceAccount:nodes@my-project.iam.gserviceaccount.com', 'asia-northeast1', expect.stringMatching(/^\$\{google_artifact_registry_repository\..+\.name\}$/)],
      ['roles/artifactregistry.reader', 'serviceAccount:ci@my-project.iam.gserviceaccount.com', 'asia-northeast1', expect.stringMatching(/^\$\{google_artifact_registry_repository\..+\.name\}$/)],
    ]);
    expect(json.data?.google_project).toBeUndefined();
  });

  test('the default compute account grant only on request, and no grant at all by default', () => {
    expect(resources(repository().json, 'google_artifact_registry_repository_iam_member')).toEqual([]);
    const members = resources(repository({ defaultNodeServiceAccountReads: true }).json, 'google_artifact_registry_repository_iam_member').map(([, r]) => r.member);
    expect(members).toEqual([expect.stringMatching(/^serviceAccount:\$\{data\.google_project\..+\.number\}-compute@developer\.gserviceaccount\.com$/)]);
  });
});
