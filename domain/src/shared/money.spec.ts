import { addMoney, InvalidInput, money } from '../index';

describe('money', () => {
  it('is whole minor units in an ISO currency', () => {
    expect(money(1250, 'EUR')).toEqual({ amount: 1250, currency: 'EUR' });
  });
  it.each([[-1], [12.5], [Number.NaN], [2 ** 60]])('rejects %p minor units', (amount) => {
    expect(() => money(amount, 'EUR')).toThrow(InvalidInput);
  });
  it.each(['eur', 'EURO', ''])('rejects currency %p', (currency) => {
    expect(() => money(1, currency)).toThrow(InvalidInput);
  });
  it('refuses to add two currencies', () => {
    expect(() => addMoney(money(1, 'EUR'), money(1, 'USD'))).toThrow(InvalidInput);
    expect(addMoney(money(1, 'EUR'), money(2, 'EUR'))).toEqual(money(3, 'EUR'));
  });
});
