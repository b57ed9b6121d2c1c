/**
 * Every regular expression the anonymizer uses, in one place, so that a test can prove
 * each of them free of super-linear backtracking (ReDoS) with a checker.
 *
 * They are only ever applied to single tokens (no whitespace) and are anchored with
 * `^…$`; scanning the text itself is done by hand-written linear loops.
 */

/**
 * Token-level secret formats: `rule`, anchored pattern, and the characters a match can
 * start with (empty: any; Azure AD client secrets are told by their `Q~`). Sources:
 * gitleaks' default rules and vendor docs.
 */
export const SECRET_TOKEN_PATTERNS: ReadonlyArray<
  readonly [rule: string, pattern: RegExp, firstCharacters: string]
> = [
  // AWS access key ids and unique ids (AKIA/ASIA keys, AIDA users, AROA roles, …).
  [
    'aws-access-key-id',
    /^(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}$/,
    'A',
  ],
  ['github-token', /^(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}$/, 'g'],
  ['github-fine-grained-token', /^github_pat_[A-Za-z0-9_]{22,255}$/, 'g'],
  ['gitlab-token', /^(?:glpat|gldt|glptt|glrt|gloas|glcbt|glimt|glsoat|glffct)-[A-Za-z0-9_-]{20,255}$/, 'g'],
  ['slack-token', /^xox[abposre]-[A-Za-z0-9-]{10,255}$/, 'x'],
  ['slack-app-token', /^xapp-\d-[A-Za-z0-9-]{10,255}$/, 'x'],
  ['stripe-key', /^(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,247}$/, 'srp'],
  ['stripe-webhook-secret', /^whsec_[A-Za-z0-9]{20,255}$/, 'w'],
  ['gcp-api-key', /^AIza[0-9A-Za-z_-]{35}$/, 'A'],
  ['gcp-oauth-token', /^ya29\.[0-9A-Za-z_-]{20,4096}$/, 'y'],
  ['gcp-oauth-client-secret', /^GOCSPX-[A-Za-z0-9_-]{28}$/, 'G'],
  ['azure-ad-client-secret', /^[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}$/, ''],
  ['jwt', /^eyJ[A-Za-z0-9_-]{5,8192}\.eyJ[A-Za-z0-9_-]{5,8192}\.[A-Za-z0-9_-]{0,8192}$/, 'e'],
  ['npm-token', /^npm_[A-Za-z0-9]{36}$/, 'n'],
  ['sendgrid-key', /^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/, 'S'],
  ['openai-key', /^sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,255}$/, 's'],
];

/** A UUID in its canonical 8-4-4-4-12 hex form (RFC 9562), any version. */
export const UUID_PATTERN = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** An AWS EC2/VPC resource id: a type prefix and 8 or 17 lowercase hex digits (`i-0abc…`, `vol-…`, `sg-…`). */
export const AWS_RESOURCE_ID_PATTERN =
  /^(?:i|vol|snap|sg|subnet|vpc|ami|eni|igw|eigw|rtb|acl|nat|tgw|tgw-attach|eipalloc|eipassoc|lt|fs|fsap|pcx|vpce|dopt|cgw|vgw|vpn|sgr|ipam|elb|lb|snaps|rtbassoc)-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** A MAC address written with colons (`00:1a:2b:3c:4d:5e`). */
export const MAC_COLON_PATTERN = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$/;
/** A MAC address written with hyphens (`00-1A-2B-3C-4D-5E`, Windows style). */
export const MAC_HYPHEN_PATTERN = /^[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}$/;
/** A MAC address written in Cisco dotted form (`001a.2b3c.4d5e`). */
export const MAC_DOTTED_PATTERN = /^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/;

/** A dotted-quad IPv4 address with an optional `/prefix` (CIDR) or `:port`; octet ranges are checked in code. */
export const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/\d{1,2}|:\d{1,5})?$/;

/** One hostname label: letters, digits, `-` and `_` (1–63 characters). */
export const HOSTNAME_LABEL_PATTERN = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** The local part of an email address (RFC 5322 dot-atom characters), 1–64 characters. */
export const EMAIL_LOCAL_PART_PATTERN = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;

/** A URL scheme (RFC 3986): a letter then letters, digits, `+`, `-`, `.`. */
export const URL_SCHEME_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]{0,31}$/;

/** A hostname label that encodes an IPv4 address, as cloud DNS names do (`ip-10-0-1-23`, `ec2-54-12-1-3`). */
export const IP_ENCODED_LABEL_PATTERN = /^(?:[a-z0-9]{1,16}-)?\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}$/i;

/** Every pattern above, by name, for the ReDoS test. */
export const ANONYMIZER_PATTERNS: Readonly<Record<string, RegExp>> = {
  ...Object.fromEntries(SECRET_TOKEN_PATTERNS.map(([rule, pattern]) => [`secret:${rule}`, pattern])),
  uuid: UUID_PATTERN,
  awsResourceId: AWS_RESOURCE_ID_PATTERN,
  macColon: MAC_COLON_PATTERN,
  macHyphen: MAC_HYPHEN_PATTERN,
  macDotted: MAC_DOTTED_PATTERN,
  ipv4: IPV4_PATTERN,
  hostnameLabel: HOSTNAME_LABEL_PATTERN,
  emailLocalPart: EMAIL_LOCAL_PART_PATTERN,
  urlScheme: URL_SCHEME_PATTERN,
  ipEncodedLabel: IP_ENCODED_LABEL_PATTERN,
};
