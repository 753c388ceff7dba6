/** Orders two items: negative when `a` ranks before (is better than) `b`, positive when after, 0 when equal. */
export type RankComparator<T> = (a: T, b: T) => number;

/**
 * Keeps the best `capacity` items offered to it, in O(log capacity) per offer, so the top N of M items
 * costs O(M log N) instead of the O(M log M) of sorting all M. The root is the WORST kept item, so an
 * item that cannot make the cut is rejected after one comparison.
 */
export class BoundedHeap<T> {
  readonly capacity: number;
  readonly #compare: RankComparator<T>;
  readonly #items: T[] = [];

  constructor(capacity: number, compare: RankComparator<T>) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`BoundedHeap capacity must be a non-negative integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.#compare = compare;
  }

  get size(): number {
    return this.#items.length;
  }

  get isFull(): boolean {
    return this.#items.length >= this.capacity;
  }

  /** The item that would be evicted next (the worst kept), or undefined when empty. */
  worst(): T | undefined {
    return this.#items[0];
  }

  /** Keeps `item` if there is room or it ranks strictly before the worst kept item; returns whether kept. */
  offer(item: T): boolean {
    const items = this.#items;
    if (items.length < this.capacity) {
      items.push(item);
      this.#siftUp(items.length - 1);
      return true;
    }
    const worst = items[0];
    if (worst === undefined || this.#compare(item, worst) >= 0) return false;
    items[0] = item;
    this.#siftDown(0);
    return true;
  }

  /** The kept items, best first. */
  toSortedArray(): T[] {
    return this.#items.slice().sort(this.#compare);
  }

  // Heap order: every parent ranks at or after its children, so the root is the worst.
  #ranksAfter(index: number, other: number): boolean {
    const a = this.#items[index];
    const b = this.#items[other];
    return a !== undefined && b !== undefined && this.#compare(a, b) > 0;
  }

  #swap(i: number, j: number): void {
    const items = this.#items;
    const held = items[i] as T;
    items[i] = items[j] as T;
    items[j] = held;
  }

  #siftUp(start: number): void {
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#ranksAfter(index, parent)) return;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #siftDown(start: number): void {
    const length = this.#items.length;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) return;
      const right = left + 1;
      const worseChild = right < length && this.#ranksAfter(right, left) ? right : left;
      if (!this.#ranksAfter(worseChild, index)) return;
      this.#swap(index, worseChild);
      index = worseChild;
    }
  }
}

/** The first `count` items of `items` in rank order, as a full stable sort would give them (for a total order). */
export function selectTop<T>(items: Iterable<T>, count: number, compare: RankComparator<T>): T[] {
  const heap = new BoundedHeap(count, compare);
  for (const item of items) heap.offer(item);
  return heap.toSortedArray();
}
