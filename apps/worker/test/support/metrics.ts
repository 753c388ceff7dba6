import type { Registry } from "prom-client";

/** The sum of a counter's series whose labels include `labels`, over several processes' registries. */
export async function sumMetric(
  registries: readonly Registry[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  let total = 0;
  for (const registry of registries) {
    const metric = registry.getSingleMetric(name);
    if (metric === undefined) continue;
    const { values } = await metric.get();
    for (const value of values) {
      if (Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted))
        total += value.value;
    }
  }
  return total;
}
