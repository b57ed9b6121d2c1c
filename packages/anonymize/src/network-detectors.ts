/**
 * Detectors for network identifiers in a single token: IPv4/IPv6 and MAC addresses,
 * emails, host and domain names. Domain decisions use the public suffix list through
 * `tldts`, never a `\w+\.\w{2,}` pattern.
 */
import { parse as parseHost } from 'tldts';
import {
  EMAIL_LOCAL_PART_PATTERN,
  HOSTNAME_LABEL_PATTERN,
  IP_ENCODED_LABEL_PATTERN,
  IPV4_PATTERN,
  MAC_COLON_PATTERN,
  MAC_DOTTED_PATTERN,
  MAC_HYPHEN_PATTERN,
} from './patterns.js';

/**
 * Whether `token` is a dotted-quad IPv4 address (each octet 0–255), optionally with a
 * `:port` or a `/prefix` (CIDR). Four-part version numbers (`5.1.1.0`) look the same;
 * the caller skips tokens preceded by `v`/`version`.
 */
export function isIpv4(token: string): boolean {
  if (token.length > 21) return false;
  const match = IPV4_PATTERN.exec(token);
  if (!match) return false;
  for (let octet = 1; octet <= 4; octet++) if (Number(match[octet]) > 255) return false;
  return true;
}

function isHexGroup(group: string): boolean {
  if (group.length < 1 || group.length > 4) return false;
  for (let i = 0; i < group.length; i++) {
    const code = group.charCodeAt(i) | 0x20;
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66))) return false;
  }
  return true;
}

/**
 * Whether `token` is an IPv6 address (RFC 4291 text forms, RFC 5952 compression with
 * `::`, an embedded IPv4 tail, a `%zone`), optionally bracketed with a `:port`
 * (`[2001:db8::1]:8443`). Requires a decimal digit somewhere, so `Foo::Bar` and
 * `dead::beef` are not addresses; `::` alone is not reported.
 */
export function isIpv6(token: string): boolean {
  let address = token;
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close === -1) return false;
    const rest = address.slice(close + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return false;
    address = address.slice(1, close);
  }
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  if (address.length < 3 || address.length > 45 || address === '::') return false;
  // Hex digits, `:` and `.` (an IPv4 tail) only; anything else fails a group below anyway
  // (`2026-11-02T10:00:01Z`, `Foo::Bar`), so reject it before splitting.
  let digit = false;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digit = true;
    else if (!(c === 0x3a || c === 0x2e || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)))
      return false;
  }
  if (!digit) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups: string[] = [];
  for (const half of halves) if (half !== '') groups.push(...half.split(':'));
  let count = groups.length;
  const last = groups[groups.length - 1];
  if (last?.includes('.')) {
    if (!isIpv4(last)) return false;
    groups.pop();
    count += 1;
  }
  for (const group of groups) if (!isHexGroup(group)) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** Whether `token` is a MAC address in colon, hyphen or Cisco dotted form. */
export function isMacAddress(token: string): boolean {
  if (token.length === 17) return MAC_COLON_PATTERN.test(token) || MAC_HYPHEN_PATTERN.test(token);
  return token.length === 14 && MAC_DOTTED_PATTERN.test(token);
}

/** Top-level domains reserved or commonly used for private networks (RFC 6762, RFC 6761, ICANN's `.internal`). */
const PRIVATE_USE_TLDS = new Set([
  'internal',
  'local',
  'localdomain',
  'lan',
  'corp',
  'home',
  'intranet',
  'private',
  'localhost',
  'test',
  'example',
  'invalid',
]);

/** File extensions that happen to be top-level domains: `app.py`, `deploy.sh`, `README.md`, `Foo.java`. */
const FILE_EXTENSION_TLDS = new Set([
  'py',
  'sh',
  'md',
  'rs',
  'tf',
  'zip',
  'mov',
  'so',
  'java',
  'properties',
  'pl',
  'pm',
  'cc',
  'ps',
  'ml',
  'mk',
  'am',
  'pub',
  'key',
  'log',
  'sql',
  'bak',
]);

/** First labels of code namespaces that parse as domains (`java.net`, `System.Net`, `Microsoft.Azure.Storage`). */
const CODE_NAMESPACE_ROOTS = new Set([
  'java',
  'javax',
  'jakarta',
  'sun',
  'jdk',
  'kotlin',
  'kotlinx',
  'scala',
  'android',
  'androidx',
  'groovy',
  'System',
  'Microsoft',
  'Windows',
  'Azure',
  'Amazon',
  'Google',
  'Newtonsoft',
  'Npgsql',
  'Oracle',
  'MySql',
  'Grpc',
  'Polly',
  'Serilog',
  'NUnit',
  'Xunit',
]);

