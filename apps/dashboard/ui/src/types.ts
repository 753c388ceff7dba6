// What the dashboard's API answers, as the console reads it (apps/dashboard/README.md).
export type { DecisionRecord } from "@routing/decision-log";

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
  readonly agreementRate: number;
  readonly meanScoreGap: number;
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
