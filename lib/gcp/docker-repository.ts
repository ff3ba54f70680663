import { Construct } from 'constructs';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { validateName, NameRules } from '../util/names';

/** Props of {@link DockerRepository}. */
export interface DockerRepositoryProps {
  /** Repository ID, e.g. `docker-repo`. */
  readonly name: string;
  /** Region (location) of the repository. */
  readonly region: string;
  /** Project ID (for the image URI). */
  readonly project: string;
  /**
   * Description.
   * @default - none
   */
  readonly description?: string;
}

/**
 * An Artifact Registry Docker repository for images built outside Terraform
 * (gcloud `artifacts repositories create --repository-format=docker`).
 */
export class DockerRepository extends Construct {
  public readonly resource: ArtifactRegistryRepository;
  /** `<region>-docker.pkg.dev/<project>/<name>`, the prefix of image URIs. */
  public readonly uri: string;

  constructor(scope: Construct, id: string, props: DockerRepositoryProps) {
    super(scope, id);
    validateName(NameRules.GCE_RESOURCE, props.name, 'Artifact Registry repository');
    this.resource = new ArtifactRegistryRepository(this, 'Repository', {
      repositoryId: props.name,
      location: props.region,
      format: 'DOCKER',
      description: props.description,
    });
    this.uri = `${props.region}-docker.pkg.dev/${props.project}/${props.name}`;
  }

  /** Full URI of `image:tag` in this repository. */
  public image(nameAndTag: string): string {
    return `${this.uri}/${nameAndTag}`;
  }
}
