import { withTimeouts } from '../../worker/mail-settings';

describe('withTimeouts', () => {
  it('adds SMTP timeouts shorter than the activity timeout to the relay URL', () => {
    const url = new URL(withTimeouts('smtp://user:secret@relay.example:587'));
    expect(url.searchParams.get('socketTimeout')).toBe('45000');
    expect(url.searchParams.get('connectionTimeout')).toBe('15000');
    expect(url.username).toBe('user');
  });

  it('keeps a timeout already set in SMTP_URL', () => {
    expect(new URL(withTimeouts('smtp://relay.example?socketTimeout=5000')).searchParams.get('socketTimeout')).toBe(
      '5000',
    );
  });
});
