import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../../errors';
import { ITpuPlatform } from '../../gke/tpu-platform';
import { httpRoute, inferencePoolBackend } from '../../k8s/gateway-api';
import { K8sNamespace } from '../../k8s/k8s-namespace';
import { ManifestRelease } from '../../k8s/manifest-release';
import { TokenSecret } from '../../k8s/token-secret';
import { Labels } from '../../k8s/types';
import { NameRules, validateName } from '../../util/names';
import { GaieInferencePool, GaieInferencePoolProps } from './gaie-inference-pool';
import { IInferenceGateway, InferenceGateway, InferenceGatewayProps } from './inference-gateway';
import { IInferenceRouter } from './inference-router';
import { LlmdInfraGateway, LlmdInfraGatewayProps } from './llmd-infra-gateway';
import { LlmdModelService, LlmdModelServiceProps } from './llmd-model-service';
import { LlmdRouter, LlmdRouterProps } from './llmd-router';
import { LWS_WORKER_INDEX_LABEL, PdLeaderWorkerSets, PdLeaderWorkerSetsProps } from './pd-leader-worker-sets';
import { PD_GUIDE_LABEL } from './llmd-router';
import { checkPoolSelector, PdRoleSizing } from './pd-sizing';

/** What the parts of a P/D deployment are created in. */
export interface PdContext {
  /** Namespace of every part. */
  readonly namespace: K8sNamespace;
  /** TPU capacity of the model servers. */
  readonly platform: ITpuPlatform;
  /** Hugging Face token Secret. */
  readonly hfToken: TokenSecret;
  /** What every part waits for. */
  readonly dependsOn: readonly ITerraformDependable[];
  /**
   * Labels that select exactly the model server pods that serve requests, when
   * the model servers need more than the router's default selector (e.g. only
   * LeaderWorkerSet leaders). Routers use it unless given their own selector.
   * @default - the router's default selector
   */
  readonly servingSelector?: Labels;
}

/** The Gateway of a P/D deployment. */
export abstract class PdGateway {
  /** A Gateway object of the given class (seed 000: `llm-d-inference-gateway`, `gke-l7-rilb`). */
  public static gatewayObject(props: Omit<InferenceGatewayProps, 'namespace'> = {}): PdGateway {
    return new (class extends PdGateway {
      public create(scope: Construct, ctx: PdContext): IInferenceGateway {
        return new InferenceGateway(scope, 'Gateway', { ...props, namespace: ctx.namespace, dependsOn: [...ctx.dependsOn, ...(props.dependsOn ?? [])] });
      }
    })();
  }

  /** The `llm-d-infra` chart's Gateway (seeds 002/003: `infra-pd-inference-gateway`; class `gke-l7-rilb` unless set, the seeds' is `gke-l7-regional-external-managed`). */
  public static llmdInfra(props: Omit<LlmdInfraGatewayProps, 'namespace'> = {}): PdGateway {
    return new (class extends PdGateway {
      public create(scope: Construct, ctx: PdContext): IInferenceGateway {
        return new LlmdInfraGateway(scope, 'Gateway', { ...props, namespace: ctx.namespace, dependsOn: [...ctx.dependsOn, ...(props.dependsOn ?? [])] });
      }
    })();
  }

  /** Creates the gateway construct (id `Gateway`). */
  public abstract create(scope: Construct, ctx: PdContext): IInferenceGateway;
}

/** The endpoint picker and InferencePool of a P/D deployment. */
export abstract class PdRouter {
  /** The llm-d router chart in gateway mode; it also creates the HTTPRoute (seed 000). */
  public static llmdRouter(props: Omit<LlmdRouterProps, 'namespace' | 'gateway'> = {}): PdRouter {
    return new (class extends PdRouter {
      public create(scope: Construct, ctx: PdContext, gateway: IInferenceGateway): IInferenceRouter {
        return new LlmdRouter(scope, 'Router', {
          ...props, selector: props.selector ?? ctx.servingSelector, namespace: ctx.namespace, gateway, dependsOn: [...ctx.dependsOn, ...(props.dependsOn ?? [])],
        });
      }
    })();
  }

