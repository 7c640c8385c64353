import { describe, expect, it } from 'vitest';
import { bareAddress, newPartOfReply } from './reply-text.ts';

describe('newPartOfReply', () => {
  it('keeps the answer and drops the quoted conversation under it', () => {
    const mail = [
      'Yes, the blue one please.',
      'Thanks!',
      '',
      'On Mon, 30 Nov 2026 at 10:02, Support <reply+abc@chat.example.com> wrote:',
      '> It ships tomorrow.',
    ].join('\r\n');
    expect(newPartOfReply(mail)).toBe('Yes, the blue one please.\nThanks!');
  });

  it('stops at a French client’s header and at an Outlook marker', () => {
    expect(newPartOfReply('Merci\nLe lun. 30 nov. 2026, Support a écrit :\n> x')).toBe('Merci');
    expect(newPartOfReply('Fine\n-----Original Message-----\nFrom: x')).toBe('Fine');
  });

  it('stops at Outlook’s From block and at Gmail’s wrapped header', () => {
    expect(
      newPartOfReply('Sounds good\n\nFrom: Support <reply+x@chat.example.com>\nSent: Monday'),
    ).toBe('Sounds good');
    expect(
      newPartOfReply(
        'OK\n\nOn Mon, 30 Nov 2026 at 10:02, Support <reply+abc@chat.example.com>\nwrote:\n> x',
      ),
    ).toBe('OK');
  });

  it('leaves nothing when the mail is only quotes', () => {
    expect(newPartOfReply('> just the old text')).toBe('');
  });
});

describe('bareAddress', () => {
  it('reads the address out of a display name, lower-cased', () => {
    expect(bareAddress('Ana Lima <Ana@Example.com>')).toBe('ana@example.com');
    expect(bareAddress(' ana@example.com ')).toBe('ana@example.com');
  });
});
