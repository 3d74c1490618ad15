import { markdownText, ticketSummary } from '../../domain/operatorView';

describe('operator view text for the Temporal Web UI', () => {
  it('keeps user text on one line with its markup escaped', () => {
    expect(markdownText('line one\nline\u0000two\r\n  # [x](javascript:y) <img>', 200)).toBe(
      'line one line two \\# \\[x\\](javascript:y) \\<img\\>',
    );
  });

  it('drops bidi overrides and zero-width characters, escapes entities and breaks bare links', () => {
    expect(markdownText('Invoice \u202egnp.exe\u202c\u200b &lt;b&gt;', 200)).toBe(
      'Invoice gnp.exe \\&lt;b\\&gt;',
    );
    expect(markdownText('see https://evil.example and WWW.evil.example', 200)).toBe(
      'see https\\://evil.example and WWW\\.evil.example',
    );
  });

  it('cuts long text at a character boundary with an ellipsis', () => {
    const text = markdownText('😀'.repeat(30), 10);
    expect([...text]).toHaveLength(10);
    expect(text.endsWith('😀…')).toBe(true);
  });

  it('summarises a ticket as number · priority · subject', () => {
    expect(
      ticketSummary({
        number: 'TX-1',
        subject: 'Printer *on fire*',
        priority: 'critical',
        department: 'IT',
        category: 'Hardware',
        requesterId: '7',
        system: 'tts',
        createdAt: '2026-12-03T00:00:00.000Z',
      }),
    ).toBe('TX-1 · critical · Printer \\*on fire\\*');
  });
});
