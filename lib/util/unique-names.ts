/**
 * Names that must be unique within a scope (node pools in a cluster, Helm
 * releases in a namespace, service account IDs in a project, ...). Each scope
 * object keeps its claimed names; a second claim of the same name throws.
 * Unresolved tokens are skipped (their values are only known at plan time).
 */
import { Token } from 'cdktf';
import { Errors } from '../errors';

const claims = new WeakMap<object, Map<string, string>>();

/**
 * Claims `name` of `kind` for `owner` (e.g. a construct path) in the scope
 * object `scope`, within the sub-scope `scopeKey` (e.g. a namespace, which may be
 * a token: one variable always renders the same token) described as `scopeLabel`
 * in messages. Throws {@link Errors.nameNotUnique} when another owner claimed it before.
 */
export function claimUniqueName(scope: object, scopeKey: string, scopeLabel: string, kind: string, name: string, owner: string): void {
  if (Token.isUnresolved(name)) return;
  let names = claims.get(scope);
  if (!names) {
    names = new Map();
    claims.set(scope, names);
  }
  const key = `${kind}\u0000${scopeKey}\u0000${name}`;
  const first = names.get(key);
  if (first !== undefined && first !== owner) throw Errors.nameNotUnique(kind, name, scopeLabel, first, owner);
  names.set(key, owner);
}

/** How messages name namespace `namespace` (a token reads as the namespace variable). */
export function namespaceLabel(namespace: string | undefined): string {
  if (namespace === undefined) return 'the cluster (cluster-scoped objects)';
  return Token.isUnresolved(namespace) ? 'the workload namespace (a Terraform variable)' : `namespace "${namespace}"`;
}
