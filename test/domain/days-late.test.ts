import { daysLate } from '../../domain/days-late';
import { domainError } from './support';

const due = new Date('2026-03-03T23:00:00.000Z');
const day = 86_400_000;
const after = (ms: number) => new Date(due.getTime() + ms);

describe('daysLate', () => {
  it('is 0 before and at the due moment', () => {
    expect(daysLate(due, after(-day))).toBe(0);
    expect(daysLate(due, due)).toBe(0);
  });

  it('counts any started day as a day, a whole day included', () => {
    expect(daysLate(due, after(1))).toBe(1);
    expect(daysLate(due, after(day))).toBe(1);
    expect(daysLate(due, after(day + 1))).toBe(2);
    expect(daysLate(due, after(30 * day))).toBe(30);
    expect(daysLate(due, after(30.5 * day))).toBe(31);
  });

  it('takes RFC 3339 instants as well as dates', () => {
    expect(daysLate('2026-03-03T23:00:00.000Z', '2026-03-05T09:00:00Z')).toBe(2);
  });

  it('refuses what is no instant', () => {
    expect(domainError(() => daysLate('tomorrow', due)).field).toBe('dueAt');
  });
});
