import { Construct } from 'constructs';
import { Fn, ITerraformDependable, Op, TerraformVariable, Token } from 'cdktf';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Errors } from '../errors';
import { sensitiveDefaultError } from '../providers/sensitive-variables';
import { NameRules, validateName } from '../util/names';
import { claimUniqueName, namespaceLabel } from '../util/unique-names';
import { ClusterProviders } from './cluster-providers';
import { K8sNamespace } from './k8s-namespace';
import { EnvVar } from './types';

/** Where a token's value comes from. Never a literal: literals would land in the synthesized JSON. */
export abstract class SecretSource {
  /**
   * A sensitive Terraform variable. The value is written with the kubernetes
   * provider's write-only `data_wo`, so it is kept out of the plan, the state
   * and the synthesized JSON. Terraform cannot see a change of a write-only
   * value: raise `revision` (an integer >= 1, typically a number variable such
   * as `hf_token_revision`) to push a new value. Setting a token that was empty
   * needs no bump: the written `data_wo_revision` is `2 x revision` with a token
   * and `2 x revision - 1` while it is empty, so the first non-empty value is
   * pushed on its own (the state records only whether the token is empty).
   *
   * @param revision integer >= 1, or a number token such as `TerraformVariable.numberValue`
   */
  public static fromVariable(variable: TerraformVariable, revision: number = 1): SecretSource {
    if (!variable.sensitive) throw Errors.secretNotSensitive(variable.node.id);
    const withDefault = sensitiveDefaultError(variable);
    if (withDefault) throw withDefault;
    if (!Token.isUnresolved(revision) && !(Number.isInteger(revision) && revision >= 1)) {
      throw Errors.outOfRange(`Revision of secret variable "${variable.node.id}"`, revision, 'an integer >= 1',
        'start at 1 and raise it by one each time the token changes');
    }
    return new VariableSecretSource(variable, revision);
  }

  /** A Secret that already exists in the namespace (created outside this stack). */
  public static existing(): SecretSource {
    return new ExistingSecretSource();
  }
}

class VariableSecretSource extends SecretSource {
  constructor(public readonly variable: TerraformVariable, public readonly revision: number) {
    super();
  }
}

class ExistingSecretSource extends SecretSource {}

/** `2 x revision - 1 + (1 if the token is set)`, i.e. `2 x revision`, minus 1 while the token is empty (see {@link SecretSource.fromVariable}). */
function writtenRevision(source: VariableSecretSource): number {
  // min(1, length(token)) is 0 for an empty token and 1 otherwise; whether the token is empty is no secret.
  const isSet = Fn.nonsensitive(Fn.min([1, Fn.lengthOf(source.variable.stringValue)]));
  return Token.asNumber(Op.add(Op.sub(Op.mul(source.revision, 2), 1), isSet));
}

/** Props of {@link TokenSecret}. */
export interface TokenSecretProps {
  /** Namespace of the Secret. */
  readonly namespace: K8sNamespace;
  /** Secret name, e.g. `llm-d-hf-token`. */
  readonly name: string;
  /** Key inside the Secret, e.g. `HF_TOKEN`. */
  readonly key: string;
  /** Where the value comes from. */
  readonly source: SecretSource;
}

/**
 * A one-key Kubernetes Secret holding a token (e.g. a Hugging Face token),
 * created from a sensitive variable or referenced when it already exists.
 * Workloads use {@link TokenSecret.envVar}.
 */
export class TokenSecret extends Construct implements ITerraformDependable {
  public readonly name: string;
  public readonly key: string;
  /** Undefined when the Secret already exists. */
  public readonly resource?: SecretV1;
  private readonly namespace: K8sNamespace;

  constructor(scope: Construct, id: string, props: TokenSecretProps) {
    super(scope, id);
    this.name = validateName(NameRules.K8S_DNS_SUBDOMAIN, props.name, 'Secret');
    this.key = props.key;
    this.namespace = props.namespace;
    if (props.source instanceof VariableSecretSource) {
      const providers = ClusterProviders.forTarget(this, { what: `Secret "${this.name}" (${this.node.path})`, namespace: props.namespace });
      // Same key as Secrets shipped in a ManifestRelease: one Secret per name and namespace.
      claimUniqueName(providers, `v1/Secret/${props.namespace.name}`, namespaceLabel(props.namespace.name), 'Secret', this.name, this.node.path);
      this.resource = new SecretV1(this, 'Secret', {
        provider: providers.kubernetes,
        metadata: { name: this.name, namespace: props.namespace.name },
        type: 'Opaque',
        dataWo: { [props.key]: props.source.variable.stringValue },
        dataWoRevision: writtenRevision(props.source),
        dependsOn: [props.namespace],
      });
    }
  }

  /** An env var that reads the token from the Secret. */
  public envVar(name: string, optional?: boolean): EnvVar {
    return { name, valueFrom: { secretKeyRef: { name: this.name, key: this.key, ...(optional === undefined ? {} : { optional }) } } };
  }

  /** What workloads must wait for (the Secret, or the namespace when the Secret exists already). */
  public get fqn(): string {
    return (this.resource ?? this.namespace).fqn;
  }
}
