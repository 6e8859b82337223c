/**
 * Group commit for requests that would otherwise queue behind one another: a request starts
 * at once while fewer than `slots` runs of its key are in flight; one that arrives while they
 * are all busy waits, and when a run ends, the waiting requests that may share one go
 * together, as one run. One caller alone never waits (a group of one is the plain run); many
 * callers pay one run's fixed costs between them instead of each its own.
 *
 * A group's run either answers every request of the group, or throws: then each request is
 * run alone, so that it gets exactly the answer or error it would have had without the others.
 */
export interface RunTogetherOptions<T, R> {
  /** Runs in flight at once per key. */
  readonly slots: number;
  /** Whether `item` may join `group` (which holds at least one item). */
  readonly canJoin: (group: readonly T[], item: T) => boolean;
  /** One request by itself. */
  readonly alone: (item: T) => Promise<R>;
  /** Two or more requests in one run: one answer per item, in order. */
  readonly together: (items: readonly T[]) => Promise<readonly R[]>;
  /** A request by itself also tries `together` first: where that is the faster way, and `alone` the general one. */
  readonly oneTogether?: boolean;
}

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (value: R) => void;
  readonly reject: (reason: unknown) => void;
}

interface Lane<T, R> {
  running: number;
  readonly waiting: Waiting<T, R>[];
}

export class RunTogether<T, R> {
  private readonly lanes = new Map<string, Lane<T, R>>();

  constructor(private readonly options: RunTogetherOptions<T, R>) {}

  run(key: string, item: T): Promise<R> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    return new Promise<R>((resolve, reject) => {
      lane.waiting.push({ item, resolve, reject });
      this.next(key, lane);
    });
  }

  /** Requests waiting, over all keys (for tests and metrics). */
  get waiting(): number {
    let count = 0;
    for (const lane of this.lanes.values()) count += lane.waiting.length;
    return count;
  }

  /** Fills the free slots: a request that may not join the first group takes the next slot, not a turn after it. */
  private next(key: string, lane: Lane<T, R>): void {
    while (lane.running < this.options.slots && lane.waiting.length > 0) {
      const group = this.takeGroup(lane);
      lane.running += 1;
      void this.settle(group).finally(() => {
        lane.running -= 1;
        if (lane.running === 0 && lane.waiting.length === 0) this.lanes.delete(key);
        else this.next(key, lane);
      });
    }
  }

  /** The first waiting request and, in arrival order, every later one that may join it; the others keep their places. */
  private takeGroup(lane: Lane<T, R>): Waiting<T, R>[] {
    const [first, ...rest] = lane.waiting;
    if (!first) return [];
    const group = [first];
    const items = [first.item];
    const left: Waiting<T, R>[] = [];
    for (const waiting of rest) {
      if (this.options.canJoin(items, waiting.item)) {
        group.push(waiting);
        items.push(waiting.item);
      } else left.push(waiting);
    }
    lane.waiting.splice(0, lane.waiting.length, ...left);
    return group;
  }

  private async settle(group: readonly Waiting<T, R>[]): Promise<void> {
    if (group.length > 1 || this.options.oneTogether) {
      let answers: readonly R[] | null = null;
      try {
        answers = await this.options.together(group.map((waiting) => waiting.item));
      } catch {
        // Each request is answered alone below, with its own result or error.
      }
      if (answers && answers.length === group.length) {
        for (const [index, waiting] of group.entries()) waiting.resolve(answers[index] as R);
        return;
      }
    }
    for (const waiting of group) {
      try {
        waiting.resolve(await this.options.alone(waiting.item));
      } catch (error) {
        waiting.reject(error);
      }
    }
  }
}

/**
 * One value per owner (a use case's `RunTogether` per `Services`: one Roster's requests group
 * with each other, never with another Roster's in the same process, as in tests), made on first use.
 */
export function onePer<K extends object, V>(make: (owner: K) => V): (owner: K) => V {
  const made = new WeakMap<K, V>();
  return (owner) => {
    let value = made.get(owner);
    if (value === undefined) {
      value = make(owner);
      made.set(owner, value);
    }
    return value;
  };
}
