/**
 * Default names derived from a construct's path, so that two instances of a
 * construct in one stack get different names unless the user names them.
 */
import { createHash } from 'crypto';
import { IConstruct } from 'constructs';
import { TerraformStack } from 'cdktf';

/** Kebab case of a construct id: `ModelServers` -> `model-servers`, `Cube1` -> `cube1`. */
export function kebabCase(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A DNS-label name for `construct`: the kebab-cased ids of its path below the
 * stack, joined by `-` (e.g. `platform-kueue` for `Stack/Platform/Kueue`). Longer
 * than `maxLength`, it keeps the end and a hash of the whole path. It starts with
 * a letter (`x-` is prepended otherwise).
 */
export function pathName(construct: IConstruct, maxLength = 63): string {
  const stack = TerraformStack.of(construct);
  const ids = construct.node.scopes.slice(construct.node.scopes.indexOf(stack) + 1).map((c) => c.node.id);
  return nameOfIds(ids, construct.node.path, maxLength);
}

/** {@link pathName} of a child `id` of `scope` that is not constructed yet (for names a constructor passes to `super`). */
export function childPathName(scope: IConstruct, id: string, maxLength = 63): string {
  const stack = TerraformStack.of(scope);
  const ids = [...scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map((c) => c.node.id), id];
  return nameOfIds(ids, `${scope.node.path}/${id}`, maxLength);
}

function nameOfIds(ids: readonly string[], path: string, maxLength: number): string {
  let name = ids.map(kebabCase).filter((x) => x.length > 0).join('-') || 'default';
  if (!/^[a-z]/.test(name)) name = `x-${name}`;
  if (name.length <= maxLength) return name;
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 8);
  const tail = name.slice(name.length - (maxLength - hash.length - 1)).replace(/^[^a-z]+/, '');
  return `${tail}-${hash}`.replace(/^[^a-z]+/, 'x');
}
