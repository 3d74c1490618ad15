import { ApiClient, ApiError, type Tokens } from '../../web/src/api/client';
import { formatDuration } from '../../web/src/components/format';
import { slaStateOf } from '../../web/src/components/sla';

describe('web app logic', () => {
  it('puts a server problem beside the field it names, the first one per field', () => {
    const error = new ApiError(
      422,
      'validation_failed',
      'body.spec.name: is required',
      'body.spec.name',
      [
        { field: 'body.spec.name', message: 'is required' },
        { field: 'body.spec.steps.0.role', message: 'is required' },
        { field: 'body.spec.steps.0.role', message: 'too long' },
        { field: 'body.key', message: 'lower-case letters' },
      ],
    );
    expect(error.fieldErrors('body.')).toEqual({
      'spec.name': 'is required',
      'spec.steps.0.role': 'is required',
      key: 'lower-case letters',
    });
  });

  it('falls back to the single field an error names when it lists no problems', () => {
    const error = new ApiError(
      409,
      'conflict',
      'an account with this email exists',
      'body.email',
      [],
    );
    expect(error.fieldErrors()).toEqual({ email: 'an account with this email exists' });
    expect(new ApiError(500, 'internal', 'boom', null, []).fieldErrors()).toEqual({});
  });

  it('marks SLA breach, warning, on track and no clock', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    const task = (deadline: string | null, breached = false, warned = false) => ({
      slaDeadline: deadline,
      slaBreached: breached,
      warningSent: warned,
    });
    expect(slaStateOf(task('2026-11-25T13:00:00Z'), now)).toBe('ok');
    expect(slaStateOf(task('2026-11-25T13:00:00Z', false, true), now)).toBe('warning');
    expect(slaStateOf(task('2026-11-25T11:59:00Z'), now)).toBe('breached');
    expect(slaStateOf(task('2026-11-25T13:00:00Z', true), now)).toBe('breached');
    expect(slaStateOf(task(null), now)).toBe('none');
  });

  it("renews a socket's token only when it is about to expire", async () => {
    const jwt = (exp: number) =>
      ['e30', Buffer.from(JSON.stringify({ exp })).toString('base64url'), 'sig'].join('.');
    /** Nothing listens on port 9: a renewal attempt shows as the auth service being unreachable. */
    const unreachable = 'http://127.0.0.1:9';
    const clientWith = (accessToken: string) => {
      let tokens: Tokens | null = { accessToken, refreshToken: 'refresh-token-value' };
      return new ApiClient(
        {
          auth: unreachable,
          workflow: unreachable,
          ticket: unreachable,
          messaging: unreachable,
          notification: unreachable,
        },
        { get: () => tokens, set: (next) => (tokens = next), exclusively: (work) => work() },
        () => undefined,
      );
    };
    const now = Math.floor(Date.now() / 1000);
    await expect(clientWith(jwt(now + 600)).ensureFreshToken()).resolves.toBeUndefined();
    await expect(clientWith(jwt(now + 30)).ensureFreshToken()).rejects.toMatchObject({
      status: 0,
      code: 'unreachable',
    });
    await expect(clientWith('not-a-jwt').ensureFreshToken()).rejects.toMatchObject({ status: 0 });

    const fresh = clientWith(jwt(now + 600)).socketAuth();
    expect(fresh.secondsLeft()).toBeGreaterThan(590);
    await expect(fresh.freshToken()).resolves.toBe(jwt(now + 600));
    // A revoked session (4401/4403) renews even a token with time left.
    await expect(fresh.renew()).rejects.toMatchObject({ status: 0, code: 'unreachable' });
    expect(clientWith('not-a-jwt').socketAuth().secondsLeft()).toBe(0);
  });

  it('says durations in words a person reads at a glance', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(90 * 60)).toBe('1 h 30 min');
    expect(formatDuration(3 * 86400)).toBe('3 d');
  });
});
