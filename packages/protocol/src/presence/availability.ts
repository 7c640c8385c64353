import { z } from 'zod';
import { ZVisitorEmailSchema } from '../entities.ts';

/** `09:00`, `17:30`: a wall-clock time in the office's time zone. `24:00` ends a day. */
const ZClockSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'must be a time like 09:00' });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** One opening on one weekday: `day` 0 is Sunday, as in JavaScript's `Date`. */
export const ZOpeningSchema = z
  .object({
    day: z.number().int().min(0).max(6),
    from: ZClockSchema,
    to: ZClockSchema,
  })
  .refine((opening) => opening.from < opening.to, {
    message: 'must end after it starts',
    path: ['to'],
  });
export type TOpening = z.infer<typeof ZOpeningSchema>;

/**
 * When a widget's team answers: weekly openings in an IANA time zone, minus holidays (whole
 * local days). A widget without office hours is open all the time.
 */
export const ZOfficeHoursSchema = z.object({
  timeZone: z
    .string()
    .max(64)
    .refine(isTimeZone, { message: 'must be a time zone like Europe/Paris' }),
  openings: z.array(ZOpeningSchema).max(50),
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-12-25' }))
    .max(366),
});
export type TOfficeHours = z.infer<typeof ZOfficeHoursSchema>;

/**
 * What the widget tells a visitor about getting a person:
 * - `online`: inside office hours and an agent has the dashboard open and is not away;
 * - `away`: inside office hours but nobody is available ("we reply within N hours");
 * - `closed`: outside office hours ("we're away until `opensAt`").
 */
export const ZAvailabilitySchema = z.object({
  state: z.enum(['online', 'away', 'closed']),
  /** The widget's promise when nobody is online; null makes no promise. */
  replyWithinHours: z.number().int().positive().nullable(),
  /** ISO time the office next opens, when `closed`. */
  opensAt: z.string().nullable(),
  /** ISO time of the next opening or closing, when the widget should ask again. */
  changesAt: z.string().nullable(),
});
export type TAvailability = z.infer<typeof ZAvailabilitySchema>;

/** `/admin`: an agent sets themself available or away (the dashboard's status switch). */
export const ZPresenceSetSchema = z.object({ status: z.enum(['online', 'away']) });
export type TPresenceSet = z.infer<typeof ZPresenceSetSchema>;

/** `/admin`: how many agents are available now, on every node. */
export const ZPresenceUpdateSchema = z.object({ availableAgents: z.number().int().nonnegative() });
export type TPresenceUpdate = z.infer<typeof ZPresenceUpdateSchema>;

/**
 * `/widget`: where to reply when nobody is online. `email: null` withdraws it. A new address is
 * used only once the visitor opened the confirmation link mailed to it. A verified visitor's
 * email comes from the site's account and cannot be changed here.
 */
export const ZVisitorContactSchema = z.object({
  email: ZVisitorEmailSchema.nullable(),
  name: z.string().trim().max(255).optional(),
});
export type TVisitorContact = z.infer<typeof ZVisitorContactSchema>;

/** The answer to `visitor:contact`. */
export const ZVisitorContactStateSchema = z.object({
  email: z.string().nullable(),
  /** False until the visitor confirms the address from the mail Parley sent to it. */
  isConfirmed: z.boolean(),
});
export type TVisitorContactState = z.infer<typeof ZVisitorContactStateSchema>;
