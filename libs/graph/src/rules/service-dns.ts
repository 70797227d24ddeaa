// Recognises in-cluster Service addresses in configuration text (env values, ConfigMap data):
// `db`, `db.shop`, `db.shop.svc`, `db.shop.svc.cluster.local`, with or without a scheme, userinfo,
// port and path. A guess by nature, so it errs on the side of silence: bare words count only with
// a port, a scheme or a variable name that says "address".

/** A Service named by an address, as written. */
export interface ServiceReference {
  /** The Service's name. */
  readonly name: string;
  /** The namespace the address names; absent for a bare `name` (the caller's namespace). */
  readonly namespace?: string;
  /** The port as written (`5432`), when given. */
  readonly port?: number;
  /** Which DNS form: `name`, `name.namespace`, `name.namespace.svc` or the full `...svc.cluster.local`. */
  readonly form: 'name' | 'name.namespace' | 'name.namespace.svc' | 'fqdn';
  /** The host (and port) as written, lower-cased, for messages: `db.shop:5432`. */
  readonly address: string;
}

const SERVICE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/; // DNS-1035 label: what Service names must be
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/; // DNS-1123 label
const SCHEME = /^([a-z][a-z0-9+.-]*(?::[a-z][a-z0-9+.-]*)*):\/\//i;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*(?::[a-z][a-z0-9+.-]*)*:\/\/[^\s"'`<>,;()[\]{}]+/gi;

/**
 * Schemes whose "host" is a bucket, account or path, never a Service (`s3://analytics/raw`):
 * such values are ignored.
 */
const STORAGE_SCHEMES = new Set(['s3', 's3a', 's3n', 'gs', 'gcs', 'file', 'az', 'azure', 'wasb', 'wasbs', 'abfs', 'abfss', 'oss', 'cos', 'swift', 'r2', 'hf', 'data', 'blob', 'jar', 'classpath', 'vault', 'env', 'secret', 'ipfs', 'docker', 'oci', 'git', 'unix']);

/**
 * Schemes of network protocols: with one, a bare name counts as an address. Other schemes (an
 * app's own `myapp://`) count only as much as the port or the variable name does.
 */
const NETWORK_SCHEMES = new Set([
  'http', 'https', 'h2c', 'ws', 'wss', 'grpc', 'grpcs', 'dns', 'tcp', 'udp', 'tls', 'ssl', 'ftp', 'sftp', 'ssh', 'ldap', 'ldaps', 'smtp', 'smtps', 'imap', 'imaps',
  'postgres', 'postgresql', 'mysql', 'mariadb', 'sqlserver', 'mssql', 'oracle', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'memcached', 'cassandra', 'clickhouse', 'couchbase', 'couchdb', 'neo4j', 'bolt', 'elasticsearch', 'opensearch', 'influxdb', 'cockroachdb', 'etcd', 'consul', 'zookeeper', 'zk',
  'amqp', 'amqps', 'kafka', 'nats', 'mqtt', 'mqtts', 'stomp', 'pulsar', 'thrift', 'otlp', 'jaeger', 'zipkin', 'statsd', 'syslog',
]);

/** Names that are never Services even when they look like one. */
const NOT_SERVICES = new Set(['localhost', 'localhost.localdomain', 'host.docker.internal']);

/**
 * Last labels of two-label names that are internet or local domains, not namespaces
 * (`example.com`, `db.local`). Namespaces called `dev` or `app` are common, so those stay.
 */
const DOMAIN_SUFFIXES = new Set([
  'com', 'org', 'net', 'io', 'co', 'ai', 'gov', 'edu', 'info', 'biz', 'me', 'us', 'uk', 'de', 'fr', 'nl', 'eu', 'ch', 'cn', 'jp', 'ru',
  'cloud', 'tech', 'xyz', 'sh', 'ly', 'gg', 'tv', 'local', 'localdomain', 'internal', 'lan', 'corp', 'home', 'example', 'test', 'invalid', 'arpa',
]);

/** Words of a variable name that say its value is an address. */
const ADDRESS_WORDS = new Set(['host', 'hostname', 'hosts', 'url', 'urls', 'uri', 'addr', 'address', 'addresses', 'endpoint', 'endpoints', 'server', 'servers', 'service', 'svc', 'upstream', 'backend', 'broker', 'brokers', 'dsn', 'target']);
/** Last words that make the value something else (`OTEL_SERVICE_NAME`, `SERVER_PORT`). */
const NOT_ADDRESS_LAST = new Set(['name', 'names', 'id', 'port', 'path', 'user', 'username', 'password', 'key', 'token', 'version', 'type', 'mode', 'account', 'label', 'file', 'dir', 'timeout', 'enabled']);