  /** The GAIE `inferencepool` chart with llm-d's scheduler (seeds 002/003: `gaie-pd`). */
  public static inferencePool(props: Omit<GaieInferencePoolProps, 'namespace'> = {}): PdRouter {
    return new (class extends PdRouter {
      public create(scope: Construct, ctx: PdContext, gateway: IInferenceGateway): IInferenceRouter {
        return new GaieInferencePool(scope, 'Router', {
          ...props, selector: props.selector ?? ctx.servingSelector, namespace: ctx.namespace, dependsOn: [gateway, ...ctx.dependsOn, ...(props.dependsOn ?? [])],
        });
      }
    })();
  }

  /** Creates the router construct (id `Router`). */
  public abstract create(scope: Construct, ctx: PdContext, gateway: IInferenceGateway): IInferenceRouter;
}

/** The prefill and decode model servers as created. */
export interface PdModelServerSet extends ITerraformDependable {
  /** Prefill and decode sizing as claimed on the platform. */
  readonly sizing: readonly PdRoleSizing[];
  /** Labels every pod that serves requests carries (besides `llm-d.ai/role`). */
  readonly podLabels: Labels;
  /**
   * Labels of model server pods that serve nothing (e.g. LeaderWorkerSet
   * workers); the InferencePool must not select them.
   * @default - every model server pod serves
   */
  readonly idlePodLabels?: readonly Labels[];
}

/** How the prefill and decode vLLM servers run. */
export abstract class PdModelServers {
  /**
   * Two LeaderWorkerSets on tpu7x dynamic sub-slices, queued by Kueue (seed 000).
   * The platform and namespace of the deployment must be the Kueue stack's.
   */
  public static leaderWorkerSets(props: Omit<PdLeaderWorkerSetsProps, 'hfToken'>): PdModelServers {
    return new (class extends PdModelServers {
      public create(scope: Construct, ctx: PdContext): PdModelServerSet {
        if (props.kueue.platform !== ctx.platform) {
          throw Errors.invalidValue('PdModelServers.leaderWorkerSets platform', 'another platform', ['the Kueue stack\'s platform'],
            'pass the KueueStack platform as the PdDisaggregation platform');
        }
        if (props.kueue.namespace !== ctx.namespace) {
          throw Errors.invalidValue('PdDisaggregation namespace', ctx.namespace.name, [props.kueue.namespace.name],
            `create the P/D deployment in the Kueue workload namespace "${props.kueue.namespace.name}", whose LocalQueue "${props.kueue.localQueueName}" admits the LeaderWorkerSets`);
        }
        return new PdLeaderWorkerSets(scope, 'ModelServers', { ...props, hfToken: ctx.hfToken, dependsOn: [...ctx.dependsOn, ...(props.dependsOn ?? [])] });
      }

      public servingSelector(): Labels {
        // Only leaders run vLLM; the seed's selector (the guide label alone) also matched the workers.
        return { [PD_GUIDE_LABEL]: props.guide ?? 'pd-disaggregation', [LWS_WORKER_INDEX_LABEL]: '0' };
      }
    })();
  }

  /** llm-d's `llm-d-modelservice` chart: prefill and decode Deployments (seeds 002/003: `ms-pd`). */
  public static modelService(props: Omit<LlmdModelServiceProps, 'namespace' | 'platform'>): PdModelServers {
    return new (class extends PdModelServers {
      public create(scope: Construct, ctx: PdContext): PdModelServerSet {
        return new LlmdModelService(scope, 'ModelServers', {
          ...props, namespace: ctx.namespace, platform: ctx.platform, dependsOn: [ctx.hfToken, ...ctx.dependsOn, ...(props.dependsOn ?? [])],
        });
      }
    })();
  }

  /** Creates the model servers (id `ModelServers`); they wait for `ctx.dependsOn`. */
  public abstract create(scope: Construct, ctx: PdContext): PdModelServerSet;

  /** The selector of the pods that serve, when a router's default would select too much. */
  public servingSelector(): Labels | undefined {
    return undefined;
  }
}

/** An HTTPRoute from the Gateway to the InferencePool, for routers whose chart makes none. */
export interface PdRouteProps {
  /** HTTPRoute name, e.g. `llm-d-pd-disaggregation`. */
  readonly name: string;
  /**
   * Path prefix routed to the pool.
   * @default "/"
   */
  readonly pathPrefix?: string;
  /**
   * Weight of the pool backend.
   * @default 1
   */
  readonly weight?: number;
}

