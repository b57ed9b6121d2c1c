// Natural-language problem statements, written for this evaluation in the words a developer
// would use (none names the pattern that answers it), each mapped to the DStudio patterns
// (ids as core's importMarkdownLibrary gives them) that answer it. The library itself is read
// at run time from ../shared/datasets/dstudio-pattern-library and never copied here.

/** A problem statement and the pattern ids that answer it (all equally relevant). */
export interface ProblemStatement {
  text: string;
  answers: string[];
}

export const PROBLEM_STATEMENTS: ProblemStatement[] = [
  {
    text: 'throttle requests so one client cannot flood our public endpoint',
    answers: ['dstudio/rate-limiting'],
  },
  {
    text: 'calls to a flaky downstream service sometimes fail, try again after waiting a bit longer each time',
    answers: ['dstudio/retry-backoff', 'dstudio/retry-backoff-resilience'],
  },
  {
    text: 'stop calling a dependency that keeps failing so our threads are not all stuck waiting on it',
    answers: ['dstudio/circuit-breaker', 'dstudio/bulkhead', 'dstudio/bulkhead-resilience'],
  },
  {
    text: 'customers get charged twice when the payment request is sent again after a network glitch',
    answers: ['dstudio/idempotency', 'dstudio/idempotency-keys', 'dstudio/deduplication'],
  },
  {
    text: 'the same message gets processed more than once by our consumers',
    answers: ['dstudio/deduplication', 'dstudio/idempotency', 'dstudio/idempotency-keys'],
  },
  {
    text: 'only one of our worker nodes should run the scheduled job at any time',
    answers: [
      'dstudio/leader-election',
      'dstudio/distributed-lock',
      'dstudio/lease',
      'dstudio/emergent-leader',
    ],
  },
  {
    text: 'rewrite a legacy monolith piece by piece while it keeps serving traffic',
    answers: ['dstudio/strangler-fig', 'dstudio/anti-corruption-layer'],
  },
  {
    text: 'keep a booking across several services consistent without one big database transaction',
    answers: ['dstudio/saga', 'dstudio/choreography', 'dstudio/outbox'],
  },
  {
    text: 'database row update and publishing the event must both happen or neither',
    answers: ['dstudio/outbox', 'dstudio/cdc', 'dstudio/two-phase-commit'],
  },
  {
    text: 'the database is overloaded by reads of the same product pages',
    answers: [
      'dstudio/cache-aside',
      'dstudio/caching-strategies',
      'dstudio/read-replicas',
      'dstudio/materialized-view',
    ],
  },
  {
    text: 'one table has grown too big for a single database server, split the data across machines',
    answers: ['dstudio/sharding', 'dstudio/consistent-hashing'],
  },
  {
    text: 'when we add a cache node almost every key moves to a different server',
    answers: ['dstudio/consistent-hashing'],
  },
  {
    text: 'release a new version to a small share of users first and watch the error rate',
    answers: ['dstudio/canary-release', 'dstudio/canary', 'dstudio/feature-flags'],
  },
  {
    text: 'deploy with zero downtime and switch back instantly if the new build is broken',
    answers: ['dstudio/blue-green-deployment', 'dstudio/blue-green', 'dstudio/canary-release'],
  },
  {
    text: 'turn a half-finished feature on for internal testers only without a redeploy',
    answers: ['dstudio/feature-flags'],
  },
  {
    text: 'our servers fall over during traffic spikes, reject some low priority work to survive',
    answers: [
      'dstudio/load-shedding',
      'dstudio/load-shedding-resilience',
      'dstudio/backpressure',
      'dstudio/graceful-degradation',
    ],
  },
  {
    text: 'a fast producer overwhelms a slow consumer and memory keeps growing',
    answers: ['dstudio/backpressure', 'dstudio/distributed-queue', 'dstudio/queues-streaming'],
  },
  {
    text: 'when the recommendation service is down still show the page with fewer features',
    answers: ['dstudio/graceful-degradation', 'dstudio/circuit-breaker'],
  },
  {
    text: 'requests hang forever when the remote side never answers',
    answers: ['dstudio/timeout', 'dstudio/circuit-breaker'],
  },
  {
    text: 'detect that a node has died so traffic stops going to it',
    answers: ['dstudio/health-check', 'dstudio/heartbeat', 'dstudio/failover'],
  },
  {
    text: 'two halves of the cluster lost contact and both think they are in charge',
    answers: ['dstudio/split-brain', 'dstudio/consensus', 'dstudio/generation-clock', 'dstudio/lease'],
  },
  {
    text: 'keep working when the primary data center goes offline',
    answers: ['dstudio/failover', 'dstudio/multi-region', 'dstudio/geo-replication'],
  },
  {
    text: 'add more servers automatically when cpu usage is high at night',
    answers: ['dstudio/auto-scaling', 'dstudio/horizontal-pod-autoscaler'],
  },
  {
    text: 'we pay too much for cloud machines that sit mostly idle',
    answers: [
      'dstudio/resource-rightsizing',
      'dstudio/finops',
      'dstudio/spot-instance-management',
      'dstudio/auto-scaling',
    ],
  },
  {
    text: 'run batch jobs on cheap interruptible virtual machines',
    answers: ['dstudio/spot-instance-management'],
  },
  {
    text: 'spread incoming traffic evenly over a pool of identical servers',
    answers: ['dstudio/load-balancing', 'dstudio/geographic-load-balancing'],
  },
  {
    text: 'users far away from our servers complain that images load slowly',
    answers: [
      'dstudio/content-delivery-network',
      'dstudio/edge-computing',
      'dstudio/geo-distribution',
      'dstudio/tile-caching',
    ],
  },
  {
    text: 'services need to find the current address of each other as instances come and go',
    answers: ['dstudio/service-discovery', 'dstudio/service-registry', 'dstudio/service-mesh'],
  },
  {
    text: 'a single entry point for mobile and web clients that handles authentication and routing',
    answers: ['dstudio/api-gateway', 'dstudio/backends-for-frontends', 'dstudio/api-security-gateway'],
  },
  {
    text: 'the mobile app needs a differently shaped response than the web site',
    answers: ['dstudio/backends-for-frontends', 'dstudio/graphql-federation'],
  },
  {
    text: 'push live updates from the server to the browser without polling',
    answers: ['dstudio/websocket', 'dstudio/publish-subscribe'],
  },
  {
    text: 'many services want to react when an order is placed without the order service knowing them',
    answers: [
      'dstudio/publish-subscribe',
      'dstudio/event-driven',
      'dstudio/choreography',
      'dstudio/event-streaming',
    ],
  },
  {
    text: 'keep a full history of every change to an account so we can rebuild its state at any point',
    answers: ['dstudio/event-sourcing', 'dstudio/double-entry-ledger', 'dstudio/write-ahead-log'],
  },
  {
    text: 'reads and writes need very different data models and scale differently',
    answers: ['dstudio/cqrs', 'dstudio/materialized-view'],
  },
  {
    text: 'copy every insert and update from our main database into the search cluster as it happens',
    answers: ['dstudio/cdc', 'dstudio/outbox', 'dstudio/stream-processing'],
  },
  {
    text: 'collaborative editing where offline users merge their changes without conflicts',
    answers: ['dstudio/crdt', 'dstudio/vector-clocks', 'dstudio/delta-sync'],
  },
  {
    text: 'figure out which of two updates on different replicas happened first',
    answers: ['dstudio/vector-clocks', 'dstudio/logical-clocks', 'dstudio/hlc', 'dstudio/clock-sync'],
  },
  {
    text: 'server clocks drift apart and timestamps in our logs are out of order',
    answers: ['dstudio/clock-sync', 'dstudio/hlc', 'dstudio/logical-clocks'],
  },
  {
    text: 'quickly check whether a username has probably been taken without hitting the database',
    answers: ['dstudio/bloom-filter'],
  },
  {
    text: 'find out which parts of two large replicas differ without sending all the data',
    answers: ['dstudio/merkle-trees', 'dstudio/read-repair', 'dstudio/delta-sync'],
  },
  {
    text: 'recover committed changes after the database process crashes in the middle of a write',
    answers: ['dstudio/write-ahead-log', 'dstudio/segmented-log'],
  },
  {
    text: 'store passwords and api tokens somewhere safer than environment variables in the repo',
    answers: ['dstudio/secrets-management'],
  },
  {
    text: 'let a browser upload a file straight to object storage with a temporary signed permission',
    answers: ['dstudio/valet-key'],
  },
  {
    text: 'do not trust any caller just because it is inside our network, verify every request',
    answers: ['dstudio/zero-trust-architecture', 'dstudio/api-security-gateway'],
  },
  {
    text: 'record whether each user agreed to tracking and respect it in every system',
    answers: ['dstudio/consent-management'],
  },
  {
    text: 'find restaurants within two kilometres of the user quickly',
    answers: ['dstudio/spatial-indexing', 'dstudio/geo-distribution'],
  },
  {
    text: 'generate unique order numbers across many servers without a central counter',
    answers: ['dstudio/id-generation-scale'],
  },
  {
    text: 'process urgent jobs before the bulk ones waiting in the same backlog',
    answers: ['dstudio/priority-queue', 'dstudio/distributed-queue'],
  },
  {
    text: 'send one query to many partitions in parallel and combine the answers',
    answers: ['dstudio/scatter-gather', 'dstudio/request-batching'],
  },
  {
    text: 'too many small network round trips, group them into fewer calls',
    answers: ['dstudio/request-batching', 'dstudio/chunking'],
  },
  {
    text: 'a single noisy customer takes down the service for everyone else',
    answers: [
      'dstudio/shuffle-sharding',
      'dstudio/bulkhead',
      'dstudio/bulkhead-resilience',
      'dstudio/cell-based',
      'dstudio/rate-limiting',
    ],
  },
  {
    text: 'add logging, retries and tls to a service without touching its code by running a helper process next to it',
    answers: ['dstudio/sidecar', 'dstudio/ambassador', 'dstudio/service-mesh'],
  },
  {
    text: 'roll back a machine learning model that started giving bad predictions in production',
    answers: ['dstudio/model-versioning-rollback', 'dstudio/model-serving-scale'],
  },
  {
    text: 'training and serving compute the same input columns differently and predictions drift',
    answers: ['dstudio/feature-store'],
  },
  {
    text: 'keep cluster configuration in git and have the cluster apply it automatically',
    answers: ['dstudio/gitops-deployment', 'dstudio/container-orchestration'],
  },
  {
    text: 'a replica returned stale data, fix it up when someone reads it',
    answers: ['dstudio/read-repair', 'dstudio/tunable-consistency', 'dstudio/eventual-consistency'],
  },
  {
    text: 'choose per request whether we want fast answers or the latest data from a quorum',
    answers: ['dstudio/tunable-consistency', 'dstudio/eventual-consistency', 'dstudio/cap-theorem'],
  },
  {
    text: 'teams outside our domain model leak their odd terminology into our code when we integrate',
    answers: ['dstudio/anti-corruption-layer'],
  },
  {
    text: 'find security holes in dependencies and containers before every release',
    answers: ['dstudio/security-scanning-pipeline', 'dstudio/threat-modeling'],
  },
  {
    text: 'the same page is reachable under many slightly different links and our cache misses',
    answers: ['dstudio/url-normalization'],
  },
];
