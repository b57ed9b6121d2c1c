// The consumer teams of the simulated marketplace: who they are, what they run, what they care about.

import type { Random } from './random.js';

/** A simulated consumer team. */
export interface SimulatedTeam {
  /** Team id (also its account and token owner on the registry). */
  id: string;
  /** Display name. */
  name: string;
  /** Tech stack: name → exact version. */
  stack: Record<string, string>;
  /** Categories the team leans towards (weights its choices). */
  interests: string[];
  /** What the team is struggling with, in words (for problem-solver recommendations). */
  challenges: string[];
  /** How active the team is: chance per simulated day of adopting a pattern (0–1). */
  activity: number;
}

const TEAM_PROFILES: ReadonlyArray<Omit<SimulatedTeam, 'activity' | 'stack'> & { stack: string }> = [
  {
    id: 'payments',
    name: 'Payments',
    stack: 'backend',
    interests: ['resilience', 'data-management', 'coordination'],
    challenges: ['duplicate charges when the card network times out', 'retries overload the payment gateway'],
  },
  {
    id: 'checkout',
    name: 'Checkout',
    stack: 'web',
    interests: ['resilience', 'communication'],
    challenges: ['checkout fails when inventory service is slow'],
  },
  {
    id: 'search-infra',
    name: 'Search Infrastructure',
    stack: 'backend',
    interests: ['scaling', 'data-management'],
    challenges: ['index updates lag behind the product database'],
  },
  {
    id: 'mobile-api',
    name: 'Mobile API',
    stack: 'backend',
    interests: ['architecture', 'communication'],
    challenges: ['mobile screens need too many round trips'],
  },
  {
    id: 'identity',
    name: 'Identity & Access',
    stack: 'backend',
    interests: ['resilience', 'security'],
    challenges: ['login storms after an outage'],
  },
  {
    id: 'logistics',
    name: 'Logistics',
    stack: 'backend',
    interests: ['coordination', 'data-management'],
    challenges: ['orders stuck between warehouse and shipping services'],
  },
  {
    id: 'data-platform',
    name: 'Data Platform',
    stack: 'data',
    interests: ['data-management', 'scaling'],
    challenges: ['keeping the warehouse in sync with service databases'],
  },
  {
    id: 'platform-eng',
    name: 'Platform Engineering',
    stack: 'platform',
    interests: ['deployment', 'observability', 'architecture'],
    challenges: ['risky releases and slow rollbacks'],
  },
  {
    id: 'sre',
    name: 'Site Reliability',
    stack: 'platform',
    interests: ['observability', 'resilience', 'deployment'],
    challenges: ['hard to find which service causes latency spikes'],
  },
  {
    id: 'growth',
    name: 'Growth',
    stack: 'web',
    interests: ['deployment', 'architecture'],
    challenges: ['experiments need gradual rollout to user cohorts'],
  },
  {
    id: 'notifications',
    name: 'Notifications',
    stack: 'backend',
    interests: ['communication', 'resilience'],
    challenges: ['poison messages block the email queue'],
  },
  {
    id: 'catalog-svc',
    name: 'Product Catalog',
    stack: 'backend',
    interests: ['scaling', 'data-management'],
    challenges: ['cache stampedes on popular products'],
  },
  {
    id: 'billing',
    name: 'Billing',
    stack: 'backend',
    interests: ['data-management', 'coordination'],
    challenges: ['invoices and ledger diverge after partial failures'],
  },
  {
    id: 'legacy-erp',
    name: 'ERP Modernization',
    stack: 'backend',
    interests: ['architecture', 'data-management'],
    challenges: ['replacing the legacy ERP without a big-bang rewrite'],
  },
  {
    id: 'web-frontend',
    name: 'Web Frontend',
    stack: 'web',
    interests: ['architecture', 'deployment'],
    challenges: ['feature releases tied to deployments'],
  },
  {
    id: 'fraud',
    name: 'Fraud Detection',
    stack: 'data',
    interests: ['data-management', 'scaling'],
    challenges: ['checking huge blocklists quickly'],
  },
  {
    id: 'partner-api',
    name: 'Partner API',
    stack: 'backend',
    interests: ['scaling', 'communication', 'security'],
    challenges: ['a few partners exhaust our API capacity'],
  },
  {
    id: 'streaming',
    name: 'Event Streaming',
    stack: 'data',
    interests: ['communication', 'data-management'],
    challenges: ['consumers fall behind during traffic peaks'],
  },
  {
    id: 'ml-serving',
    name: 'ML Serving',
    stack: 'data',
    interests: ['scaling', 'ml-infrastructure', 'resilience'],
    challenges: ['model servers overload under bursts'],
  },
  {
    id: 'cost-office',
    name: 'Cloud Cost Office',
    stack: 'platform',
    interests: ['cost-optimization', 'scaling'],
    challenges: ['idle capacity costs too much'],
  },
  {
    id: 'edge-cdn',
    name: 'Edge & CDN',
    stack: 'platform',
    interests: ['communication', 'scaling'],
    challenges: ['routing and auth duplicated in every service'],
  },
  {
    id: 'kyc',
    name: 'KYC',
    stack: 'backend',
    interests: ['security', 'coordination'],
    challenges: ['long verification workflows across vendors'],
  },
  {
    id: 'analytics',
    name: 'Product Analytics',
    stack: 'data',
    interests: ['data-management', 'observability'],
    challenges: ['slow dashboards over raw event tables'],
  },
  {
    id: 'support-tools',
    name: 'Support Tools',
    stack: 'web',
    interests: ['architecture', 'resilience'],
    challenges: ['support console breaks when one backend is down'],
  },
];

const STACKS: Record<string, (random: Random) => Record<string, string>> = {
  backend: (random) => ({
    node: random.pick(['20.11.1', '20.18.0', '22.11.0', '18.20.4']),
    typescript: random.pick(['5.4.5', '5.6.3', '5.9.3']),
    postgresql: random.pick(['14.12.0', '16.4.0']),
  }),
  web: (random) => ({
    node: random.pick(['20.18.0', '22.11.0']),
    typescript: random.pick(['5.6.3', '5.9.3']),
    react: random.pick(['18.3.1', '19.0.0']),
  }),
  data: (random) => ({
    node: random.pick(['20.11.1', '22.11.0']),
    typescript: '5.6.3',
    postgresql: '16.4.0',
    kafka: random.pick(['3.7.0', '3.8.0']),
  }),
  platform: (random) => ({
    node: '20.18.0',
    typescript: '5.6.3',
    kubernetes: random.pick(['1.29.4', '1.30.2', '1.31.0']),
    istio: random.pick(['1.21.2', '1.22.3']),
  }),
};

/** Builds the simulated consumer teams with seeded stacks and activity levels. */
export function createTeams(random: Random): SimulatedTeam[] {
  return TEAM_PROFILES.map((profile) => {
    const makeStack = STACKS[profile.stack] ?? STACKS['backend']!;
    return {
      ...profile,
      stack: makeStack(random),
      activity: 0.12 + random.float() * 0.16,
    };
  });
}
