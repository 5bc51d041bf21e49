import { describe, expect, it } from '@jest/globals';
import { RequestBudget } from './request-budget.js';

/** A budget on a clock the test moves by hand. */
function budgetAt(options: { ratePerSecond: number; burst: number; maxAddresses?: number }) {
  const clock = { now: 10_000 };
  const budget = new RequestBudget(options);
  const admitted = (address: string, tries: number) => {
    let n = 0;
    for (let i = 0; i < tries; i++) if (budget.admit(address, clock.now)) n++;
    return n;
  };
  return { budget, clock, admitted };
}

describe('RequestBudget', () => {
  it('admits a burst, then refuses until tokens come back at the rate', () => {
    const { clock, admitted } = budgetAt({ ratePerSecond: 10, burst: 5 });
    expect(admitted('a', 8)).toBe(5);
    clock.now += 250; // 2.5 tokens
    expect(admitted('a', 5)).toBe(2);
    clock.now += 50; // half a token left + half a token
    expect(admitted('a', 5)).toBe(1);
  });

  it('never saves up more than the burst, however long an address was idle', () => {
    const { clock, admitted } = budgetAt({ ratePerSecond: 100, burst: 3 });
    expect(admitted('a', 1)).toBe(1);
    clock.now += 3_600_000;
    expect(admitted('a', 10)).toBe(3);
  });

  it('keeps one budget per address', () => {
    const { admitted } = budgetAt({ ratePerSecond: 1, burst: 2 });
    expect(admitted('10.0.0.1', 5)).toBe(2);
    expect(admitted('10.0.0.2', 5)).toBe(2);
    expect(admitted('::ffff:10.0.0.3', 1)).toBe(1);
  });

  it('forgets an address idle long enough to refill, and that changes nothing for it', () => {
    const { budget, clock, admitted } = budgetAt({ ratePerSecond: 10, burst: 20 }); // 2 s to refill
    expect(admitted('idle', 25)).toBe(20);
    expect(budget.size).toBe(1);
    clock.now += 2000;
    expect(admitted('busy', 1)).toBe(1); // rotates: "idle" moves to the old generation
    clock.now += 2000;
    expect(admitted('busy', 1)).toBe(1); // rotates again: "idle" is dropped
    expect(budget.size).toBe(1);
    expect(admitted('idle', 25)).toBe(20);
  });

  it('keeps the state of an address that is active across generations', () => {
    const { budget, clock, admitted } = budgetAt({ ratePerSecond: 1, burst: 2 }); // 2 s a generation
    let total = 0;
    for (let second = 0; second < 10; second++) {
      total += admitted('abuser', 100);
      clock.now += 1000;
    }
    // 2 at once, then one a second: never a fresh burst from a rotation.
    expect(total).toBe(2 + 9);
    expect(budget.size).toBe(1);
  });

  it('holds at most twice maxAddresses, and an active address keeps its state under that pressure', () => {
    const { budget, clock, admitted } = budgetAt({ ratePerSecond: 1, burst: 2, maxAddresses: 100 });
    expect(admitted('abuser', 2)).toBe(2);
    for (let i = 0; i < 10_000; i++) {
      budget.admit(`198.51.100.${i}`, clock.now);
      if (i % 50 === 0 && budget.admit('abuser', clock.now)) throw new Error(`abuser admitted at ${i}`);
      if (budget.size > 200) throw new Error(`${budget.size} addresses held at ${i}`);
    }
    expect(budget.size).toBeGreaterThan(100);
  });

  it('lets every newcomer in when the table is full (it fails open)', () => {
    const { admitted } = budgetAt({ ratePerSecond: 1, burst: 1, maxAddresses: 10 });
    for (let i = 0; i < 1000; i++) expect(admitted(`2001:db8::${i.toString(16)}`, 1)).toBe(1);
  });

  it.each([
    [{ ratePerSecond: 0, burst: 10 }],
    [{ ratePerSecond: 5, burst: 0 }],
    [{ ratePerSecond: Number.NaN, burst: 10 }],
  ])('refuses a budget that could never admit anything: %p', (options) => {
    expect(() => new RequestBudget(options)).toThrow(RangeError);
  });
});
