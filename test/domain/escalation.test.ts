import { isContested } from '../../domain/contested-debt';
import { DUNNING_ACTIONS } from '../../domain/dunning-policy';
import { escalationRank } from '../../domain/escalation-rank';

describe('escalationRank', () => {
  it('ranks the actions from the e-mail to the legal file', () => {
    expect(
      ['email', 'phone_task', 'letter', 'formal_notice', 'legal_file'].map((a) => escalationRank(a as never)),
    ).toEqual([0, 1, 2, 3, 4]);
  });

  it('ranks every action', () => {
    for (const action of DUNNING_ACTIONS) expect(Number.isInteger(escalationRank(action))).toBe(true);
  });
});

describe('isContested', () => {
  const open = { id: 'dispute-3', reason: 'goods damaged' };

  it('holds while a dispute is open', () => {
    expect(isContested(open, [{}])).toBe(true);
  });

  it('holds when a dispute was upheld in part', () => {
    expect(isContested(null, [{ outcome: 'rejected' }, { outcome: 'partially_upheld' }])).toBe(true);
  });

  it('does not hold when every dispute was rejected, or none was raised', () => {
    expect(isContested(null, [{ outcome: 'rejected' }])).toBe(false);
    expect(isContested(null, [])).toBe(false);
  });
});
