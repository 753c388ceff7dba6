import { generateSyntheticDataset } from "./src/index.ts";
import { SeenIds } from "./src/simulator/seen-ids.ts";

class SeenIdsInt {
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  constructor(initialCapacity = 1024) {
    let c = 16;
    while (c < initialCapacity) c *= 2;
    this.slots = new Int32Array(c * 3);
    this.mask = c - 1;
  }
  add(id: string, where: number): number {
    let first = 0x811c9dc5 | 0;
    let second = (0x9747b28c ^ id.length) | 0;
    for (let index = 0; index < id.length; index++) {
      const code = id.charCodeAt(index);
      first = Math.imul(first ^ code, 0x01000193);
      second = Math.imul(second ^ code, 0x5bd1e995);
      second ^= second >>> 15;
    }
    first = fin(first);
    second = fin(second);
    const slots = this.slots;
    const mask = this.mask;
    let slot = first & mask;
    for (;;) {
      const base = slot * 3;
      const seenAt = slots[base + 2] as number;
      if (seenAt === 0) {
        slots[base] = first;
        slots[base + 1] = second;
        slots[base + 2] = where;
        break;
      }
      if (slots[base] === first && slots[base + 1] === second) return seenAt;
      slot = (slot + 1) & mask;
    }
    this.count++;
    if (this.count * 2 > mask + 1) this.grow();
    return 0;
  }
  private grow() {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const s = new Int32Array(cap * 3);
    const m = cap - 1;
    for (let b = 0; b < old.length; b += 3) {
      const w = old[b + 2] as number;
      if (w === 0) continue;
      const f = old[b] as number;
      let sl = f & m;
      while ((s[sl * 3 + 2] as number) !== 0) sl = (sl + 1) & m;
      s[sl * 3] = f;
      s[sl * 3 + 1] = old[b + 1] as number;
      s[sl * 3 + 2] = w;
    }
    this.slots = s;
    this.mask = m;
  }
}
function fin(v: number) {
  let h = v;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
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
for (let r = 0; r < 4; r++) {
  t("SeenIds (uint, current)", () => {
    const s = new SeenIds();
    for (let i = 0; i < interactions.length; i++) s.add(interactions[i]!.id, i + 1);
    return s.size;
  });
  t("SeenIdsInt", () => {
    const s = new SeenIdsInt();
    let x = 0;
    for (let i = 0; i < interactions.length; i++) x += s.add(interactions[i]!.id, i + 1);
    return x;
  });
}
