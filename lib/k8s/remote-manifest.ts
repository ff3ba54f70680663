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
   * Expected SHA-256 (64 lowercase hex characters) of the manifest; plan fails when
   * the downloaded content differs. Required: a URL alone does not pin its content
   * (a host can serve other bytes). May be a Terraform reference (e.g. a variable).
   */
  readonly sha256: string;
}

/**
 * A Kubernetes manifest published upstream, read at plan time with the http
 * provider (no cluster access needed) and shipped through a {@link ManifestRelease}.
 * Plan fails unless the server answers 200 with content of the pinned SHA-256.
 */
export class RemoteManifest extends Construct {
  public readonly url: string;
  /** The pinned SHA-256 of the manifest. */
  public readonly sha256: string;
  /** The manifest text (known at plan time). */
  public readonly body: string;

  constructor(scope: Construct, id: string, props: RemoteManifestProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.url) && !/^https:\/\/\S+$/.test(props.url)) {
      throw Errors.invalidValue('Manifest URL', props.url, ['an https:// URL'], 'point at an immutable https release asset');
    }
    if (props.sha256 === undefined || (!Token.isUnresolved(props.sha256) && !/^[0-9a-f]{64}$/.test(props.sha256))) {
      throw Errors.invalidValue(`Manifest sha256 of ${props.url}`, String(props.sha256), ['64 lowercase hex characters'],
        'pass the output of `curl -sL <url> | sha256sum` for the manifest');
    }
    this.url = props.url;
    this.sha256 = props.sha256;
    // A Terraform reference (e.g. a variable) is embedded as an expression, a literal as a string.
    const expected = Token.isUnresolved(props.sha256) ? props.sha256 : `"${props.sha256}"`;
    const postconditions = [{
      condition: '${self.status_code == 200}',
      errorMessage: `Fetching ${props.url} did not return HTTP 200.`,
    }, {
      condition: `\${sha256(self.response_body) == ${expected}}`,
      errorMessage: Token.isUnresolved(props.sha256)
        ? `The manifest at ${props.url} does not have the pinned sha256.`
        : `The manifest at ${props.url} does not have the pinned sha256 ${props.sha256}.`,
    }];
    const data = new HttpDataSource(this, 'Http', { url: props.url });
    data.lifecycle = { postcondition: postconditions };
    this.body = data.responseBody;
  }
}