/** First labels that make a 3+ label name a reverse-DNS package (`com.mysql.cj.jdbc…`, `org.postgresql.util`). */
const REVERSE_DNS_ROOTS = new Set([
  'com',
  'org',
  'net',
  'io',
  'edu',
  'gov',
  'de',
  'fr',
  'uk',
  'nl',
  'ch',
  'be',
  'se',
  'dk',
  'fi',
  'at',
  'it',
  'es',
  'ru',
  'cn',
  'jp',
  'us',
  'ca',
  'au',
  'eu',
  'info',
  'biz',
  'co',
  'dev',
  'app',
]);

/** Well-known public hosts that identify no customer; kept as written. */
const PUBLIC_HOSTS = new Set([
  'amazonaws.com',
  'amazon.com',
  'aws.amazon.com',
  'docs.aws.amazon.com',
  'console.aws.amazon.com',
  'microsoft.com',
  'learn.microsoft.com',
  'azure.com',
  'portal.azure.com',
  'management.azure.com',
  'login.microsoftonline.com',
  'windows.net',
  'database.windows.net',
  'core.windows.net',
  'vault.azure.net',
  'google.com',
  'cloud.google.com',
  'console.cloud.google.com',
  'googleapis.com',
  'github.com',
  'api.github.com',
  'gitlab.com',
  'docker.io',
  'registry-1.docker.io',
  'hub.docker.com',
  'npmjs.org',
  'registry.npmjs.org',
  'pypi.org',
  'maven.org',
  'repo1.maven.org',
  'nuget.org',
  'api.nuget.org',
  'golang.org',
  'proxy.golang.org',
  'asp.net',
  'socket.io',
  'kubernetes.io',
  'k8s.io',
  'postgresql.org',
  'mysql.com',
  'oracle.com',
]);

/** Zones whose subdomains are public endpoints when every extra label is a known service or region name. */
const PUBLIC_SERVICE_ZONES = ['amazonaws.com', 'googleapis.com', 'windows.net', 'azure.com', 'azure.net'];

/** Service labels of public cloud endpoints (`dms.us-east-1.amazonaws.com`, `sqladmin.googleapis.com`). */
const PUBLIC_SERVICE_LABELS = new Set([
  's3',
  'ec2',
  'rds',
  'dms',
  'sts',
  'iam',
  'lambda',
  'dynamodb',
  'sqs',
  'sns',
  'kms',
  'logs',
  'monitoring',
  'elasticloadbalancing',
  'secretsmanager',
  'ssm',
  'ecr',
  'api',
  'eks',
  'ecs',
  'cloudformation',
  'route53',
  'glue',
  'athena',
  'kinesis',
  'firehose',
  'redshift',
  'elasticache',
  'states',
  'events',
  'dualstack',
  'fips',
  'storage',
  'compute',
  'sqladmin',
  'bigquery',
  'container',
  'pubsub',
  'cloudresourcemanager',
  'oauth2',
  'www',
  'blob',
  'file',
  'queue',
  'table',
  'dfs',
  'web',
  'core',
  'database',
  'management',
  'vault',
]);

const AWS_REGION_LABEL = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]{4,9}-\d$/;

/**
 * Domains of open-source projects and vendors whose names appear in configuration as API
 * groups, label keys and import paths (`networking.istio.io/v1beta1`,
 * `rbac.authorization.k8s.io`, `nvidia.com/gpu`, `google.golang.org/grpc`): they and every
 * name under them are public technical terms that identify no deployment.
 */
const PUBLIC_PROJECT_ZONES = [
  'k8s.io',
  'x-k8s.io',
  'kubernetes.io',
  'istio.io',
  'coreos.com',
  'argoproj.io',
  'nvidia.com',
  'jaegertracing.io',
  'konghq.com',
  'velero.io',
  'golang.org',
  'cert-manager.io',
  'knative.dev',
  'linkerd.io',
  'prometheus.io',
  'opentelemetry.io',
  'cncf.io',
  'tekton.dev',
  'fluxcd.io',
  'crossplane.io',
  'keda.sh',
  'strimzi.io',
  'k8s.aws',
];

