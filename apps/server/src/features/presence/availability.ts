import type { TAvailability } from '@parley/protocol';
import type { WidgetConfig } from '@parley/db';
import { officeState, type OfficeState } from './office-hours.ts';

type AvailabilityWidget = Pick<
  WidgetConfig,
  'id' | 'updatedAt' | 'officeHours' | 'replyWithinHours'
>;

/** Widgets whose office state is remembered; beyond that the memory starts afresh. */
const MAX_REMEMBERED = 10_000;

/**
 * Office states by widget, until they change by themselves (`changesAt`) or the widget is edited
 * (`updatedAt`): every visitor connection asks, and a year of holidays is not free to search.
 */
export function createOfficeStates() {
  const remembered = new Map<string, { version: number; state: OfficeState }>();
  return (widget: AvailabilityWidget, now: Date): OfficeState => {
    const version = widget.updatedAt.getTime();
    const known = remembered.get(widget.id);
    const isCurrent =
      known?.version === version && (!known.state.changesAt || now < known.state.changesAt);
    if (known && isCurrent) return known.state;
    const state = officeState(widget.officeHours, now);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(widget.id, { version, state });
    return state;
  };
}

/** What a widget tells its visitors about getting a person, given its office state now. */
export function availabilityOf(
  widget: AvailabilityWidget,
  office: OfficeState,
  availableAgents: number,
): TAvailability {
  const state = !office.isOpen ? 'closed' : availableAgents > 0 ? 'online' : 'away';
  return {
    state,
    replyWithinHours: widget.replyWithinHours,
    opensAt: office.opensAt?.toISOString() ?? null,
    changesAt: office.changesAt?.toISOString() ?? null,
  };
}
