import { RecoveryNotImplementedError } from "../errors.js";
import type { JobHandler } from "../handler-context.js";

/**
 * Not faked: without a way to list a queue's waiting conversations there is no state to rebuild, so the
 * job fails for good and stays in the failed set, visible and replayable once recovery exists.
 */
export const recoverNotifications: JobHandler<"notifications.recover"> = async (payload, context) => {
  context.metrics.recoveriesRefused.inc();
  throw new RecoveryNotImplementedError(payload.topics.length, payload.fromMs, payload.toMs);
};
