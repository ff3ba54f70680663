import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../../errors';
import { GATEWAY_API_GROUP } from '../../k8s/gateway-api';
import { K8sNamespace } from '../../k8s/k8s-namespace';
import { ManifestRelease } from '../../k8s/manifest-release';
import { role, roleBindingToServiceAccount } from '../../k8s/rbac';
import { job, serviceAccount } from '../../k8s/workloads';
import { pathName } from '../../util/path-names';
import { NameRules, validateName } from '../../util/names';

/** ShareGPT conversations (V3, unfiltered, cleaned split) the seed benchmarks with. */
export const SHAREGPT_DATASET_URL = 'https://huggingface.co/datasets/anon8231489123/ShareGPT_Vicuna_unfiltered/resolve/main/ShareGPT_V3_unfiltered_cleaned_split.json';

/** Props of {@link GatewayBenchmarkJob}. */
export interface GatewayBenchmarkJobProps {
  /** Namespace of the Job (and of the Gateway it measures). */
  readonly namespace: K8sNamespace;
  /** Gateway whose address the Job sends requests to. */
  readonly gatewayName: string;
  /** Served model name, e.g. `Qwen/Qwen3-32B` (also the tokenizer). */
  readonly model: string;
  /**
   * Job name.
   * @default - derived from the construct path (e.g. `benchmark`)
   */
  readonly name?: string;
  /**
   * Image with vLLM's `vllm bench` CLI, curl and Python.
   * @default "vllm/vllm-openai:v0.13.0"
   */
  readonly image?: string;
  /**
   * Requests per second.
   * @default 80
   */
  readonly requestRate?: number;
  /**
   * Prompts to send.
   * @default 2000
   */
  readonly numPrompts?: number;
  /**
   * ShareGPT JSON to download.
   * @default SHAREGPT_DATASET_URL
   */
  readonly datasetUrl?: string;
  /**
   * Resources to create first (the model servers and the route).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The seed's load test as an in-cluster Job: it reads the Gateway's address
 * from the Kubernetes API (a service account allowed to get that one Gateway),
 * waits until the gateway lists the model, downloads ShareGPT and runs
 * `vllm bench serve` against the gateway. `kubectl logs -f job/<name>` shows the
 * latency and throughput report.
 */
export class GatewayBenchmarkJob extends Construct {
  public readonly release: ManifestRelease;
  public readonly jobName: string;

  constructor(scope: Construct, id: string, props: GatewayBenchmarkJobProps) {
    super(scope, id);
    this.jobName = validateName(NameRules.K8S_DNS_LABEL, props.name ?? pathName(this, 63), 'Job');
    const requestRate = props.requestRate ?? 80;
    const numPrompts = props.numPrompts ?? 2000;
    if (!(requestRate > 0)) throw Errors.outOfRange(`Benchmark "${this.jobName}" request rate`, requestRate, 'more than 0 requests per second', 'set requestRate, e.g. 80');
    if (!Number.isInteger(numPrompts) || numPrompts < 1) {
      throw Errors.outOfRange(`Benchmark "${this.jobName}" prompt count`, numPrompts, 'an integer >= 1', 'set numPrompts, e.g. 2000');
    }
    const namespace = props.namespace.name;
    const account = this.jobName;
    const script = [
      'set -eu',
      'SA=/var/run/secrets/kubernetes.io/serviceaccount',
      `URL="https://kubernetes.default.svc/apis/${GATEWAY_API_GROUP}/v1/namespaces/$NAMESPACE/gateways/$GATEWAY"`,
      'echo "Reading the address of Gateway $GATEWAY"',
      'until ADDRESS=$(curl -sf --cacert "$SA/ca.crt" -H "Authorization: Bearer $(cat "$SA/token")" "$URL" \\',
      '    | python3 -c \'import json, sys; print(json.load(sys.stdin)["status"]["addresses"][0]["value"])\'); do',
      '  echo "Gateway has no address yet"; sleep 10',
      'done',
      'BASE_URL="http://$ADDRESS"',
      'echo "Gateway at $BASE_URL"',
      'until curl -s "$BASE_URL/v1/models" | grep -q "$MODEL"; do',
      '  echo "Waiting for the gateway to serve $MODEL"; sleep 10',
      'done',
      '[ -f /data/sharegpt.json ] || curl -L "$DATASET_URL" -o /data/sharegpt.json',
      'vllm bench serve --base-url "$BASE_URL" --model "$MODEL" --dataset-name sharegpt --dataset-path /data/sharegpt.json \\',
      `  --request-rate ${requestRate.toFixed(1)} --num-prompts ${numPrompts} --tokenizer "$MODEL"`,
      '',
    ].join('\n');
    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.namespace.cluster,
      releaseName: this.jobName,
      namespace,
      objects: [
        serviceAccount({ name: account, namespace }),
        role(account, namespace, [{ apiGroups: [GATEWAY_API_GROUP], resources: ['gateways'], resourceNames: [props.gatewayName], verbs: ['get'] }]),
        roleBindingToServiceAccount(account, namespace, account, account),
        job({
          name: this.jobName,
          namespace,
          template: {
            spec: {
              serviceAccountName: account,
              restartPolicy: 'Never',
              containers: [{
                name: 'llm-benchmark',
                image: props.image ?? 'vllm/vllm-openai:v0.13.0',
                command: ['/bin/bash', '-c'],
                args: [script],
                env: [
                  { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  { name: 'GATEWAY', value: props.gatewayName },
                  { name: 'MODEL', value: props.model },
                  { name: 'DATASET_URL', value: props.datasetUrl ?? SHAREGPT_DATASET_URL },
                ],
                volumeMounts: [{ name: 'dataset-volume', mountPath: '/data' }],
              }],
              volumes: [{ name: 'dataset-volume', emptyDir: {} }],
            },
          },
        }),
      ],
      dependsOn: [props.namespace, ...(props.dependsOn ?? [])],
      // The Job runs for many minutes; Terraform does not wait for it.
      wait: false,
    });
  }
}
