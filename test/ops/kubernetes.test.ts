import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1";
import { Deployment } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { requireTool, root, run } from "./support/processes.js";

/*
 * The kustomize base and the example overlay, built by the real `kubectl kustomize`, every object checked
 * against the Kubernetes (and KEDA CRD) schemas of the kubernetes-models packages, then against the rules
 * an SRE relies on. The schemas check types and required fields but not unknown field names, so the rules
 * below name every field that matters (a misspelt probe fails them).
 */

interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked by the schema models, then read freely
  readonly spec?: any;
  readonly data?: Record<string, string>;
}

const MODELS: Record<string, new (object: never) => { validate(): void }> = {
  "apps/v1/Deployment": Deployment,
  "v1/Service": Service,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Namespace": Namespace,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
};

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function kustomize(dir: string): K8sObject[] {
  const kubectl = requireTool("kubectl", "kubectl (Kubernetes' apt repository)");
  const built = run(kubectl, ["kustomize", dir]);
  expect(built.code, built.output).toBe(0);
  return parseAllDocuments(built.output).map((doc) => doc.toJSON() as K8sObject);
}

/** The overlay needs its never-committed .env.secrets: build a copy with the example's keys. */
function buildOverlay(): K8sObject[] {
  const dir = mkdtempSync(join(tmpdir(), "ops-k8s-"));
  scratch.push(dir);
  cpSync(join(root, "ops", "k8s"), dir, { recursive: true });
  cpSync(
    join(dir, "overlays", "example", "secrets.example.env"),
    join(dir, "overlays", "example", ".env.secrets"),
  );
  return kustomize(join(dir, "overlays", "example"));
}

function validateAll(objects: readonly K8sObject[]): void {
  for (const object of objects) {
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    expect(Model, `no schema for ${object.apiVersion} ${object.kind}`).toBeDefined();
    if (Model === undefined) continue;
    expect(
      () => new Model(object as never).validate(),
      `${object.kind}/${object.metadata.name}`,
    ).not.toThrow();
  }
}

const SECRET_KEYS = /SECRET|PASSWORD|CLIENT_ID|TOKEN|REDIS_URL/;
const APPS = ["ingester", "worker", "dashboard"];

