/**
 * Genesys system presences. An org's presence definitions each map onto one of these (`systemPresence` of
 * `OrganizationPresence`, platform-client-sdk-python `build/docs/OrganizationPresence.md`); routing only
 * offers conversations to agents On Queue, and going On Queue starts the routing status at IDLE.
 */
export const SYSTEM_PRESENCES = [
  "Available",
  "Away",
  "Break",
  "Busy",
  "Idle",
  "Meal",
  "Meeting",
  "Offline",
  "On Queue",
  "Training",
] as const;

export type SystemPresence = (typeof SYSTEM_PRESENCES)[number];

export const ON_QUEUE: SystemPresence = "On Queue";

/** One presence definition per system presence in the emulated org; fixed ids keep replays identical. */
export const PRESENCE_DEFINITION_IDS: Readonly<Record<SystemPresence, string>> = {
  Available: "6a3af858-942f-489d-9700-5f9bcdcdae9b",
  Away: "5e5c5c66-ea97-4e7f-ac41-6424784829f2",
  Break: "31fe3bac-dea6-44b7-bed7-47f91660a1a0",
  Busy: "31fe3bac-dea6-44b7-bed7-47f91660a1a1",
  Idle: "31fe3bac-dea6-44b7-bed7-47f91660a1a2",
  Meal: "3fd96123-badb-4f69-bc03-1b1ccc6d8014",
  Meeting: "3b894b9d-4f5f-4ba5-b5d5-8a5b1b4d2c11",
  Offline: "ccf3c10a-aa2c-4845-8e8d-f59fa48c58e5",
  "On Queue": "e08eaf1b-ee47-4fa9-a231-1200e284798f",
  Training: "3b894b9d-4f5f-4ba5-b5d5-8a5b1b4d2c12",
};

export function isSystemPresence(value: string): value is SystemPresence {
  return (SYSTEM_PRESENCES as readonly string[]).includes(value);
}
