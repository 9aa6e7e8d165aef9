import { fieldsOnForm } from './create-fields';

describe('the create form places the API field messages', () => {
  it('puts a need message under the field of the need sent at that index', () => {
    // Goods sent second (after money): needs.1.quantity is the goods quantity, not the first need.
    expect(
      fieldsOnForm({ 'needs.1.quantity': 'too many', 'needs.2.endsAt': 'before start', 'needs.0': 'bad' }, [
        'money',
        'goods',
        'labour',
      ]),
    ).toEqual({ goodsQuantity: 'too many', slotEnd: 'before start', money: 'bad' });
  });

  it('puts thresholds and photos under their own fields and keeps plain paths', () => {
    expect(
      fieldsOnForm(
        { 'thresholds.moneyFen': 'm', 'thresholds.households': 'h', photoIds: 'p', deadline: 'd' },
        ['goods'],
      ),
    ).toEqual({ moneyThreshold: 'm', households: 'h', photos: 'p', deadline: 'd' });
  });

  it('keeps a need index the form did not send as the path (the page shows it above the buttons)', () => {
    expect(fieldsOnForm({ 'needs.4.label': 'x' }, ['goods'])).toEqual({ 'needs.4.label': 'x' });
  });
});
