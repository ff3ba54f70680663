/**
 * Hand-written binding for the two pieces of hashicorp/http the library uses:
 * the provider and the `http` data source (url in; status_code and response_body
 * out). There is no prebuilt cdktf binding for this provider; the schema is small
 * and stable (hashicorp/http 3.x).
 */
import { Construct } from 'constructs';
import { TerraformDataSource, TerraformProvider } from 'cdktf';
import { ProviderRequirements } from './provider-requirements';

/** The `hashicorp/http` provider (no prebuilt bindings are needed for its one data source). */
export class HttpProvider extends TerraformProvider {
  /** The stack's http provider, created on first use. */
  public static of(scope: Construct): HttpProvider {
    const requirements = ProviderRequirements.of(scope);
    const existing = requirements.node.tryFindChild('http');
    if (existing instanceof HttpProvider) return existing;
    requirements.declare('http');
    return new HttpProvider(requirements, 'http');
  }

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'http',
      terraformGeneratorMetadata: { providerName: 'http', providerVersion: '3.4.0' },
      terraformProviderSource: 'hashicorp/http',
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

/** Config of {@link HttpDataSource}. */
export interface HttpDataSourceConfig {
  /** URL to GET. */
  readonly url: string;
}

/** `data "http"`: reads a URL at plan time. */
export class HttpDataSource extends TerraformDataSource {
  private readonly url: string;

  constructor(scope: Construct, id: string, config: HttpDataSourceConfig) {
    super(scope, id, {
      terraformResourceType: 'http',
      terraformGeneratorMetadata: { providerName: 'http', providerVersion: '3.4.0' },
      provider: HttpProvider.of(scope),
    });
    this.url = config.url;
  }

  /** The response body, as text. */
  public get responseBody(): string {
    return this.getStringAttribute('response_body');
  }

  /** The HTTP status code. */
  public get statusCode(): number {
    return this.getNumberAttribute('status_code');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { url: this.url };
  }
}
