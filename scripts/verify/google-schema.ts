/**
 * The vendored google / google-beta 7.x argument schema (schemas/google-7/google.schema.json):
 * its shape, where it lives, and the Pulumi-to-Terraform name rules the extractor applies.
 * Written by extract-google-schema.ts, read by tf-schema.ts.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Primitive Terraform types. */
export type Primitive = 'string' | 'number' | 'bool' | 'any';

/** One argument of a resource, data source or nested block, under its Terraform name. */
export interface AttributeSchema {
  /** Name in the Pulumi declarations (camelCase, list blocks pluralized). */
  readonly pulumi: string;
  /** `block` is a nested block; `list`/`map` hold primitives of type `element`. */
  readonly type: Primitive | 'list' | 'map' | 'block';
  /** Element type of a `list` or `map`. */
  readonly element?: Primitive;
  /** Key of the nested block in `GoogleSchema.blocks` (type `block`). */
  readonly block?: string;
  /** The block may repeat (Pulumi array); otherwise it is a single block (MaxItems 1). */
  readonly repeated?: boolean;
  readonly required?: boolean;
  /** Documented `(Output)`: computed by the provider, not an argument. */
  readonly outputOnly?: boolean;
  /** The provider's deprecation text. */
  readonly deprecated?: string;
}

/** Arguments of one resource, data source or nested block. */
export interface BlockSchema {
  /** Pulumi interface the arguments come from (`container.ClusterAddonsConfig`, `container/cluster ClusterArgs`). */
  readonly pulumi: string;
  readonly attributes: Readonly<Record<string, AttributeSchema>>;
}

export interface GoogleSchema {
  readonly meta: {
    readonly source: string;
    readonly package: string;
    readonly version: string;
  };
  /** By Terraform type, e.g. `google_container_cluster`. */
  readonly resources: Readonly<Record<string, BlockSchema>>;
  /** By Terraform type, e.g. `google_project` (used as `data.google_project`). */
  readonly dataSources: Readonly<Record<string, BlockSchema>>;
  /** Nested blocks by Pulumi type (`container.ClusterAddonsConfig`). */
  readonly blocks: Readonly<Record<string, BlockSchema>>;
}

/** Location of the vendored schema, relative to the repository root. */
export const GOOGLE_SCHEMA_PATH = path.join('schemas', 'google-7', 'google.schema.json');

/** Repository root: the nearest ancestor of `from` holding package.json and schemas/ (works from scripts/ and dist/scripts/). */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'schemas'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root (package.json + schemas/) above ${from}`);
    dir = parent;
  }
}

/** Reads the vendored schema (or the one at `file`). */
export function loadGoogleSchema(file: string = path.join(repoRoot(), GOOGLE_SCHEMA_PATH)): GoogleSchema {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as GoogleSchema;
}

/** Pulumi camelCase back to Terraform snake_case: `enableL4IlbSubsetting` -> `enable_l4_ilb_subsetting`. */
export function snakeCase(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Terraform snake_case to Pulumi camelCase (the bridge's rule): `addons_config` -> `addonsConfig`. */
export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Undoes the bridge's pluralization of a snake_case list name, for names whose nested type does not
 * carry the singular (lists of primitives): `taints` -> `taint`, `policies` -> `policy`, `boxes` -> `box`.
 */
export function singular(name: string): string {
  if (/ies$/.test(name)) return `${name.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh)es$/.test(name)) return name.slice(0, -2);
  if (/[^su]s$/.test(name)) return name.slice(0, -1);
  return name;
}
