import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { extractGoogleSchema } from '../../scripts/verify/extract-google-schema';
import { loadGoogleSchema, singular, snakeCase } from '../../scripts/verify/google-schema';

/** A miniature @pulumi/gcp package: the declaration shapes the bridge generates. */
const FILES: Record<string, string> = {
  'package.json': '{ "name": "@pulumi/gcp", "version": "0.0.1" }',
  'types/input.d.ts': `import * as pulumi from "@pulumi/pulumi";
import * as inputs from "../types/input";
export declare namespace container {
    interface ClusterAddonsConfig {
        /**
         * Old add-on.
         *
         * @deprecated Use gcsFuseCsiDriverConfig
         * instead.
         */
        oldAddon?: pulumi.Input<boolean | undefined>;
    }
    interface ClusterNodeConfig {
        /**
         * (Output)
         * Labels the provider adds.
         */
        effectiveLabels?: pulumi.Input<{
            [key: string]: pulumi.Input<string>;
        } | undefined>;
        labels?: pulumi.Input<{
            [key: string]: pulumi.Input<string>;
        } | undefined>;
        oauthScopes?: pulumi.Input<pulumi.Input<string>[] | undefined>;
        taints?: pulumi.Input<pulumi.Input<inputs.container.ClusterNodeConfigTaint>[] | undefined>;
    }
    interface ClusterNodeConfigTaint {
        effect: pulumi.Input<string>;
        key: pulumi.Input<string>;
    }
}
export declare namespace storage {
    interface BucketCor {
        maxAgeSeconds?: pulumi.Input<number | undefined>;
        origins?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    }
}
`,
  'container/cluster.d.ts': `import * as pulumi from "@pulumi/pulumi";
import * as inputs from "../types/input";
export interface ClusterArgs {
    addonsConfig?: pulumi.Input<inputs.container.ClusterAddonsConfig | undefined>;
    enableL4IlbSubsetting?: pulumi.Input<boolean | undefined>;
    initialNodeCount?: pulumi.Input<number | undefined>;
    name?: pulumi.Input<string | undefined>;
    nodeConfig?: pulumi.Input<inputs.container.ClusterNodeConfig | undefined>;
}
`,
  'storage/bucket.d.ts': `import * as pulumi from "@pulumi/pulumi";
import * as inputs from "../types/input";
export interface BucketArgs {
    cors?: pulumi.Input<pulumi.Input<inputs.storage.BucketCor>[] | undefined>;
    location: pulumi.Input<string>;
    name?: pulumi.Input<string | undefined>;
}
`,
  'organizations/getProject.d.ts': `export interface GetProjectArgs {
    projectId?: string;
}
`,
};

test('extraction maps Pulumi declarations back to Terraform names, types, required, deprecated and output-only', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulumi-gcp-'));
  try {
    for (const [file, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const { schema, notes } = extractGoogleSchema(dir, {
      resources: { google_container_cluster: ['container/cluster', 'ClusterArgs'], google_storage_bucket: ['storage/bucket', 'BucketArgs'] },
      dataSources: { google_client_config: null, google_project: ['organizations/getProject', 'GetProjectArgs'] },
    });
    expect(notes).toEqual([]);
    expect(schema.meta.version).toBe('0.0.1');
    expect(schema.resources.google_container_cluster.attributes).toEqual({
      addons_config: { pulumi: 'addonsConfig', type: 'block', block: 'container.ClusterAddonsConfig' },
      enable_l4_ilb_subsetting: { pulumi: 'enableL4IlbSubsetting', type: 'bool' },
      initial_node_count: { pulumi: 'initialNodeCount', type: 'number' },
      // Pulumi auto-names resources, so it declares name optional; Terraform requires it (TERRAFORM_REQUIRED).
      name: { pulumi: 'name', type: 'string', required: true },
      node_config: { pulumi: 'nodeConfig', type: 'block', block: 'container.ClusterNodeConfig' },
    });
    expect(schema.blocks['container.ClusterNodeConfig'].attributes).toEqual({
      effective_labels: { pulumi: 'effectiveLabels', type: 'map', element: 'string', outputOnly: true },
      labels: { pulumi: 'labels', type: 'map', element: 'string' },
      oauth_scopes: { pulumi: 'oauthScopes', type: 'list', element: 'string' },
      taint: { pulumi: 'taints', type: 'block', block: 'container.ClusterNodeConfigTaint', repeated: true },
    });
    expect(schema.blocks['container.ClusterAddonsConfig'].attributes.old_addon.deprecated).toBe('Use gcsFuseCsiDriverConfig instead.');
    expect(schema.blocks['container.ClusterNodeConfigTaint'].attributes.key).toEqual({ pulumi: 'key', type: 'string', required: true });
    // LIST_NAMES exceptions: Terraform calls the bucket block `cors` (not `cor`) and its list `origin` (not `origins`).
    expect(Object.keys(schema.resources.google_storage_bucket.attributes)).toEqual(['cors', 'location', 'name']);
    expect(Object.keys(schema.blocks['storage.BucketCor'].attributes)).toEqual(['max_age_seconds', 'origin']);
    expect(schema.dataSources).toEqual({
      google_client_config: { pulumi: '(no arguments)', attributes: {} },
      google_project: { pulumi: 'organizations/getProject GetProjectArgs', attributes: { project_id: { pulumi: 'projectId', type: 'string' } } },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('name helpers', () => {
  expect(snakeCase('enableL4IlbSubsetting')).toBe('enable_l4_ilb_subsetting');
  expect(snakeCase('ipv4CidrBlock')).toBe('ipv4_cidr_block');
  expect(['taints', 'policies', 'addresses', 'boxes', 'status', 'oauth_scopes'].map(singular))
    .toEqual(['taint', 'policy', 'address', 'box', 'status', 'oauth_scope']);
});

test('the vendored schema says where it comes from, and SOURCES.md names the same package and version', () => {
  const schema = loadGoogleSchema();
  expect([schema.meta.package, schema.meta.version]).toEqual(['@pulumi/gcp', '9.37.0']);
  const sources = fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'google-7', 'SOURCES.md'), 'utf8');
  expect(sources).toContain('version **9.37.0**');
  expect(sources).toContain('npm pack @pulumi/gcp@9.37.0');
});
