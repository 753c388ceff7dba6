import { generateSyntheticDataset } from "./src/index.ts";
import { SeenIds } from "./src/simulator/seen-ids.ts";

const dataset = generateSyntheticDataset({
  interactions: 1_000_000,
  agents: 500,
  seed: 2024,
  targetOccupancy: 0.9,
  meanPatienceSeconds: 45,
});
const interactions = [...dataset.interactions()];
const t = (label: string, f: () => number) => {
  const s = performance.now();
  const x = f();
  console.log(label, ((performance.now() - s) / 1000).toFixed(3), x & 1);
};
for (let r = 0; r < 3; r++) {
  t("hash only", () => {
    let h = 0;
    for (let i = 0; i < interactions.length; i++) {
      const id = interactions[i]!.id;
      for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 16777619);
    }
    return h;
  });
  t("SeenIds presized", () => {
    const s = new SeenIds(2_000_000);
    for (let i = 0; i < interactions.length; i++) s.add(interactions[i]!.id, i + 1);
    return s.size;
  });
  t("SeenIds growing", () => {
    const s = new SeenIds();
    for (let i = 0; i < interactions.length; i++) s.add(interactions[i]!.id, i + 1);
    return s.size;
  });
  t("Uint32Array 6M random writes", () => {
    const a = new Uint32Array(6_000_000);
    let x = 1;
    for (let i = 0; i < 1_000_000; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) | 0;
      a[((x >>> 0) % 2_000_000) * 3] = i;
    }
    return a[0]!;
  });
}
