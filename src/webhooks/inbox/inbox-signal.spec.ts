import { InboxSignal } from './inbox-signal';

describe('InboxSignal', () => {
  it('lets at most one write in 250 ms announce itself to the other instances', () => {
    const signal = new InboxSignal();
    expect(signal.shouldAnnounce(1_000)).toBe(true);
    expect(signal.shouldAnnounce(1_100)).toBe(false);
    expect(signal.shouldAnnounce(1_249)).toBe(false);
    expect(signal.shouldAnnounce(1_250)).toBe(true);
  });

  it('wakes every listener until it unsubscribes', () => {
    const signal = new InboxSignal();
    const woken: string[] = [];
    const stop = signal.onWork(() => woken.push('a'));
    signal.onWork(() => woken.push('b'));
    signal.wake();
    stop();
    signal.wake();
    expect(woken).toEqual(['a', 'b', 'b']);
  });
});
