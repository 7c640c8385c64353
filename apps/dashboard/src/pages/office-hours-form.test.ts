import { describe, expect, it } from 'vitest';
import { FormFieldError } from './field-errors.ts';
import { toOfficeHoursBody, toOfficeHoursForm } from './office-hours-form.ts';

describe('office hours in the widget form', () => {
  it('starts switched off with weekdays 9 to 5 ready, and sends null while off', () => {
    const form = toOfficeHoursForm(null);
    expect(form.isEnabled).toBe(false);
    expect(form.openings.map((row) => row.day)).toEqual([1, 2, 3, 4, 5]);
    expect(toOfficeHoursBody('officeHours', form)).toBeNull();
  });

  it('round-trips stored hours, midnight included, and tidies the holidays', () => {
    const stored = {
      timeZone: 'Europe/Paris',
      openings: [
        { day: 1, from: '09:00', to: '17:30' },
        { day: 5, from: '18:00', to: '24:00' },
      ],
      holidays: ['2026-12-25'],
    };
    const form = toOfficeHoursForm(stored);
    expect(form.isEnabled).toBe(true);
    // The time input shows midnight as 00:00; it is sent back as the end of the day.
    const edited = { ...form, holidays: ['2027-01-01', '', '2026-12-25', '2026-12-25'] };
    expect(toOfficeHoursBody('officeHours', edited)).toEqual({
      ...stored,
      holidays: ['2026-12-25', '2027-01-01'],
    });
  });

  it('names the row that ends before it starts, at the field', () => {
    const form = {
      ...toOfficeHoursForm(null),
      isEnabled: true,
      openings: [
        { day: 1, from: '09:00', to: '17:00' },
        { day: 2, from: '17:00', to: '09:00' },
      ],
    };
    let error: unknown;
    try {
      toOfficeHoursBody('officeHours', form);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FormFieldError);
    expect((error as FormFieldError).field).toBe('officeHours');
    expect((error as FormFieldError).message).toBe(
      'Opening 2 (Tuesday): it must end after it starts',
    );
  });
});
