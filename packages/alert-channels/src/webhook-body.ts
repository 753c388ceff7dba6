import type { Alert } from "./alert.js";

/**
 * The JSON a webhook alert carries. `text` is what Slack incoming webhooks (`{"text": ...}`,
 * https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks) and Microsoft Teams incoming
 * webhooks (a connector card's `text`) display; neither documents refusing other fields (see the README).
 * `alert` is the same alert for generic receivers, which check the `X-Signature-256` header and drop
 * repeats by `alert.id`.
 */
export interface WebhookAlertBody {
  readonly text: string;
  readonly alert: {
    readonly id: string;
    readonly kind: string;
    readonly severity: Alert["severity"];
    readonly title: string;
    readonly text: string;
    /** ISO-8601. */
    readonly occurredAt: string;
    readonly details: Readonly<Record<string, string | number | boolean | null>>;
  };
}

export function webhookAlertBody(alert: Alert): WebhookAlertBody {
  return {
    text: `${alert.title}\n${alert.text}`,
    alert: {
      id: alert.id,
      kind: alert.kind,
      severity: alert.severity,
      title: alert.title,
      text: alert.text,
      occurredAt: new Date(alert.occurredAtMs).toISOString(),
      details: { ...(alert.details ?? {}) },
    },
  };
}