function isPublicProjectHost(host: string): boolean {
  for (const zone of PUBLIC_PROJECT_ZONES) {
    if (
      host === zone ||
      (host.length > zone.length &&
        host.endsWith(zone) &&
        host.charCodeAt(host.length - zone.length - 1) === 0x2e)
    )
      return true;
  }
  return false;
}

function isPublicServiceHost(host: string): boolean {
  for (const zone of PUBLIC_SERVICE_ZONES) {
    if (host.length > zone.length && host.endsWith(`.${zone}`)) {
      const labels = host.slice(0, host.length - zone.length - 1).split('.');
      return labels.every((label) => PUBLIC_SERVICE_LABELS.has(label) || AWS_REGION_LABEL.test(label));
    }
  }
  return false;
}

/** Length of the longest name in {@link CODE_NAMESPACE_ROOTS} and {@link REVERSE_DNS_ROOTS}: a longer first label is neither. */
const LONGEST_ROOT = Math.max(...[...CODE_NAMESPACE_ROOTS, ...REVERSE_DNS_ROOTS].map((root) => root.length));

/**
 * `text.lastIndexOf(character, from)` for one code unit, as a loop: V8 runs
 * `lastIndexOf` in its runtime, which costs more than the search on short strings.
 */
function lastIndexOfCode(text: string, code: number, from: number): number {
  for (let i = Math.min(from, text.length - 1); i >= 0; i--) if (text.charCodeAt(i) === code) return i;
  return -1;
}

/** Receivers of member access in code samples (`self.channel`, `user.id`); lower case as written. */
const CODE_RECEIVERS = new Set(
  'step stage component provider deployment proc fd spec metadata container pod instance target source span cb self this cls super user users request req response res resp ctx context config cfg settings options opts args kwargs params event evt msg message obj data item items order orders record row entry node payload result results session app client server db conn os sys np pd tf math json console window document process module exports err error e ex logger log span tracer metrics state props job task'.split(
    ' ',
  ),
);

/**
 * How `isSensitiveHost` asks `tldts`: with the private section of the public suffix list, for
 * a host name that is neither a URL nor an IP address (both ruled out before), so tldts skips
 * extracting a host and detecting an IP.
 */
const HOST_PARSE_OPTIONS = {
  allowPrivateDomains: true,
  extractHostname: false,
  mixedInputs: false,
  detectIp: false,
} as const;

/**
 * Whether `candidate` (no scheme, no path) is a host or domain name that may identify
 * a deployment. Decided with the public suffix list (ICANN and private sections, via
 * `tldts`): a name counts when it has a registrable domain under a known suffix, or
 * ends in a private-use TLD (`.internal`, `.local`, `.corp`, …). Kept: names that are
 * themselves public suffixes (`s3.amazonaws.com`), well-known public hosts and cloud
 * service endpoints, code namespaces (`java.net`, `System.Net`, `com.mysql.cj.jdbc`),
 * file names whose extension is a TLD (`app.py`, `README.md`), and anything whose last
 * label is not a TLD (`t3.large`, `v2.3.1`). Hosts with an IPv4 address in a label
 * (`ip-10-0-1-23.ec2.internal`) always count.
 *
 * Known limits: a real domain written in CamelCase, or whose name is also a file name
 * (`acme.py`), is missed; single-label host names (`SQLPROD01`) are only caught as
 * values of host keys.
 *
 * @param candidate - a host, optionally with `:port` and a trailing dot
 * @returns `true` when the host should be redacted
 */