describe("kustomize base and example overlay", () => {
  const base = kustomize(join(root, "ops", "k8s", "base"));
  const overlay = buildOverlay();
  const byKind = (objects: readonly K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

  it("build with kubectl kustomize and validate against the Kubernetes and KEDA schemas", () => {
    expect(base.length).toBeGreaterThanOrEqual(9);
    validateAll(base);
    validateAll(overlay);
    // The schema check can fail: a string where an integer belongs is refused.
    expect(() =>
      new ScaledObject({
        metadata: { name: "w" },
        spec: { scaleTargetRef: { name: "w" }, maxReplicaCount: "3", triggers: [] },
      } as never).validate(),
    ).toThrow(/maxReplicaCount/);
  });

  it("run every app with probes, resources, a non-root user and a grace period longer than the drain", () => {
    const deployments = byKind(base, "Deployment");
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...APPS].sort());
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      const name = deployment.metadata.name;
      // The apps stop within their 30 s shutdown cap (workers finish active jobs); Kubernetes must wait longer.
      expect(pod.terminationGracePeriodSeconds, name).toBeGreaterThan(30);
      expect(pod.securityContext.runAsNonRoot, name).toBe(true);
      expect(pod.automountServiceAccountToken, name).toBe(false);
      expect(pod.containers).toHaveLength(1);
      const [container] = pod.containers;
      expect(container.args, name).toEqual([name]);
      expect(container.image, name).toBe("ghcr.io/your-org/routing-platform:0.1.0");
      expect(container.readinessProbe?.httpGet?.path, `${name} readiness`).toBe("/healthz");
      expect(container.livenessProbe, `${name} liveness`).toBeDefined();
      // Liveness must not hang on Redis or Genesys: never /healthz (a dependency outage is not cured by a restart).
      expect(container.livenessProbe.httpGet?.path, `${name} liveness`).not.toBe("/healthz");
      expect(container.resources?.requests?.cpu, name).toBeDefined();
      expect(container.resources?.requests?.memory, name).toBeDefined();
      expect(container.resources?.limits?.memory, name).toBeDefined();
      expect(container.securityContext.allowPrivilegeEscalation, name).toBe(false);
      expect(container.securityContext.readOnlyRootFilesystem, name).toBe(true);
      expect(container.envFrom).toEqual(
        expect.arrayContaining([
          { configMapRef: { name: expect.stringMatching(/^routing-config-/) } },
          { secretRef: { name: "routing-secrets" } },
        ]),
      );
    }
  });

  it("keep every app up through voluntary disruptions with a PodDisruptionBudget", () => {
    const budgets = byKind(base, "PodDisruptionBudget");
    for (const name of APPS) {
      const budget = budgets.find((b) => b.spec.selector.matchLabels["app.kubernetes.io/name"] === name);
      expect(budget, name).toBeDefined();
      expect(budget?.spec.minAvailable, name).toBe(1);
    }
    expect(byKind(base, "Deployment").find((d) => d.metadata.name === "ingester")?.spec.replicas).toBe(2);
  });

  it("scale workers with KEDA on the whole decision backlog from Prometheus, capped by the Genesys budget", () => {
    const [scaledObject] = byKind(base, "ScaledObject");
    expect(scaledObject?.spec.scaleTargetRef.name).toBe("worker");
    // KEDA owns the worker count: a replicas field in the Deployment would fight it.
    expect(
      byKind(base, "Deployment").find((d) => d.metadata.name === "worker")?.spec.replicas,
    ).toBeUndefined();
    const [trigger] = scaledObject?.spec.triggers ?? [];
    expect(trigger.type).toBe("prometheus");
    // Not the raw wait list: prioritized (every decision job) and delayed (retries) count too.
    for (const state of ["waiting", "prioritized", "delayed"])
      expect(trigger.metadata.query).toContain(state);
    expect(trigger.metadata.query).toContain('queue="routing-decisions"');
    expect(trigger.metadata.ignoreNullValues).toBe("false");
    // docs/operations.md derives the cap from the budget: two replicas feed 240 requests/min even at 10 s
    // per job, plus one spare; past that, workers only hold jobs waiting for budget slots.
    expect(scaledObject?.spec.minReplicaCount).toBe(2);
    expect(scaledObject?.spec.maxReplicaCount).toBe(3);
    expect(scaledObject?.spec.fallback.replicas).toBe(2);
  });

  it("keep credentials in the Secret and out of every ConfigMap", () => {
    for (const objects of [base, overlay]) {
      for (const configMap of byKind(objects, "ConfigMap")) {
        for (const key of Object.keys(configMap.data ?? {})) {
          expect(key, `ConfigMap ${configMap.metadata.name}`).not.toMatch(SECRET_KEYS);
        }
      }
    }
    // The base ships no Secret (no values to commit); the overlay generates one from a local file.
    expect(byKind(base, "Secret")).toHaveLength(0);
    const [secret] = byKind(overlay, "Secret");
    expect(Object.keys(secret?.data ?? {}).sort()).toEqual(
      [
        "DASHBOARD_PASSWORD",
        "DASHBOARD_SESSION_SECRET",
        "GENESYS_CLIENT_ID",
        "GENESYS_CLIENT_SECRET",
        "MESSAGING_WEBHOOK_SECRET",
        "REDIS_URL",
      ].sort(),
    );
    // Generated names carry a content hash, and every reference follows it.
    for (const deployment of byKind(overlay, "Deployment")) {
      expect(deployment.metadata.namespace).toBe("routing");
      expect(deployment.spec.template.spec.containers[0].envFrom).toContainEqual({
        secretRef: { name: secret?.metadata.name },
      });
    }
    const [scaledObject] = byKind(overlay, "ScaledObject");
    expect(scaledObject?.spec.triggers[0].metadata.query).toContain('namespace="routing"');
  });
});
