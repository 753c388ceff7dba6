/**
 * During a make-before-break handover the old and the new channel are both subscribed to the same topics,
 * so an event published while both sockets are connected arrives twice. Genesys (and the emulator) send the
 * same event as the same text on every channel, so a frame whose exact text was already delivered from the
 * OTHER socket moments ago is that copy. Frames repeated on one socket are never dropped: only the server
 * knows why it sent them twice. If a server ever sent different text for the same event, both copies are
 * delivered: the guarantee stays "at least once", never "maybe".
 */
export interface HandoverDedupe {
  /** A handover started: from now on, remember what was delivered and from which socket. */
  begin(): void;
  /** The old socket is gone; late copies on the new socket are still caught for `windowMs`. */
  end(): void;
  /** False for a copy of a frame another socket delivered within `windowMs`; true otherwise. */
  admit(socket: object, text: string): boolean;
  /** Frames remembered right now (for tests). */
  readonly size: number;
}

export interface HandoverDedupeOptions {
  readonly now: () => number;
  /** How long a delivered frame is remembered. Both copies of one event arrive within moments. */
  readonly windowMs: number;
}

interface Delivery {
  readonly socket: object;
  readonly at: number;
}

export function createHandoverDedupe(options: HandoverDedupeOptions): HandoverDedupe {
  const { now, windowMs } = options;
  // Insertion-ordered, so the oldest deliveries are at the front and pruning stops at the first young one.
  const delivered = new Map<string, Delivery>();
  // undefined: no handover, nothing is remembered (the common case costs nothing).
  let activeUntil: number | undefined;

  const forgetOlderThan = (cutoff: number): void => {
    for (const [text, delivery] of delivered) {
      if (delivery.at >= cutoff) return;
      delivered.delete(text);
    }
  };

  return {
    begin() {
      activeUntil = Number.POSITIVE_INFINITY;
    },
    end() {
      if (activeUntil !== undefined) activeUntil = now() + windowMs;
    },
    admit(socket, text) {
      if (activeUntil === undefined) return true;
      const at = now();
      if (at > activeUntil) {
        activeUntil = undefined;
        delivered.clear();
        return true;
      }
      forgetOlderThan(at - windowMs);
      const earlier = delivered.get(text);
      if (earlier !== undefined && earlier.socket !== socket) return false;
      delivered.delete(text);
      delivered.set(text, { socket, at });
      return true;
    },
    get size() {
      return delivered.size;
    },
  };
}
