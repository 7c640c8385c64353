import { useState } from 'preact/hooks';
import {
  ZApiKeyScopeSchema,
  type TApiKey,
  type TApiKeyCreated,
  type TList,
} from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, errorText, Field, FieldNotes, Loading, useLoad } from '../ui/components.tsx';
import { useFormErrors } from './use-form-errors.ts';
import type { FieldSpec } from './resource-specs.ts';
import { ShownOnce } from './shown-once.tsx';

const SCOPES = ZApiKeyScopeSchema.options;

/** The form's fields, for saying the server's errors at them. */
const API_KEY_FIELDS: FieldSpec[] = [
  { name: 'name', label: 'Name', kind: 'text' },
  { name: 'scopes', label: 'Scopes', kind: 'list' },
];

/** Long-lived keys for other systems: create (shown once), see when used, revoke. */
export function ApiKeysSection() {
  const { api } = useApp();
  const keys = useLoad(() => api.get<TList<TApiKey>>('/api-keys'));
  const [created, setCreated] = useState<TApiKeyCreated | null>(null);
  const [error, setError] = useState<string | null>(null);
  const errors = useFormErrors(API_KEY_FIELDS);
  const { atField } = errors;
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(null);
      keys.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section class="card" aria-label="API keys">
      <h2>API keys</h2>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const name = form.get('name');
          const element = event.currentTarget;
          errors.clear();
          setError(null);
          api
            .post<TApiKeyCreated>('/api-keys', {
              name: typeof name === 'string' ? name.trim() : '',
              scopes: form.getAll('scopes').filter((value) => typeof value === 'string'),
            })
            .then((answer) => {
              setCreated(answer);
              // Left filled, one more click made a second key by the same name.
              element.reset();
              keys.reload();
            })
            .catch(errors.fail);
        }}
      >
        <Field
          label="Name"
          hint="Also the name a bot's messages are signed with."
          error={atField('name')}
        >
          <input name="name" type="text" required maxLength={100} />
        </Field>
        <fieldset class={atField('scopes') ? 'invalid' : undefined}>
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope} class="inline">
              <input type="checkbox" name="scopes" value={scope} /> {scope}
            </label>
          ))}
          <FieldNotes hint={undefined} error={atField('scopes')} />
        </fieldset>
        <button type="submit">Create key</button>
      </form>
      {created && (
        <ShownOnce
          label={`Key "${created.name}"`}
          value={created.key}
          onDone={() => setCreated(null)}
        />
      )}
      <ErrorNote error={keys.error ?? error ?? errors.formError} />
      <Loading isLoading={keys.isLoading} />
      <ul class="list" aria-label="API keys">
        {(keys.data?.items ?? []).map((key) => (
          <li key={key.id}>
            <strong>{key.name}</strong> <code>{key.prefix}…</code>
            <div class="muted">
              {key.scopes.join(', ')} ·{' '}
              {key.revokedAt
                ? `revoked ${new Date(key.revokedAt).toLocaleString()}`
                : key.lastUsedAt
                  ? `last used ${new Date(key.lastUsedAt).toLocaleString()}`
                  : 'never used'}
            </div>
            {!key.revokedAt && (
              <button
                type="button"
                class="danger"
                onClick={() => {
                  if (confirm(`Revoke "${key.name}"? Systems using it stop at once.`))
                    void act(() => api.del(`/api-keys/${key.id}`));
                }}
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
