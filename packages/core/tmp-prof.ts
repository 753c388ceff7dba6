import { generateSyntheticDataset, simulate } from "./src/index.ts";
import { SeenIds } from "./src/simulator/seen-ids.ts";

const dataset = generateSyntheticDataset({
  interactions: 1_000_000,
  agents: 500,
  seed: 2024,
  targetOccupancy: 0.9,
  meanPatienceSeconds: 45,
});
const interactions = [...dataset.interactions()];
const t = (label: string, f: () => void) => {
  const s = performance.now();
  f();
  console.log(label, ((performance.now() - s) / 1000).toFixed(3));
};
for (let r = 0; r < 2; r++) {
  t("longest-idle", () => simulate(interactions, dataset.agents, { policy: "longest-idle" }));
  t("longest-idle presized", () =>
    simulate(interactions, dataset.agents, { policy: "longest-idle", totalInteractions: 1_000_000 }),
  );
  t("SeenIds alone over the same objects", () => {
    const s = new SeenIds();
    for (let i = 0; i < interactions.length; i++) s.add(interactions[i]!.id, i + 1);
  });
}
