/** Something a person should look at: a large automatic skill change, an approval waiting, ... */
export interface Alert {
  /**
   * Stable id of this alert: every retry of its delivery carries the same one (body `alert.id`, header
   * `X-Alert-Id`), so a receiver drops duplicates.
   */
  readonly id: string;
  /** What kind of alert, for routing on the receiving side ("skill-adjustment", "approval-request"). */
  readonly kind: string;
  readonly severity: "info" | "warning" | "critical";
  /** One line. */
  readonly title: string;
  /** The message a person reads. */
  readonly text: string;
  /** Epoch ms of the event the alert is about. */
  readonly occurredAtMs: number;
  /** Figures for machines (ids, values); flat, JSON-safe. */
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface AlertDelivery {
  /** HTTP status of the accepting answer. */
  readonly status: number;
  /** Requests made, the accepting one included. */
  readonly attempts: number;
}

/** A way to deliver alerts. */
export interface AlertChannel {
  /** For logs and metrics: what kind of channel and where (never a secret). */
  readonly description: string;
  send(alert: Alert, options?: { readonly signal?: AbortSignal }): Promise<AlertDelivery>;
}

/**
 * Delivery failed. `permanent`: the receiver refused the alert itself (a 4xx other than 408/429), so
 * sending it again cannot help; otherwise every attempt met a network error, a timeout, a 408, 429 or 5xx,
 * and a later retry may get through. Never carries the secret or the URL's path (Slack's and Teams' URLs
 * embed a token).
 */
export class AlertDeliveryError extends Error {
  override readonly name = "AlertDeliveryError";
  constructor(
    message: string,
    readonly details: {
      readonly permanent: boolean;
      readonly attempts: number;
      readonly status?: number;
    },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  get permanent(): boolean {
    return this.details.permanent;
  }
}

/** A channel option is missing or wrong; names the option, never echoes a secret. */
export class AlertChannelOptionsError extends Error {
  override readonly name = "AlertChannelOptionsError";
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(`${option} ${detail}`);
  }
}
