// Reads the API server's RBAC denial out of untrusted text (a log line, an event message):
//   pods is forbidden: User "system:serviceaccount:shop:web" cannot list resource "pods" in API
//   group "" in the namespace "shop"
// Every field is checked against what Kubernetes allows, so nothing else of the text can reach
// a finding's message.

/** A request the API server refused for lack of RBAC permission. */
export interface ForbiddenRequest {
  /** The ServiceAccount the user name stands for (`system:serviceaccount:<namespace>:<name>`). */
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
  readonly verb: string;
  /** Resource, with `/subresource` when there is one (`pods/log`). */
  readonly resource: string;
  /** `''` for the core group. */
  readonly apiGroup: string;
  /** Absent: refused at the cluster scope. */
  readonly namespace?: string;
  /** The object's name when the request named one. */
  readonly name?: string;
}

const FORBIDDEN =
  /(?:"([^"]{1,253})"\s+)?is forbidden: User "system:serviceaccount:([^":]{1,63}):([^"]{1,253})" cannot ([a-z*]{1,32}) resource "([^"]{1,128})" in API group "([^"]{0,253})"(?: in the namespace "([^"]{1,63})"| at the cluster scope)/;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RESOURCE = /^([a-z0-9][a-z0-9.-]*|\*)(\/([a-z0-9]+|\*))?$/;

/**
 * The first RBAC denial of a ServiceAccount in `text`, or undefined. JSON-escaped quotes
 * (`\"`, as structured loggers write them) are read as quotes. Denials of users that are not
 * ServiceAccounts (nodes, people) and fields Kubernetes would not accept are ignored.
 */
export function parseForbidden(text: string): ForbiddenRequest | undefined {
  if (!text.includes('forbidden')) return undefined;
  const match = FORBIDDEN.exec(text.replace(/\\+"/g, '"'));
  if (!match) return undefined;
  const [, name, saNamespace, saName, verb, resource, apiGroup, namespace] = match as unknown as (string | undefined)[];
  if (!saNamespace || !saName || !verb || !resource || apiGroup === undefined) return undefined;
  if (!DNS_LABEL.test(saNamespace) || !DNS_SUBDOMAIN.test(saName) || !RESOURCE.test(resource)) return undefined;
  if (apiGroup !== '' && !DNS_SUBDOMAIN.test(apiGroup)) return undefined;
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) return undefined;
  return {
    serviceAccount: { namespace: saNamespace, name: saName },
    verb,
    resource,
    apiGroup,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name !== undefined && DNS_SUBDOMAIN.test(name) ? { name } : {}),
  };
}
