import { Construct } from 'constructs';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
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
  /**
   * Grant `roles/artifactregistry.reader` on the repository to the project's
   * default Compute Engine service account, for clusters whose nodes still run as it.
   * The library's clusters run their nodes as a dedicated account: pass that one
   * in `nodeServiceAccounts` instead.
   * @default false
   */
  readonly defaultNodeServiceAccountReads?: boolean;
  /**
   * Emails of the node service accounts that pull from the repository; each gets
   * `roles/artifactregistry.reader` on this repository only.
   * @default []
   */
  readonly nodeServiceAccounts?: readonly string[];
  /**
   * More IAM members (e.g. `serviceAccount:nodes@p.iam.gserviceaccount.com`) that may pull.
   * @default []
   */
  readonly readers?: readonly string[];
}

/**
 * An Artifact Registry Docker repository for images built outside Terraform
 * (gcloud `artifacts repositories create --repository-format=docker`), readable
 * by the nodes' service accounts (scoped to this repository).
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

    const readers = [...(props.nodeServiceAccounts ?? []).map((email) => `serviceAccount:${email}`), ...(props.readers ?? [])];
    if (props.defaultNodeServiceAccountReads ?? false) {
      const project = new DataGoogleProject(this, 'Project', { projectId: props.project });
      readers.unshift(`serviceAccount:${project.number}-compute@developer.gserviceaccount.com`);
    }
    readers.forEach((member, i) => new ArtifactRegistryRepositoryIamMember(this, `Reader${i}`, {
      project: props.project,
      location: props.region,
      repository: this.resource.name,
      role: 'roles/artifactregistry.reader',
      member,
    }));
  }

  /** Full URI of `image:tag` in this repository. */
  public image(nameAndTag: string): string {
    return `${this.uri}/${nameAndTag}`;
  }
}
