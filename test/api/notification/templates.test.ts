import { render } from '../../../api/notification/templates';

const resolved = (data: Record<string, string | null>) =>
  render({
    id: 'm1',
    type: 'status_change',
    recipient: { userId: '900', name: 'Rita' },
    data: { ticketNumber: 'TX-1', subject: 'VPN', status: 'resolved', ...data },
    createdAt: new Date().toISOString(),
  });

describe('status change mail', () => {
  it('tells the requester of a resolved ticket until when a reply reopens it, and asks for a rating', () => {
    const mail = resolved({ reopenUntil: '2026-12-10T09:00:00.000Z' });
    expect(mail.subject).toBe('Ticket TX-1 is resolved');
    expect(mail.text).toContain('reopen it, until 2026-12-10T09:00:00.000Z');
    expect(mail.text).toContain('rate it good or bad');
  });

  it('says only the status when the resolution is final', () => {
    expect(resolved({}).summary).toBe('Your ticket TX-1 "VPN" is now resolved.');
  });
});
