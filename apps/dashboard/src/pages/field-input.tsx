import { useId } from 'preact/hooks';
import { describedBy, Field } from '../ui/components.tsx';
import { RefPicker, RefsPicker } from './ref-pickers.tsx';
import type { FormValue, RouteRow } from './resource-form.ts';
import type { FieldSpec } from './resource-specs.ts';
import { RouteEditor } from './route-editor.tsx';
import { OfficeHoursEditor } from './office-hours-editor.tsx';

export interface FieldInputProps {
  field: FieldSpec;
  value: FormValue | undefined;
  error: string | undefined;
  onChange: (name: string, value: FormValue) => void;
}

/** The colour the picker shows while the text is empty or not a colour yet. */
const DEFAULT_COLOR = '#4f46e5';

/** One field of a resource form, as the input that suits its kind, with its error beside it. */
export function FieldInput(props: FieldInputProps) {
  const { field, value, error, onChange } = props;
  const id = useId();
  const described = describedBy(id, field.hint, error);
  const text = typeof value === 'string' ? value : '';
  const onText = (event: Event) => onChange(field.name, (event.target as HTMLInputElement).value);
  const common = {
    name: field.name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
  };
  if (field.kind === 'bool')
    return (
      <label class="check">
        <input
          type="checkbox"
          name={field.name}
          checked={value === true}
          onChange={(event) => onChange(field.name, (event.target as HTMLInputElement).checked)}
        />
        {field.label}
      </label>
    );
  if (field.kind === 'refs' && field.ref)
    return (
      <RefsPicker
        spec={field.ref}
        label={field.label}
        hint={field.hint}
        error={error}
        value={Array.isArray(value) ? (value as string[]) : []}
        onChange={(ids) => onChange(field.name, ids)}
      />
    );
  if (field.kind === 'routes' && field.ref)
    return (
      <RouteEditor
        rules={field.ref}
        label={field.label}
        hint={field.hint}
        error={error}
        rows={Array.isArray(value) ? (value as RouteRow[]) : []}
        onChange={(rows) => onChange(field.name, rows)}
      />
    );
  if (field.kind === 'officeHours' && value && typeof value === 'object' && !Array.isArray(value))
    return (
      <OfficeHoursEditor
        label={field.label}
        hint={field.hint}
        error={error}
        value={value}
        onChange={(next) => onChange(field.name, next)}
      />
    );
  let input;
  if (field.kind === 'ref' && field.ref)
    input = (
      <RefPicker
        spec={field.ref}
        value={text}
        common={common}
        onChange={(id) => onChange(field.name, id)}
      />
    );
  else if (field.kind === 'select')
    input = (
      <select {...common} value={text} onChange={onText}>
        <option value="">(default)</option>
        {field.options?.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  else if (field.kind === 'textarea' || field.kind === 'list' || field.kind === 'json')
    input = (
      <textarea
        {...common}
        rows={field.kind === 'textarea' ? 8 : 4}
        value={text}
        onInput={onText}
      />
    );
  else if (field.kind === 'color')
    // The native picker for the eye, the hex text for the exact value (and pasting a brand colour).
    input = (
      <span class="color-input">
        <input
          type="color"
          value={/^#[0-9a-f]{6}$/i.test(text) ? text.toLowerCase() : DEFAULT_COLOR}
          onInput={onText}
          aria-describedby={described}
        />
        <input
          {...common}
          type="text"
          value={text}
          onInput={onText}
          placeholder={DEFAULT_COLOR}
          aria-label={`${field.label} (hex)`}
          autoComplete="off"
          spellcheck={false}
        />
      </span>
    );
  else
    input = (
      <input
        {...common}
        type={field.kind === 'secret' ? 'password' : field.kind === 'number' ? 'number' : 'text'}
        value={text}
        onInput={onText}
        autoComplete="off"
      />
    );
  return (
    <Field id={id} label={field.label} hint={field.hint} error={error}>
      {input}
    </Field>
  );
}
