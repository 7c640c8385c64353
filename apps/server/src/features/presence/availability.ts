import type { TAvailability } from '@parley/protocol';
import type { WidgetConfig } from '@parley/db';
import { officeState } from './office-hours.ts';

/** What a widget tells its visitors about getting a person, at `now`. */
export function availabilityOf(
  widget: Pick<WidgetConfig, 'officeHours' | 'replyWithinHours'>,
  availableAgents: number,
  now: Date,
): TAvailability {
  const office = officeState(widget.officeHours, now);
  const state = !office.isOpen ? 'closed' : availableAgents > 0 ? 'online' : 'away';
  return {
    state,
    replyWithinHours: widget.replyWithinHours,
    opensAt: office.opensAt?.toISOString() ?? null,
    changesAt: office.changesAt?.toISOString() ?? null,
  };
}
