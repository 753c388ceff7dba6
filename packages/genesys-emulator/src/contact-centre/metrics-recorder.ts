import type { AnalyticsMediaType, MetricStore } from "../analytics/metric-store.js";
import type { RandomStream } from "../random/prng.js";
import type { Clock } from "../time/clock.js";
import type { AgentModel, ConversationModel, MediaType } from "./model.js";

const ANALYTICS_MEDIA: Record<MediaType, AnalyticsMediaType> = {
  call: "voice",
  message: "message",
  chat: "chat",
  callback: "callback",
};

export interface MetricScope {
  queueId?: string | undefined;
  userId?: string | undefined;
}

/** Emits the analytics history the aggregate queries answer from. */
export interface MetricsRecorder {
  emit(conversation: ConversationModel, metric: string, value: number, scope: MetricScope): void;
  /**
   * One conversation's contribution to its queue's `oServiceLevel`: answered within the target's
   * `durationMs` (1) or not (0, abandons included), with the target percentage it is measured against.
   */
  serviceLevel(
    conversation: ConversationModel,
    queueId: string,
    withinTarget: boolean,
    target: { readonly percentage: number },
  ): void;
  /** A survey is sent for an answered conversation; some customers respond (drawn from the seed). */
  survey(conversation: ConversationModel, agent: AgentModel, queueId: string): void;
}

export interface MetricsRecorderOptions {
  clock: Clock;
  conversationMetrics: MetricStore;
  surveyMetrics: MetricStore;
  surveys: RandomStream;
  surveyResponseRate: number;
}

export function createMetricsRecorder(options: MetricsRecorderOptions): MetricsRecorder {
  const { clock } = options;
  return {
    emit(conversation, metric, value, scope) {
      options.conversationMetrics.record({
        metric,
        value,
        at: clock.now(),
        dimensions: {
          conversationId: conversation.id,
          mediaType: ANALYTICS_MEDIA[conversation.mediaType],
          ...(scope.queueId === undefined ? {} : { queueId: scope.queueId }),
          ...(scope.userId === undefined ? {} : { userId: scope.userId }),
        },
      });
    },
    serviceLevel(conversation, queueId, withinTarget, target) {
      options.conversationMetrics.record({
        metric: "oServiceLevel",
        value: withinTarget ? 1 : 0,
        target: target.percentage,
        at: clock.now(),
        dimensions: {
          conversationId: conversation.id,
          mediaType: ANALYTICS_MEDIA[conversation.mediaType],
          queueId,
        },
      });
    },
    survey(conversation, agent, queueId) {
      const dimensions = {
        conversationId: conversation.id,
        mediaType: ANALYTICS_MEDIA[conversation.mediaType],
        queueId,
        userId: agent.id,
      };
      const at = clock.now();
      options.surveyMetrics.record({ metric: "nSurveysSent", value: 1, at, dimensions });
      if (!options.surveys.chance(options.surveyResponseRate)) return;
      // Each agent earns scores around their own hidden quality, so scores separate agents.
      const drawn = agent.quality * 100 + (options.surveys.next() - 0.5) * 40;
      const score = Math.round(Math.min(100, Math.max(0, drawn)));
      options.surveyMetrics.record({ metric: "nSurveyResponses", value: 1, at, dimensions });
      options.surveyMetrics.record({ metric: "oSurveyTotalScore", value: score, at, dimensions });
    },
  };
}
