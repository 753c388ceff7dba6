import type { SkillAdjustment } from "./decide-adjustment.js";

/** Display names for the alert; ids are used when absent. */
export interface AlertNames {
  readonly userName?: string | undefined;
  readonly skillName?: string | undefined;
}

/**
 * Text for a supervisor about a large proficiency change (sent as a Genesys chat message or webhook:
 * Genesys has no ad-hoc alert API). Carries only ids, display names and the figures: no contact data,
 * no survey text, nothing secret.
 */
export function formatSupervisorAlert(adjustment: SkillAdjustment, names: AlertNames = {}): string {
  const user = names.userName === undefined ? adjustment.userId : `${names.userName} (${adjustment.userId})`;
  const skill =
    names.skillName === undefined ? adjustment.skillId : `${names.skillName} (${adjustment.skillId})`;
  const gap = Math.abs(adjustment.target - adjustment.from);
  const direction = adjustment.target > adjustment.from ? "raised" : "lowered";
  const progress = adjustment.clamped
    ? `This cycle moves it to ${adjustment.to.toFixed(2)}; later cycles continue toward the target unless you intervene.`
    : `It is now ${adjustment.to.toFixed(2)}.`;
  return (
    `Automatic skill adjustment needs a look: ${user}, skill ${skill}, ${direction} from ` +
    `${adjustment.from.toFixed(2)} toward ${adjustment.target.toFixed(2)} (change of ${gap.toFixed(2)} on the 0-5 scale). ` +
    progress
  );
}
