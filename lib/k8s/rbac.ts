/**
 * Builders for namespaced RBAC objects (`rbac.authorization.k8s.io/v1`,
 * Kubernetes 1.35). Pure functions returning plain objects.
 */
import { K8sObject } from './types';

/** One rule of a Role. */
export interface PolicyRule {
  /** API groups (`""` is the core group). */
  readonly apiGroups: readonly string[];
  /** Resources (plural names, e.g. `gateways`). */
  readonly resources: readonly string[];
  /** Verbs, e.g. `get`. */
  readonly verbs: readonly string[];
  /**
   * Restrict the rule to these object names.
   * @default - every object of the resources
   */
  readonly resourceNames?: readonly string[];
}

/** A namespaced Role with the given rules. */
export function role(name: string, namespace: string, rules: readonly PolicyRule[]): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace },
    rules: rules.map((r) => ({
      apiGroups: [...r.apiGroups],
      resources: [...r.resources],
      ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
      verbs: [...r.verbs],
    })),
  };
}

/** Binds the Role `roleName` to a service account of the same namespace. */
export function roleBindingToServiceAccount(name: string, namespace: string, roleName: string, serviceAccount: string): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
  };
}