/** Props of {@link PdDisaggregation}. */
export interface PdDisaggregationProps {
  /** Namespace of every part. */
  readonly namespace: K8sNamespace;
  /** TPU capacity the model servers run on (chips are claimed on its ledger). */
  readonly platform: ITpuPlatform;
  /** Hugging Face token Secret the model servers read. */
  readonly hfToken: TokenSecret;
  /** Where inference traffic enters. */
  readonly gateway: PdGateway;
  /** Endpoint picker and InferencePool. */
  readonly router: PdRouter;
  /** Prefill and decode vLLM servers. */
  readonly modelServers: PdModelServers;
  /**
   * The HTTPRoute to create; required when the router's chart creates none.
   * @default - the router's own HTTPRoute
   */
  readonly route?: PdRouteProps;
  /**
   * What every part waits for (e.g. the GAIE CRDs).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Prefill/decode disaggregated LLM serving behind a GKE inference gateway: a
 * Gateway, an endpoint picker with an InferencePool over the model servers,
 * prefill and decode vLLM servers that hand the KV cache over, and the
 * HTTPRoute from the Gateway to the pool. Which charts and objects make each
 * part is configuration ({@link PdGateway}, {@link PdRouter},
 * {@link PdModelServers}); the checks are shared: tensor parallelism equals a
 * replica's TensorCores, all replicas fit the platform, and the pool selects
 * the model servers.
 *
 * Create order: gateway, router (after the gateway), model servers (after the
 * router and the token), route (after gateway and router); destroy runs backwards.
 */
export class PdDisaggregation extends Construct {
  public readonly gateway: IInferenceGateway;
  public readonly router: IInferenceRouter;
  public readonly modelServers: PdModelServerSet;
  /** Undefined when the router's chart creates the HTTPRoute. */
  public readonly routeRelease?: ManifestRelease;
  /** Name of the HTTPRoute to the pool. */
  public readonly routeName: string;

  constructor(scope: Construct, id: string, props: PdDisaggregationProps) {
    super(scope, id);
    const ctx: PdContext = {
      namespace: props.namespace, platform: props.platform, hfToken: props.hfToken, dependsOn: props.dependsOn ?? [],
      servingSelector: props.modelServers.servingSelector(),
    };
    this.gateway = props.gateway.create(this, ctx);
    this.router = props.router.create(this, ctx, this.gateway);
    this.modelServers = props.modelServers.create(this, { ...ctx, dependsOn: [...ctx.dependsOn, this.gateway, this.router] });
    checkPoolSelector(this.router.poolName, this.router.selector, this.modelServers.podLabels, this.modelServers.idlePodLabels);

    if (this.router.routeName !== undefined) {
      if (props.route) {
        throw Errors.routeDuplicatesRouterRoute(props.route.name, this.router.routeName);
      }
      this.routeName = this.router.routeName;
      return;
    }
    if (!props.route) throw Errors.missingProp('PdDisaggregation', 'route', 'the router creates no HTTPRoute, so nothing would reach the InferencePool');
    this.routeName = validateName(NameRules.K8S_DNS_SUBDOMAIN, props.route.name, 'HTTPRoute');
    this.routeRelease = new ManifestRelease(this, 'Route', {
      cluster: props.namespace.cluster,
      releaseName: this.routeName,
      namespace: props.namespace.name,
      objects: [httpRoute({
        name: this.routeName,
        namespace: props.namespace.name,
        gatewayName: this.gateway.gatewayName,
        ...(this.gateway.namespace !== props.namespace.name ? { gatewayNamespace: this.gateway.namespace } : {}),
        pathPrefix: props.route.pathPrefix ?? '/',
        backends: [inferencePoolBackend(this.router.poolName, { weight: props.route.weight ?? 1 })],
      })],
      dependsOn: [props.namespace, this.gateway, this.router],
    });
  }

  /** Name of the Gateway. */
  public get gatewayName(): string {
    return this.gateway.gatewayName;
  }

  /** Name of the InferencePool. */
  public get poolName(): string {
    return this.router.poolName;
  }
}