/** The words of a variable or key name: `DB_HOST`, `db.host`, `dbHost` -> `db`, `host`. */
function words(variable: string): string[] {
  return variable
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether a variable (or ConfigMap key) name says its value is an address: it has a word such as
 * host, url, addr, endpoint, server or service, and does not end in name, port, user, ...
 * (`DB_HOST`, `DATABASE_URL`, `redis.addr`; not `OTEL_SERVICE_NAME`, `SERVER_PORT`).
 */
export function isAddressVariable(variable: string): boolean {
  const w = words(variable);
  const last = w.at(-1);
  return last !== undefined && !NOT_ADDRESS_LAST.has(last) && w.some((x) => ADDRESS_WORDS.has(x));
}

/**
 * One address (`postgres://user@db.data.svc.cluster.local:5432/app`, `redis:6379`,
 * `http://api:8080/v1`, `db.shop`) as a Service reference, or undefined when it names none:
 * a one- or two-label name without a network scheme (http, postgres, redis, kafka, ...), a port
 * or an address-like variable name; a storage scheme (`s3://bucket`, `file://`, `gs://`); a name
 * that resolves outside the cluster (`api.example.com`, more labels than the Service pattern); an
 * IP address, `localhost`; a value with spaces or `$(VAR)` references; a non-numeric port.
 *
 * @param variable the env variable or ConfigMap key holding the value (see {@link isAddressVariable}).
 */
export function parseServiceReference(value: string, variable?: string): ServiceReference | undefined {
  let text = value.trim();
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0]) text = text.slice(1, -1).trim();
  if (text === '' || text.length > 2048 || /[\s$]/.test(text)) return undefined;
  const scheme = SCHEME.exec(text);
  // `jdbc:postgresql://` is judged by its last part.
  const schemeName = scheme?.[1]?.toLowerCase().split(':').at(-1);
  if (schemeName !== undefined && STORAGE_SCHEMES.has(schemeName)) return undefined;
  let rest = scheme ? text.slice(scheme[0].length) : text;
  rest = rest.split(/[/?#]/, 1)[0] ?? '';
  if (scheme) rest = rest.slice(rest.lastIndexOf('@') + 1); // userinfo
  else if (rest.includes('@')) return undefined; // `user@host` without a scheme is rarely an address
  const colon = rest.lastIndexOf(':');
  let host = rest;
  let port: number | undefined;
  if (colon >= 0) {
    const p = rest.slice(colon + 1);
    if (!/^\d{1,5}$/.test(p)) return undefined;
    port = Number(p);
    if (port < 1 || port > 65535) return undefined;
    host = rest.slice(0, colon);
  }
  host = host.toLowerCase().replace(/\.$/, '');
  if (NOT_SERVICES.has(host)) return undefined;
  const labels = host.split('.');
  const [name, namespace] = labels;
  if (name === undefined || !SERVICE_NAME.test(name)) return undefined;
  const signal = (schemeName !== undefined && NETWORK_SCHEMES.has(schemeName)) || port !== undefined || (variable !== undefined && isAddressVariable(variable));
  const address = port === undefined ? host : `${host}:${port}`;
  const at = port === undefined ? {} : { port };
  if (labels.length === 1) return signal ? { name, ...at, form: 'name', address } : undefined;
  if (namespace === undefined || !NAMESPACE.test(namespace)) return undefined;
  if (labels.length === 2) {
    if (!signal || DOMAIN_SUFFIXES.has(namespace)) return undefined;
    return { name, namespace, ...at, form: 'name.namespace', address };
  }
  if (labels[2] !== 'svc') return undefined;
  if (labels.length === 3) return { name, namespace, ...at, form: 'name.namespace.svc', address };
  if (labels.length === 5 && labels[3] === 'cluster' && labels[4] === 'local') return { name, namespace, ...at, form: 'fqdn', address };
  return undefined;
}

/** Most characters of one value scanned for URLs (large ConfigMap files are cut here). */
export const MAX_SCANNED_CHARS = 64 * 1024;

/**
 * Every Service a configuration value names: a single-line value is parsed whole, or as a
 * comma-separated list (`kafka-0:9092,kafka-1:9092`); in a multi-line value (a config file) only
 * URLs with a scheme count, the rest of a file being too free-form to guess from. Duplicates
 * (same address) are dropped; order is first appearance.
 */
export function serviceReferencesIn(value: string, variable?: string): ServiceReference[] {
  const text = value.length > MAX_SCANNED_CHARS ? value.slice(0, MAX_SCANNED_CHARS) : value;
  const found: ServiceReference[] = [];
  const add = (ref: ServiceReference | undefined): void => {
    if (ref && !found.some((f) => f.address === ref.address)) found.push(ref);
  };
  if (!/[\r\n]/.test(text.trim())) {
    const whole = parseServiceReference(text, variable);
    if (whole) return [whole];
    if (text.includes(',')) for (const part of text.split(',')) add(parseServiceReference(part, variable));
    return found;
  }
  return urlServiceReferencesIn(text);
}

/**
 * The Services named by URLs with a scheme (`http://api:8080/v1`, `postgres://db.data:5432`) in
 * free text such as a config file or a container's command line, where bare words are too
 * ambiguous to guess from (`alpine:3` is an image, not a call). Duplicates dropped; order is first
 * appearance; at most {@link MAX_SCANNED_CHARS} characters are scanned.
 */
export function urlServiceReferencesIn(value: string): ServiceReference[] {
  const text = value.length > MAX_SCANNED_CHARS ? value.slice(0, MAX_SCANNED_CHARS) : value;
  const found: ServiceReference[] = [];
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const ref = parseServiceReference(match[0].replace(/[.:]+$/, ''));
    if (ref && !found.some((f) => f.address === ref.address)) found.push(ref);
  }
  return found;
}