export function isSensitiveHost(candidate: string): boolean {
  // Cheap rejection first: the character after the last dot must be a letter (`4.2`, `12.5%` are not hosts).
  const lastDot = lastIndexOfCode(candidate, 0x2e, candidate.length - 2);
  const tldStart = candidate.charCodeAt(lastDot + 1) | 0x20;
  if (lastDot <= 0 || tldStart < 0x61 || tldStart > 0x7a) return false;
  let host = candidate;
  const colon = lastIndexOfCode(host, 0x3a, host.length - 1);
  if (colon !== -1) {
    const port = host.slice(colon + 1);
    if (!/^\d{1,5}$/.test(port)) return false;
    host = host.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.length < 3 || host.length > 253) return false;
  // One pass over the characters checks every label (HOSTNAME_LABEL_PATTERN: 1–63 of
  // letters, digits, `_`, `-`, not starting or ending with `-`) and notes what the
  // code-name rules below need, without splitting the host.
  let labelStart = 0;
  let labels = 1;
  let firstLabelEnd = -1;
  let camelCase = false;
  let hyphens = 0;
  let previous = 0x2e;
  for (let i = 0; i <= host.length; i++) {
    const c = i < host.length ? host.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      const labelLength = i - labelStart;
      if (labelLength < 1 || labelLength > 63 || previous === 0x2d) return false;
      if (firstLabelEnd === -1) firstLabelEnd = i;
      if (i < host.length) labels++;
      labelStart = i + 1;
    } else if (c >= 0x61 && c <= 0x7a) {
      // lower case
    } else if (c >= 0x41 && c <= 0x5a) {
      if (previous >= 0x61 && previous <= 0x7a) camelCase = true; // `SqlClient`, `getItem`
    } else if (c === 0x2d) {
      if (i === labelStart) return false;
      hyphens++;
    } else if (!((c >= 0x30 && c <= 0x39) || c === 0x5f)) return false;
    previous = c;
  }
  if (labels < 2) return false;
  // Member access in code (`user.id`, `self.channel`, `request.host`): a receiver every
  // language names so, and one more label — not a registrable name anybody owns.
  const firstLabel = host.slice(0, firstLabelEnd);
  if (labels === 2 && CODE_RECEIVERS.has(firstLabel)) return false;
  // `self.logger.info`, `this.client.name`: a receiver no host name starts with.
  if (firstLabel === 'self' || firstLabel === 'this' || firstLabel === 'cls') return false;
  const tldOriginal = host.slice(lastIndexOfCode(host, 0x2e, host.length - 1) + 1);
  const tld = tldOriginal.toLowerCase();
  if (!/^[a-z][a-z0-9-]*$/.test(tld)) return false;
  // Code names: `java.net`, `System.Net`, `com.mysql.cj.jdbc`, `Foo.Bar`, `SqlClient.Open`.
  if (firstLabelEnd <= LONGEST_ROOT) {
    const first = host.slice(0, firstLabelEnd);
    if (CODE_NAMESPACE_ROOTS.has(first)) return false;
    if (labels >= 3 && REVERSE_DNS_ROOTS.has(first)) return false;
  }
  // `Foo.Bar`: a capitalised, mixed-case last label is a member access, not a TLD.
  const tldFirst = tldOriginal.charCodeAt(0);
  if (tldFirst >= 0x41 && tldFirst <= 0x5a && /[a-z]/.test(tldOriginal)) return false;
  // `State.OPEN`, `logging.INFO`: an upper-case constant after a name that is not upper case.
  if (tldFirst >= 0x41 && tldFirst <= 0x5a && /[a-z]/.test(host)) return false;
  if (camelCase) return false;
  if (FILE_EXTENSION_TLDS.has(tld)) return false;
  if (PRIVATE_USE_TLDS.has(tld)) return true;
  const lower = host.toLowerCase();
  const parsed = parseHost(lower, HOST_PARSE_OPTIONS);
  if (!parsed.isIcann && !parsed.isPrivate) return false;
  // A label encoding an IPv4 address has at least three hyphens.
  if (hyphens >= 3 && lower.split('.').some((label) => IP_ENCODED_LABEL_PATTERN.test(label))) return true;
  if (parsed.domain === null) return false; // the host is itself a public suffix (s3.amazonaws.com)
  if (PUBLIC_HOSTS.has(lower) || isPublicServiceHost(lower) || isPublicProjectHost(lower)) return false;
  return true;
}

/**
 * Whether `token` is an email address (or a `user@host` login): one `@`, a dot-atom
 * local part, and a host that is an IP address, a bracketed address, or a name of two or
 * more labels ending in an alphabetic TLD. Quoted local parts are not recognised.
 */
export function isEmailAddress(token: string): boolean {
  const at = token.indexOf('@');
  if (at <= 0 || at !== lastIndexOfCode(token, 0x40, token.length - 1) || token.length > 320) return false;
  const local = token.slice(0, at);
  const domain = token.slice(at + 1);
  if (!EMAIL_LOCAL_PART_PATTERN.test(local) || local.startsWith('.') || local.endsWith('.')) return false;
  if (isIpv4(domain) || isIpv6(domain)) return true;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) if (!HOSTNAME_LABEL_PATTERN.test(label)) return false;
  return /^[A-Za-z]{2,63}$/.test(labels[labels.length - 1]!);
}
