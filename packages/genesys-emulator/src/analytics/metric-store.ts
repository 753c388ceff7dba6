/** Genesys analytics name media types differently from conversations: a call is "voice". */
export type AnalyticsMediaType = "voice" | "message" | "chat" | "callback";

export interface MetricDimensions {
  conversationId: string;
  mediaType: AnalyticsMediaType;
  queueId?: string;
  userId?: string;
}

/**
 * One emitted metric value. Like Genesys, a metric is attributed to the moment it completes (tHandle when
 * after-call work ends, tAnswered when the agent answers), so that instant decides which interval counts it.
 */
export interface MetricEvent {
  metric: string;
  /** Milliseconds for t-metrics, a score for o-metrics, 1 for n-metrics (only counted). */
  value: number;
  /** `oServiceLevel` only: the queue's target percentage (0–1) it was measured against. */
  target?: number;
  at: number;
  dimensions: MetricDimensions;
}

export interface MetricStore {
  record(event: MetricEvent): void;
  events(): readonly MetricEvent[];
}

/** Bounds memory on a long `npm start`; the oldest values go first. */
const DEFAULT_CAPACITY = 500_000;

export function createMetricStore(capacity = DEFAULT_CAPACITY): MetricStore {
  let stored: MetricEvent[] = [];
  return {
    record(event) {
      stored.push(event);
      if (stored.length > capacity) stored = stored.slice(stored.length - capacity);
    },
    events: () => stored,
  };
}
