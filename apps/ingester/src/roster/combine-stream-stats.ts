import type { NotificationStreamStats } from "@routing/genesys-client";

/**
 * The queue stream's and the activity stream's counters as one (the `ingester_stream_*` series): summed, with
 * the activity channels numbered after the queue channels.
 */
export function combineStreamStats(
  queues: NotificationStreamStats,
  activity: NotificationStreamStats | undefined,
): NotificationStreamStats {
  if (activity === undefined) return queues;
  const summed = { ...queues };
  for (const key of Object.keys(queues) as (keyof NotificationStreamStats)[]) {
    if (key !== "channels") summed[key] = queues[key] + activity[key];
  }
  return {
    ...summed,
    channels: [
      ...queues.channels,
      ...activity.channels.map((channel) => ({ ...channel, index: queues.channels.length + channel.index })),
    ],
  };
}
