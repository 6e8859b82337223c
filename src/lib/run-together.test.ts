import { describe, expect, it } from 'vitest';
import { onePer, RunTogether } from './run-together.js';

/** A run that ends when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A RunTogether whose runs are written down in `calls`, as "alone 1" or "together 2,3". */
function recorded<T, R>(
  slots: number,
  canJoin: (group: readonly T[], item: T) => boolean,
  alone: (item: T) => Promise<R>,
  together: (items: readonly T[]) => Promise<readonly R[]>,
) {
  const calls: string[] = [];
  const runs = new RunTogether<T, R>({
    slots,
    canJoin,
    alone: (item) => {
      calls.push(`alone ${String(item)}`);
      return alone(item);
    },
    together: (items) => {
      calls.push(`together ${items.join(',')}`);
      return together(items);
    },
  });
  return { runs, calls };
}

describe('RunTogether', () => {
  it('runs a request at once, alone, while a slot is free', async () => {
    const { runs, calls } = recorded<number, number>(
      1,
      () => true,
      async (n) => n * 10,
      async (items) => items.map((n) => n * 10),
    );
    expect(await runs.run('k', 1)).toBe(10);
    expect(await runs.run('k', 2)).toBe(20);
    expect(calls).toEqual(['alone 1', 'alone 2']);
  });

  it('takes the requests that arrived while the slots were busy together, each answered with its own part', async () => {
    const first = gate();
    const { runs, calls } = recorded<number, string>(
      1,
      () => true,
      async (n) => {
        if (n === 1) await first.opened;
        return `a${n}`;
      },
      async (items) => items.map((n) => `t${n}`),
    );
    const answers = [runs.run('k', 1), runs.run('k', 2), runs.run('k', 3), runs.run('other', 9), runs.run('k', 4)];
    await tick();
    // Another key has its own slots; these three wait for the first run.
    expect(runs.waiting).toBe(3);
    first.open();
    expect(await Promise.all(answers)).toEqual(['a1', 't2', 't3', 'a9', 't4']);
    expect(calls).toEqual(['alone 1', 'alone 9', 'together 2,3,4']);
    expect(runs.waiting).toBe(0);
  });

  it('leaves a request that may not join in its place for the next run', async () => {
    const first = gate();
    const { runs, calls } = recorded<string, string>(
      1,
      // Never two of the same letter in one run.
      (group, item) => !group.some((other) => other[0] === item[0]),
      async (s) => {
        if (s === 'x0') await first.opened;
        return s;
      },
      async (items) => items,
    );
    const answers = Promise.all(['x0', 'a1', 'b1', 'a2', 'c1', 'a3'].map((s) => runs.run('k', s)));
    await tick();
    first.open();
    expect(await answers).toEqual(['x0', 'a1', 'b1', 'a2', 'c1', 'a3']);
    expect(calls).toEqual(['alone x0', 'together a1,b1,c1', 'alone a2', 'alone a3']);
  });

  it('answers each request alone, with its own result or error, when the run together fails', async () => {
    const first = gate();
    const { runs, calls } = recorded<number, number>(
      1,
      () => true,
      async (n) => {
        if (n === 0) await first.opened;
        if (n === 3) throw new Error('three refused');
        return n;
      },
      async () => {
        throw new Error('the whole run refused');
      },
    );
    const answers = [0, 1, 2, 3, 4].map((n) => runs.run('k', n).catch((error: Error) => error.message));
    await tick();
    first.open();
    expect(await Promise.all(answers)).toEqual([0, 1, 2, 'three refused', 4]);
    expect(calls).toEqual(['alone 0', 'together 1,2,3,4', 'alone 1', 'alone 2', 'alone 3', 'alone 4']);
  });

  it('keeps `slots` runs of a key in flight at once, no more', async () => {
    const gates = [gate(), gate(), gate()];
    let inFlight = 0;
    let most = 0;
    const runs = new RunTogether<number, number>({
      slots: 2,
      canJoin: () => false,
      alone: async (n) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await gates[n]?.opened;
        inFlight -= 1;
        return n;
      },
      together: async () => {
        throw new Error('never together: canJoin says no');
      },
    });
    const answers = Promise.all([0, 1, 2].map((n) => runs.run('k', n)));
    await tick();
    expect(inFlight).toBe(2);
    expect(runs.waiting).toBe(1);
    for (const g of gates) g.open();
    expect(await answers).toEqual([0, 1, 2]);
    expect(most).toBe(2);
  });

  it('runs a lone request through `together` first when told to, and alone if that fails', async () => {
    const calls: string[] = [];
    const runs = new RunTogether<number, string>({
      slots: 1,
      canJoin: () => true,
      oneTogether: true,
      alone: async (n) => {
        calls.push(`alone ${n}`);
        return `a${n}`;
      },
      together: async (items) => {
        calls.push(`together ${items.join(',')}`);
        if (items.includes(2)) throw new Error('not for two');
        return items.map((n) => `t${n}`);
      },
    });
    expect(await runs.run('k', 1)).toBe('t1');
    expect(await runs.run('k', 2)).toBe('a2');
    expect(calls).toEqual(['together 1', 'together 2', 'alone 2']);
  });

  it('gives a free slot to a waiting request that may not join the group before it', async () => {
    const first = gate();
    const started: string[] = [];
    const runs = new RunTogether<string, string>({
      slots: 2,
      canJoin: (group, item) => !group.includes(item),
      alone: async (s) => {
        started.push(s);
        if (s === 'x') await first.opened;
        return s;
      },
      together: async (items) => items,
    });
    // Two of one kind arrive while nothing runs: the second cannot join the first, and takes the other slot at once.
    const answers = Promise.all([runs.run('k', 'x'), runs.run('k', 'x')]);
    await tick();
    expect(started).toEqual(['x', 'x']);
    first.open();
    expect(await answers).toEqual(['x', 'x']);
  });

  it('onePer makes one value per owner, on first use', () => {
    let made = 0;
    const of = onePer((owner: { name: string }) => ({ name: owner.name, n: ++made }));
    const a = { name: 'a' };
    const b = { name: 'b' };
    expect(of(a)).toBe(of(a));
    expect(of(b)).toEqual({ name: 'b', n: 2 });
    expect(made).toBe(2);
  });
});
