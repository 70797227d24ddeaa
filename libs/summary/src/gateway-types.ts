import type { KubeObject } from '@k8s-mcp/k8s-client';
import type { Condition, LabelSelector } from './kube-types.js';

// Typed views of the Gateway API (gateway.networking.k8s.io/v1) fields the gateway detector
// reads. These kinds are custom resources: a cluster without the Gateway API has none.

/** The API group of the Gateway API kinds (the default `group` of parent references). */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** A GatewayClass: which controller implements the Gateways of this class. */
export interface GatewayClass extends KubeObject {
  readonly spec?: { readonly controllerName?: string };
  readonly status?: { readonly conditions?: readonly Condition[] };
}

/** A reference to a TLS certificate (a Secret unless `group`/`kind` say otherwise). */
export interface SecretObjectReference {
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
}

/** One listener of a Gateway. */
export interface GatewayListener {
  readonly name: string;
  readonly port?: number;
  readonly protocol?: string;
  readonly hostname?: string;
  readonly tls?: { readonly mode?: string; readonly certificateRefs?: readonly SecretObjectReference[] };
  readonly allowedRoutes?: {
    readonly namespaces?: { readonly from?: string; readonly selector?: LabelSelector };
    readonly kinds?: readonly { readonly group?: string; readonly kind: string }[];
  };
}

/** A Gateway: listeners served by the controller of its GatewayClass. */
export interface Gateway extends KubeObject {
  readonly spec?: { readonly gatewayClassName?: string; readonly listeners?: readonly GatewayListener[] };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly listeners?: readonly { readonly name: string; readonly attachedRoutes?: number; readonly conditions?: readonly Condition[] }[];
  };
}

/** A route's parent (a Gateway unless `group`/`kind` say otherwise). */
export interface ParentReference {
  readonly group?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** A backend of a route rule (a Service unless `group`/`kind` say otherwise). */
export interface BackendReference {
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
  readonly port?: number;
  readonly weight?: number;
}

/** An HTTPRoute: rules attached to parent Gateways, forwarding to backends. */
export interface HttpRoute extends KubeObject {
  readonly spec?: {
    readonly parentRefs?: readonly ParentReference[];
    readonly hostnames?: readonly string[];
    readonly rules?: readonly { readonly backendRefs?: readonly BackendReference[] }[];
  };
  readonly status?: {
    readonly parents?: readonly { readonly parentRef: ParentReference; readonly controllerName?: string; readonly conditions?: readonly Condition[] }[];
  };
}
