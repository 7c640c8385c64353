import { FieldNotes } from '../ui/components.tsx';
import type { RefSpec } from './resource-specs.ts';
import type { RouteRow } from './resource-form.ts';
import { useRefOptions } from './ref-pickers.tsx';

/**
 * The widget's page routes as rows of "pages matching" → "use rule", added and removed one by
 * one, instead of JSON typed by hand. The first matching row wins, as the widget resolves them.
 */
export function RouteEditor(props: {
  rules: RefSpec;
  label: string;
  hint: string | undefined;
  error: string | undefined;
  rows: RouteRow[];
  onChange: (rows: RouteRow[]) => void;
}) {
  const { rows, onChange } = props;
  const { options } = useRefOptions(
    props.rules,
    rows.map((row) => row.contextRuleId),
  );
  const update = (index: number, change: Partial<RouteRow>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  return (
    <fieldset class={props.error ? 'field routes invalid' : 'field routes'}>
      <legend>{props.label}</legend>
      {rows.length === 0 ? (
        <p class="muted">No routes: every page uses the widget’s rule.</p>
      ) : null}
      {rows.map((row, index) => (
        <div class="route-row" key={index} data-testid="route-row">
          <input
            aria-label={`Pages matching, route ${index + 1}`}
            placeholder="/docs/*"
            value={row.pattern}
            onInput={(event) =>
              update(index, { pattern: (event.target as HTMLInputElement).value })
            }
          />
          <span aria-hidden="true">→</span>
          <select
            aria-label={`Rule, route ${index + 1}`}
            value={row.contextRuleId}
            onChange={(event) =>
              update(index, { contextRuleId: (event.target as HTMLSelectElement).value })
            }
          >
            <option value="">Choose a rule…</option>
            {options.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            aria-label={`Remove route ${index + 1}`}
            onClick={() => onChange(rows.filter((_, at) => at !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { pattern: '', contextRuleId: '' }])}>
        Add route
      </button>
      <FieldNotes hint={props.hint} error={props.error} />
    </fieldset>
  );
}
