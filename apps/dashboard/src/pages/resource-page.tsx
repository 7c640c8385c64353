import { useEffect, useState } from 'preact/hooks';
import type { TList } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, errorText, Loading, Page, useLoad } from '../ui/components.tsx';
import { fieldErrorOf, type FieldError } from './field-errors.ts';
import { FieldInput } from './field-input.tsx';
import {
  changedOnly,
  toBody,
  toInputValue,
  type FormValue,
  type FormValues,
} from './resource-form.ts';
import type { ResourceSpec } from './resource-specs.ts';

type Item = Record<string, unknown> & { id: string };

/** A list of one resource beside a form to create or edit it. */
export function ResourcePage(props: { spec: ResourceSpec; onCreated?: (item: Item) => void }) {
  const { spec } = props;
  const { api } = useApp();
  const list = useLoad(() => api.get<TList<Item>>(spec.path), [spec.path]);
  const [selected, setSelected] = useState<Item | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  // The panel under the form follows the list as it refreshes (e.g. indexing → failed).
  const current = items.find((item) => item.id === selected?.id) ?? selected;
  const select = (item: Item) => {
    setSelected(item);
    setError(null);
    if (!spec.loadsItem) return;
    api
      .get<Item>(`${spec.path}/${item.id}`)
      .then((full) => setSelected((now) => (now?.id === full.id ? full : now)))
      .catch((err: unknown) => setError(errorText(err)));
  };
  const isRefreshing = spec.isRefreshing?.(items) ?? false;
  useEffect(() => {
    if (!isRefreshing) return;
    const timer = setTimeout(list.reload, 1500);
    return () => clearTimeout(timer);
  }, [isRefreshing, list.data, list.reload]);

  return (
    <Page
      title={spec.title}
      actions={
        <button type="button" onClick={() => setSelected(null)}>
          New
        </button>
      }
    >
      <div class="split">
        <ul class="list" aria-label={spec.title}>
          <Loading isLoading={list.isLoading} />
          <ErrorNote error={list.error} />
          {items.length === 0 && !list.isLoading ? <li class="muted">Nothing yet.</li> : null}
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                class={selected?.id === item.id ? 'row selected' : 'row'}
                onClick={() => select(item)}
              >
                {spec.labelOf(item)}
              </button>
            </li>
          ))}
        </ul>
        <div>
          {current && spec.header ? spec.header({ ...selected, ...current }) : null}
          {notice ? (
            <p class="notice" role="status">
              {notice}
            </p>
          ) : null}
          <ResourceForm
            key={selected?.id ?? 'new'}
            spec={spec}
            item={selected}
            heading={current ? `Edit ${spec.labelOf({ ...selected, ...current })}` : 'New'}
            onSaved={(item, isNew) => {
              setSelected(item);
              setNotice(isNew ? `${spec.title}: created` : `${spec.title}: saved`);
              list.reload();
              if (isNew) props.onCreated?.(item);
            }}
            onDeleted={() => {
              setSelected(null);
              setNotice('Deleted');
              list.reload();
            }}
          />
          <ErrorNote error={error} />
          {current && spec.extra ? spec.extra({ ...selected, ...current }) : null}
        </div>
      </div>
    </Page>
  );
}

function ResourceForm(props: {
  spec: ResourceSpec;
  item: Item | null;
  /** Follows the list as it refreshes (a knowledge base's status and version change after a save). */
  heading: string;
  onSaved: (item: Item, isNew: boolean) => void;
  onDeleted: () => void;
}) {
  const { api } = useApp();
  const { spec, item } = props;
  const [values, setValues] = useState<FormValues>({});
  const [loaded, setLoaded] = useState<FormValues>({});
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<FieldError | null>(null);
  const [isBusy, setBusy] = useState(false);
  useEffect(() => {
    const initial: FormValues = {};
    for (const field of spec.fields) initial[field.name] = toInputValue(field, item?.[field.name]);
    setValues(initial);
    setLoaded(initial);
  }, [spec, item]);

  const visible = spec.fields.filter((field) => !(field.isCreateOnly && item));
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldError(null);
    const form = event.currentTarget as HTMLFormElement;
    try {
      const body = toBody(spec.fields, values, item === null);
      const saved = item
        ? await api.patch<Item>(
            `${spec.path}/${item.id}`,
            changedOnly(body, toBody(spec.fields, loaded, false)),
            typeof item.updatedAt === 'string' ? item.updatedAt : undefined,
          )
        : await api.post<Item>(spec.path, body);
      props.onSaved(saved, item === null);
    } catch (err) {
      // Said at the field it is about, in words; the field gets the focus so it is on screen.
      const atField = fieldErrorOf(visible, err);
      if (!atField) setError(errorText(err));
      setFieldError(atField);
      if (atField) focusField(form, atField.name);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!item || !confirm('Delete this item?')) return;
    try {
      await api.del(`${spec.path}/${item.id}`);
      props.onDeleted();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const set = (name: string, value: FormValue) => {
    setValues({ ...values, [name]: value });
    if (fieldError?.name === name) setFieldError(null);
  };

  return (
    <form class="card" onSubmit={(event) => void save(event)}>
      <h2>{props.heading}</h2>
      {visible.map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          value={values[field.name]}
          error={fieldError?.name === field.name ? fieldError.text : undefined}
          onChange={set}
        />
      ))}
      <ErrorNote error={error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={isBusy}>
          {item ? 'Save' : 'Create'}
        </button>
        {item ? (
          <button type="button" class="danger" onClick={() => void remove()}>
            Delete
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** Puts the focus on the first input of the field `name` (after the error has rendered). */
function focusField(form: HTMLFormElement, name: string) {
  requestAnimationFrame(() => {
    const target =
      form.querySelector<HTMLElement>(`[name="${name}"]`) ??
      form.querySelector<HTMLElement>('.invalid input, .invalid select, .invalid textarea');
    target?.focus();
  });
}
