export {
  type Alert,
  type AlertChannel,
  AlertChannelOptionsError,
  type AlertDelivery,
  AlertDeliveryError,
} from "./alert.js";
export { type WebhookAlertBody, webhookAlertBody } from "./webhook-body.js";
export {
  createWebhookAlertChannel,
  MIN_WEBHOOK_SECRET_LENGTH,
  WEBHOOK_ALERT_CHANNEL_DEFAULTS,
  type WebhookAlertChannelOptions,
} from "./webhook-channel.js";
export { signWebhookBody, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from "./webhook-signature.js";
