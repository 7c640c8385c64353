import type { TOpening } from '@parley/protocol';
import { FieldNotes } from '../ui/components.tsx';
import {
  WEEKDAYS,
  defaultOpenings,
  toTimeInput,
  type OfficeHoursForm,
} from './office-hours-form.ts';

/** Every zone the browser knows, with the stored one kept even if this browser lacks it. */
function timeZones(current: string): string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['UTC'];
  }
  return zones.includes(current) ? zones : [current, ...zones];
}

/**
 * Office hours as a person sets them: a switch, the zone, one row per opening (a day can have
 * several, e.g. a lunch break) and the holidays as dates, instead of JSON typed by hand.
 */
export function OfficeHoursEditor(props: {
  label: string;
  hint: string | undefined;
  error: string | undefined;
  value: OfficeHoursForm;
  onChange: (value: OfficeHoursForm) => void;
}) {
  const { value, onChange } = props;
  const set = (change: Partial<OfficeHoursForm>) => onChange({ ...value, ...change });
  const setOpening = (index: number, change: Partial<TOpening>) =>
    set({
      openings: value.openings.map((row, at) => (at === index ? { ...row, ...change } : row)),
    });
  const lastDay = value.openings.at(-1)?.day ?? 0;
  return (
    <fieldset class={props.error ? 'field office-hours invalid' : 'field office-hours'}>
      <legend>{props.label}</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={value.isEnabled}
          onChange={(event) =>
            set({
              isEnabled: event.currentTarget.checked,
              ...(value.openings.length === 0 ? { openings: defaultOpenings() } : {}),
            })
          }
        />
        Keep office hours (off: the team answers around the clock)
      </label>
      {value.isEnabled && (
        <>
          <label class="field">
            <span>Time zone</span>
            <select
              value={value.timeZone}
              onChange={(event) => set({ timeZone: event.currentTarget.value })}
            >
              {timeZones(value.timeZone).map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </label>
          {value.openings.length === 0 ? (
            <p class="muted">No openings: the widget always says you are away.</p>
          ) : null}
          {value.openings.map((row, index) => (
            <div class="opening-row" key={index} data-testid="opening-row">
              <select
                aria-label={`Day, opening ${index + 1}`}
                value={String(row.day)}
                onChange={(event) => setOpening(index, { day: Number(event.currentTarget.value) })}
              >
                {WEEKDAYS.map((name, day) => (
                  <option key={name} value={String(day)}>
                    {name}
                  </option>
                ))}
              </select>
              <input
                type="time"
                aria-label={`Opens, opening ${index + 1}`}
                value={toTimeInput(row.from)}
                onInput={(event) => setOpening(index, { from: event.currentTarget.value })}
              />
              <span aria-hidden="true">to</span>
              <input
                type="time"
                aria-label={`Closes, opening ${index + 1}`}
                value={toTimeInput(row.to)}
                onInput={(event) => setOpening(index, { to: event.currentTarget.value })}
              />
              <button
                type="button"
                aria-label={`Remove opening ${index + 1}`}
                onClick={() => set({ openings: value.openings.filter((_, at) => at !== index) })}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              set({
                openings: [
                  ...value.openings,
                  { day: (lastDay + 1) % 7, from: '09:00', to: '17:00' },
                ],
              })
            }
          >
            Add opening
          </button>
          <p class="muted">Holidays (closed all day, in the office’s time zone)</p>
          {value.holidays.map((day, index) => (
            <div class="holiday-row" key={index}>
              <input
                type="date"
                aria-label={`Holiday ${index + 1}`}
                value={day}
                onInput={(event) =>
                  set({
                    holidays: value.holidays.map((old, at) =>
                      at === index ? event.currentTarget.value : old,
                    ),
                  })
                }
              />
              <button
                type="button"
                aria-label={`Remove holiday ${index + 1}`}
                onClick={() => set({ holidays: value.holidays.filter((_, at) => at !== index) })}
              >
                Remove
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set({ holidays: [...value.holidays, ''] })}>
            Add holiday
          </button>
        </>
      )}
      <FieldNotes hint={props.hint} error={props.error} />
    </fieldset>
  );
}
