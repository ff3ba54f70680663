import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { Errors } from '../errors';
import { HttpDataSource } from '../providers/http';

/** Props of {@link RemoteManifest}. */
export interface RemoteManifestProps {
  /**
   * Immutable URL of the manifest: a release asset or a content-addressed raw URL
   * (e.g. a gist URL that includes the revision hash). Never a branch.
   */
  readonly url: string;
  /**
   * Expected SHA-256 (hex) of the manifest. When set, plan fails if the content
   * differs.
   * @default - no content check beyond the immutable URL
   */
  readonly sha256?: string;
}

/**
 * A Kubernetes manifest published upstream, read at plan time with the http
 * provider (no cluster access needed) and shipped through a {@link ManifestRelease}.
 * Plan fails unless the server answers 200 (and, if pinned, with the expected digest).
 */
export class RemoteManifest extends Construct {
  public readonly url: string;
  /** The manifest text (known at plan time). */
  public readonly body: string;

  constructor(scope: Construct, id: string, props: RemoteManifestProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.url) && !/^https:\/\/\S+$/.test(props.url)) {
      throw Errors.invalidValue('Manifest URL', props.url, ['an https:// URL'], 'point at an immutable https release asset');
    }
    if (props.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(props.sha256)) {
      throw Errors.invalidValue('Manifest sha256', props.sha256, ['64 lowercase hex characters'], 'paste the output of `sha256sum` for the manifest');
    }
    this.url = props.url;
    const postconditions = [{
      condition: '${self.status_code == 200}',
      errorMessage: `Fetching ${props.url} did not return HTTP 200.`,
    }];
    if (props.sha256) {
      postconditions.push({
        condition: `\${sha256(self.response_body) == "${props.sha256}"}`,
        errorMessage: `The manifest at ${props.url} does not have the pinned sha256 ${props.sha256}.`,
      });
    }
    const data = new HttpDataSource(this, 'Http', { url: props.url });
    data.lifecycle = { postcondition: postconditions };
    this.body = data.responseBody;
  }
}
