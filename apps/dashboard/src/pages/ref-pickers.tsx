import type { TList } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, FieldNotes, useLoad } from '../ui/components.tsx';
import type { RefSpec } from './resource-specs.ts';

type Item = Record<string, unknown> & { id: string };

export interface RefOption {
  id: string;
  label: string;
}

/** The items a picker offers, by name; a stored id no longer listed stays choosable. */
export function useRefOptions(spec: RefSpec, keep: readonly string[] = []) {
  const { api } = useApp();
  const list = useLoad(() => api.get<TList<Item>>(spec.path), [spec.path]);
  const options: RefOption[] = (list.data?.items ?? []).map((item) => ({
    id: item.id,
    label: spec.labelOf(item),
  }));
  if (list.data)
    for (const id of keep)
      if (id && !options.some((option) => option.id === id))
        options.push({ id, label: `Missing item (${id.slice(0, 8)}…)` });
  return { options, error: list.error, isLoading: list.isLoading };
}

/** A select of one item of another resource by name, instead of a typed id. */
export function RefPicker(props: {
  spec: RefSpec;
  value: string;
  common: Record<string, unknown>;
  onChange: (id: string) => void;
}) {
  const { options, error } = useRefOptions(props.spec, [props.value]);
  return (
    <>
      <select
        {...props.common}
        value={props.value}
        onChange={(event) => props.onChange((event.target as HTMLSelectElement).value)}
      >
        <option value="">{props.spec.noneLabel ?? '(none)'}</option>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
      <ErrorNote error={error} />
    </>
  );
}

/** Ticks for several items of another resource (e.g. the knowledge bases a rule reads). */
export function RefsPicker(props: {
  spec: RefSpec;
  label: string;
  hint: string | undefined;
  error: string | undefined;
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  const { options, error, isLoading } = useRefOptions(props.spec, props.value);
  const toggle = (id: string, isOn: boolean) =>
    props.onChange(isOn ? [...props.value, id] : props.value.filter((other) => other !== id));
  return (
    <fieldset class={props.error ? 'field picks invalid' : 'field picks'}>
      <legend>{props.label}</legend>
      {options.length === 0 && !isLoading ? <p class="muted">None yet.</p> : null}
      {options.map((option) => (
        <label key={option.id} class="check">
          <input
            type="checkbox"
            checked={props.value.includes(option.id)}
            onChange={(event) => toggle(option.id, (event.target as HTMLInputElement).checked)}
          />
          {option.label}
        </label>
      ))}
      <FieldNotes hint={props.hint} error={props.error} />
      <ErrorNote error={error} />
    </fieldset>
  );
}
