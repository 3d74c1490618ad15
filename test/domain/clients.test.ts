import { describeClient } from '../../domain/clients';

describe('describeClient', () => {
  it('names common browsers and systems in known words', () => {
    expect(
      describeClient(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge on Windows');
    expect(
      describeClient(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
    expect(
      describeClient('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'),
    ).toBe('Firefox on Linux');
    expect(describeClient('curl/8.5.0')).toBe('curl');
  });

  it('never repeats the header’s own text', () => {
    expect(describeClient('')).toBe('an unrecognised client');
    expect(describeClient('Call +1-555-0100 to unlock your account')).toBe(
      'an unrecognised client',
    );
  });
});
