// What the dashboard's API answers, as the console reads it (apps/dashboard/README.md).

/**
 * The part of a decision record (packages/decision-log, `DecisionRecord`) the console reads. Written out
 * rather than imported, so type-checking the console does not type-check the decision log's zod schema
 * (seconds of every build); test/console-types.test.ts checks that a real record fits this type.
 */
export interface DecisionRecord {
  readonly decisionId: string;
  readonly conversationId: string;
  readonly queueId: string;
  readonly event: { readonly jobName: string; readonly attempt: number };
  readonly ranking: {
    readonly weights: { readonly proficiency: number; readonly languageMatch: number; readonly csat: number };
    readonly sla: { readonly rule: string | null; readonly serviceLevelPercent: number } | null;
    readonly counts: { readonly candidates: number; readonly eligible: number; readonly ranked: number };
    readonly candidates: readonly {
      readonly agentId: string;
      readonly routingStatus: string | null;
      readonly eligible: boolean;
      readonly ineligibleReason: string | null;
      readonly components: {
        readonly proficiency: number;
        readonly languageMatch: number;
        readonly csat: number;
        readonly csatFallback: boolean;
      };
      readonly fairness: { readonly term: number } | null;
      readonly score: number;
      readonly rank: number | null;
    }[];
  } | null;
  readonly assignment: {
    readonly agentId: string;
    readonly outcome: string;
    readonly score: number;
    readonly threshold: number;
    readonly thresholdSource: string;
  } | null;
  readonly action: {
    readonly outcome: string;
    readonly shadowOf: string | null;
    readonly requestScoredAgents: readonly { readonly id: string; readonly score: number }[];
  };
  readonly genesysCalls: readonly {
    readonly method: string;
    readonly pathTemplate: string;
    readonly status: number;
    readonly durationMs: number;
  }[];
  readonly timings: { readonly observedAtMs: number; readonly decidedAtMs: number };
}

export const OUTCOMES = ["scored", "no-eligible", "approved", "rejected", "shadow"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ConsoleConfig {
  readonly username: string;
  readonly links: { readonly bullBoard: string; readonly grafana: string | null };
}

export interface Overview {
  readonly generatedAt: string;
  readonly queues: readonly {
    readonly queue: string;
    readonly counts: Readonly<Record<string, number>>;
    readonly backlog: number;
    readonly paused: boolean;
    readonly rateLimitTtlMs: number;
    readonly oldestWaitingAgeSeconds: number | null;
    readonly workers: number | null;
  }[];
  readonly decisions: {
    readonly bucketSeconds: number;
    readonly fromMs: number;
    readonly outcomes: Readonly<Record<Outcome, number[]>>;
  };
  readonly budget: {
    readonly limit: number;
    readonly windowMs: number;
    readonly clients: readonly {
      readonly client: string;
      readonly granted: Readonly<Record<string, number>>;
      readonly total: number;
      readonly pausedMs: number;
      readonly observedLimit: number | null;
      readonly use: number;
    }[];
  };
  readonly rateLimited: { readonly queues: readonly string[]; readonly budgets: number };
  readonly stream: {
    readonly topics: readonly {
      readonly topic: string;
      readonly deliveredUntil: string;
      readonly lagSeconds: number;
    }[];
    readonly maxLagSeconds: number | null;
  };
}

export interface ShadowQueue {
  readonly queueId: string;
  readonly compared: number;
  readonly agreed: number;
  /** null before the queue's first comparison. */
  readonly agreementRate: number | null;
  readonly meanScoreGap: number | null;
}

export interface PolicySummary {
  readonly policy: string;
  readonly fairnessTerm: { readonly signal: string; readonly weight: number } | null;
  readonly interactions: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly serviceLevel: number;
  readonly asaSeconds: number;
  readonly abandonRate: number;
  readonly occupancy: number;
  readonly targetSeconds: number;
  readonly perAgent: readonly { readonly id: string; readonly handled: number; readonly occupancy: number }[];
  readonly fairness: { readonly gini: number };
}

export interface ComparisonSummary {
  readonly policies: readonly PolicySummary[];
  readonly fairnessTerm: {
    readonly giniOff: number;
    readonly giniOn: number;
    readonly report: PolicySummary;
  };
}

export interface Simulation {
  readonly id: string;
  readonly status: "running" | "completed" | "failed";
  readonly progress: number;
  readonly policies: readonly string[];
  readonly compare: boolean;
  readonly interactions: number;
  readonly agents: number;
  readonly targetSeconds: number;
  readonly createdAt: string;
  readonly finishedAt?: string;
  readonly report?: PolicySummary | ComparisonSummary;
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * `GET /api/roster` and `GET /api/roster/queues/:queueId` (the server's `src/roster/roster-view.ts`; the
 * console-types test checks the server's answers still fit these).
 */
export interface RosterQueueSummary {
  readonly queueId: string;
  readonly version: number;
  readonly stale: boolean;
  readonly staleReason: string | null;
  readonly ageSeconds: number | null;
  readonly confirmedAtMs: number | null;
  readonly skillsRefreshedAtMs: number | null;
  readonly csatRefreshedAtMs: number | null;
  readonly membersJoined: number;
  readonly membersRoutable: number;
}

export interface RosterOverview {
  readonly followedWithinMs: number;
  readonly queues: readonly RosterQueueSummary[];
}

export interface RosterMember {
  readonly id: string;
  readonly name: string | null;
  readonly joined: boolean;
  readonly routable: boolean;
  readonly routingStatus: { readonly status: string; readonly startTimeMs: number | null } | null;
  readonly presence: { readonly systemPresence: string; readonly modifiedAtMs: number } | null;
  readonly skills: Readonly<Record<string, number>>;
  readonly languages: readonly string[];
  readonly skillsReadAtMs: number | null;
  readonly skillsExpired: boolean;
}

export interface RosterQueueDetail extends RosterQueueSummary {
  readonly followed: boolean;
  readonly entries: number;
  readonly members: readonly RosterMember[];
  readonly nextCursor: string | null;
}
