import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Title,
  Tooltip,
} from "chart.js";
import { h } from "./dom.js";

// Only what the console draws, so the bundle carries only these parts of Chart.js.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Title,
  Tooltip,
);

/** Colour-blind-safe palette (Okabe-Ito). */
export const COLOURS = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#000000",
];

const live = new Set<Chart>();

/** A chart in a fresh canvas, kept until `disposeCharts` (a view change). */
export function chart(config: ChartConfiguration, label: string, height = 260): HTMLElement {
  const canvas = h("canvas", { role: "img", "aria-label": label });
  const box = h("div", { class: "chart", style: `height:${height}px` }, canvas);
  // Rendered once the canvas is in the document (Chart.js measures its parent).
  queueMicrotask(() => {
    live.add(
      new Chart(canvas, {
        ...config,
        options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
      }),
    );
  });
  return box;
}

export function disposeCharts(): void {
  for (const instance of live) instance.destroy();
  live.clear();
}
