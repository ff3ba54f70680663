import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { K8sNamespace } from '../../k8s/k8s-namespace';
import { ManifestRelease } from '../../k8s/manifest-release';
import { K8sObject } from '../../k8s/types';
import { deployment, service } from '../../k8s/workloads';
import { NameRules, validateName } from '../../util/names';
import { pathName } from '../../util/path-names';
import { validatePort } from '../../util/ports';

/** Props of {@link GradioChat}. */
export interface GradioChatProps {
  /** Namespace of the Deployment and Service. */
  readonly namespace: K8sNamespace;
  /** Base URL of the OpenAI-compatible server, e.g. `http://vllm-tpu-multihost-serve-svc:8000`. */
  readonly endpoint: string;
  /** Model name sent in requests, e.g. `google/gemma-4-31B-it`. */
  readonly modelId: string;
  /**
   * Deployment, Service and Helm release name.
   * @default - from the construct path (`<parent-ids>-<id>`, kebab case, at most 53 characters: a Helm release name)
   */
  readonly name?: string;
  /**
   * Chat UI image.
   * @default "us-docker.pkg.dev/google-samples/containers/gke/gradio-app:v1.0.7"
   */
  readonly image?: string;
  /**
   * API path appended to the endpoint.
   * @default "/v1/chat/completions"
   */
  readonly contextPath?: string;
  /**
   * Request format the app speaks (its `LLM_ENGINE`).
   * @default "openai-chat"
   */
  readonly llmEngine?: string;
  /**
   * Hide the system-message box (models without a system role).
   * @default true
   */
  readonly disableSystemMessage?: boolean;
  /**
   * Port of the ClusterIP Service.
   * @default 8080
   */
  readonly servicePort?: number;
  /**
   * Resources to create first (e.g. the model server), destroyed after the UI.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Port the Gradio app listens on. */
const GRADIO_PORT = 7860;

/**
 * The recipes' Gradio chat UI: a one-replica Deployment and a ClusterIP Service
 * (`kubectl port-forward service/<name> 8080:8080`).
 */
export class GradioChat extends Construct implements ITerraformDependable {
  /** The Helm release of the Deployment and Service. */
  public readonly release: ManifestRelease;
  /** The Deployment object. */
  public readonly deployment: K8sObject;
  /** The Service object. */
  public readonly service: K8sObject;
  /** Service name. */
  public readonly serviceName: string;
  /** Port of the Service (`kubectl port-forward service/<name> <port>:<port>`). */
  public readonly servicePort: number;

  constructor(scope: Construct, id: string, props: GradioChatProps) {
    super(scope, id);
    const name = validateName(NameRules.HELM_RELEASE, props.name ?? pathName(this, 53), 'Gradio');
    this.servicePort = validatePort('Gradio service port', props.servicePort ?? 8080, 8080);
    this.serviceName = name;
    const labels = { app: name };
    this.deployment = deployment({
      name,
      namespace: props.namespace.name,
      labels,
      selector: labels,
      replicas: 1,
      template: {
        spec: {
          containers: [{
            name: 'gradio',
            image: props.image ?? 'us-docker.pkg.dev/google-samples/containers/gke/gradio-app:v1.0.7',
            resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
            env: [
              { name: 'CONTEXT_PATH', value: props.contextPath ?? '/v1/chat/completions' },
              { name: 'HOST', value: props.endpoint },
              { name: 'LLM_ENGINE', value: props.llmEngine ?? 'openai-chat' },
              { name: 'MODEL_ID', value: props.modelId },
              { name: 'DISABLE_SYSTEM_MESSAGE', value: String(props.disableSystemMessage ?? true) },
            ],
            ports: [{ containerPort: GRADIO_PORT }],
          }],
        },
      },
    });
    this.service = service({
      name,
      namespace: props.namespace.name,
      type: 'ClusterIP',
      selector: labels,
      ports: [{ protocol: 'TCP', port: this.servicePort, targetPort: GRADIO_PORT }],
    });
    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.namespace.cluster,
      releaseName: name,
      namespace: props.namespace.name,
      objects: [this.deployment, this.service],
      dependsOn: [props.namespace, ...(props.dependsOn ?? [])],
      timeoutSeconds: 900,
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
