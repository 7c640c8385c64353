import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-client.ts';

/** Loads data once (and on `reload`), with loading and error states. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(true);
  const reload = useCallback(() => {
    setLoading(true);
    load()
      .then((value) => {
        setData(value);
        setError(null);
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setLoading(false));
  }, deps);
  useEffect(reload, [reload]);
  return { data, setData, error, isLoading, reload };
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError)
    return error.field ? `${error.message} (${error.field})` : error.message;
  return error instanceof Error ? error.message : String(error);
}

export function ErrorNote({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error}
    </p>
  );
}

export function Loading({ isLoading }: { isLoading: boolean }) {
  return isLoading ? (
    <p class="muted" role="status">
      Loading…
    </p>
  ) : null;
}

/**
 * A labelled input with its hint and, when the last save found it wrong, the error said right
 * there. With `id`, the hint and error are `${id}-hint` / `${id}-error`: the input names them in
 * `aria-describedby` (see `describedBy`), so a screen reader reads them with the field.
 */
export function Field(props: {
  label: string;
  hint?: string;
  error?: string | undefined;
  id?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label>
        <span>{props.label}</span>
        {props.children}
      </label>
      <FieldNotes id={props.id} hint={props.hint} error={props.error} />
    </div>
  );
}

/** A field's hint and error, under its input (or at the end of a fieldset of inputs). */
export function FieldNotes(props: {
  hint: string | undefined;
  error: string | undefined;
  id?: string | undefined;
}) {
  return (
    <>
      {props.hint ? (
        <small class="muted" id={props.id ? `${props.id}-hint` : undefined}>
          {props.hint}
        </small>
      ) : null}
      {props.error ? (
        <small class="field-error" role="alert" id={props.id ? `${props.id}-error` : undefined}>
          {props.error}
        </small>
      ) : null}
    </>
  );
}

/** The `aria-describedby` of an input inside `<Field id={id}>`. */
export function describedBy(id: string, hint: string | undefined, error: string | undefined) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function Page(props: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <section class="page">
      <header class="page-head">
        <h1>{props.title}</h1>
        <div>{props.actions}</div>
      </header>
      {props.children}
    </section>
  );
}

/** Any API value as display text: strings as they are, numbers and objects as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return JSON.stringify(value);
}
