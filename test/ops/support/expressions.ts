import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { root } from "./processes.js";

export interface Expression {
  /** Where it comes from, for messages: "grafana: <panel> / A", "rule: <alert>", ... */
  readonly source: string;
  readonly expr: string;
}

export const RULE_FILES = ["routing-recording.yml", "routing-alerts.yml"].map((file) =>
  join(root, "ops", "prometheus", "rules", file),
);

interface RuleGroup {
  readonly name: string;
  readonly rules: readonly {
    alert?: string;
    record?: string;
    expr: string;
    for?: string;
    annotations?: Readonly<Record<string, string>>;
  }[];
}

export function ruleGroups(): RuleGroup[] {
  return RULE_FILES.flatMap((file) => (parse(readFileSync(file, "utf8")) as { groups: RuleGroup[] }).groups);
}

export function ruleExpressions(): (Expression & { readonly alert?: string; readonly record?: string })[] {
  return ruleGroups().flatMap((group) =>
    group.rules.map((rule) => ({
      source: `rule: ${rule.alert ?? rule.record}`,
      expr: rule.expr,
      ...(rule.alert === undefined ? {} : { alert: rule.alert }),
      ...(rule.record === undefined ? {} : { record: rule.record }),
    })),
  );
}

interface GrafanaPanel {
  readonly title: string;
  readonly targets?: readonly { refId: string; expr: string }[];
}

export const GRAFANA_DASHBOARD = join(root, "ops", "grafana", "dashboards", "routing-overview.json");

export function grafanaExpressions(): Expression[] {
  const dashboard = JSON.parse(readFileSync(GRAFANA_DASHBOARD, "utf8")) as { panels: GrafanaPanel[] };
  return dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      source: `grafana: ${panel.title} / ${target.refId}`,
      expr: target.expr,
    })),
  );
}

/** The KEDA ScaledObjects' Prometheus queries in the kustomize base. */
export function kedaExpressions(): Expression[] {
  const file = join(root, "ops", "k8s", "base", "worker-scaledobject.yaml");
  const scaledObject = parse(readFileSync(file, "utf8")) as {
    metadata: { name: string };
    spec: { triggers: { type: string; metadata: { query?: string } }[] };
  };
  return scaledObject.spec.triggers
    .filter((trigger) => trigger.type === "prometheus")
    .map((trigger) => ({
      source: `keda: ${scaledObject.metadata.name}`,
      expr: trigger.metadata.query ?? "",
    }));
}
