import { useState } from 'preact/hooks';
import {
  ZWebhookEventSchema,
  type TList,
  type TWebhook,
  type TWebhookCreated,
  type TWebhookDelivery,
} from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, errorText, Field, FieldNotes, Loading, useLoad } from '../ui/components.tsx';
import { useFormErrors } from './use-form-errors.ts';
import type { FieldSpec } from './resource-specs.ts';
import { ShownOnce } from './shown-once.tsx';

const EVENTS = ZWebhookEventSchema.options;

/** The form's fields, for saying the server's errors at them. */
const WEBHOOK_FIELDS: FieldSpec[] = [
  {
    name: 'url',
    label: 'Receiver URL',
    kind: 'text',
    invalidText: 'Must be an http or https address, like https://crm.example.com/parley.',
  },
  { name: 'events', label: 'Events', kind: 'list' },
  { name: 'description', label: 'Description', kind: 'text' },
];

/** Webhook subscriptions: add one (its secret shown once), test it, read its deliveries. */
export function WebhooksSection() {
  const { api } = useApp();
  const hooks = useLoad(() => api.get<TList<TWebhook>>('/webhooks'));
  const [created, setCreated] = useState<TWebhookCreated | null>(null);
  const [error, setError] = useState<string | null>(null);
  const errors = useFormErrors(WEBHOOK_FIELDS);
  const { atField } = errors;
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(null);
      hooks.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section class="card" aria-label="Webhooks">
      <h2>Webhooks</h2>
      <p class="muted">
        Signed POSTs to your systems when conversations change (docs/integrations.md shows how to
        verify them).
      </p>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const text = (name: string) => {
            const value = form.get(name);
            return typeof value === 'string' ? value.trim() : '';
          };
          const element = event.currentTarget;
          errors.clear();
          setError(null);
          api
            .post<TWebhookCreated>('/webhooks', {
              url: text('url'),
              events: form.getAll('events').filter((value) => typeof value === 'string'),
              description: text('description') || null,
            })
            .then((answer) => {
              setCreated(answer);
              element.reset();
              hooks.reload();
            })
            .catch(errors.fail);
        }}
      >
        <Field label="Receiver URL" error={atField('url')}>
          <input name="url" type="url" required placeholder="https://crm.example.com/parley" />
        </Field>
        <fieldset class={atField('events') ? 'invalid' : undefined}>
          <legend>Events</legend>
          {EVENTS.map((name) => (
            <label key={name} class="inline">
              <input type="checkbox" name="events" value={name} defaultChecked /> {name}
            </label>
          ))}
          <FieldNotes hint={undefined} error={atField('events')} />
        </fieldset>
        <Field label="Description" error={atField('description')}>
          <input name="description" type="text" maxLength={255} />
        </Field>
        <button type="submit">Add webhook</button>
      </form>
      {created && (
        <ShownOnce label="Signing secret" value={created.secret} onDone={() => setCreated(null)} />
      )}
      <ErrorNote error={hooks.error ?? error ?? errors.formError} />
      <Loading isLoading={hooks.isLoading} />
      <ul class="list" aria-label="Webhook subscriptions">
        {(hooks.data?.items ?? []).map((hook) => (
          <WebhookRow key={hook.id} hook={hook} act={act} />
        ))}
      </ul>
    </section>
  );
}

function WebhookRow(props: {
  hook: TWebhook;
  act: (work: () => Promise<unknown>) => Promise<void>;
}) {
  const { api } = useApp();
  const { hook, act } = props;
  const [deliveries, setDeliveries] = useState<TWebhookDelivery[] | null>(null);
  const showDeliveries = () =>
    act(async () => {
      const answer = await api.get<TList<TWebhookDelivery>>(`/webhooks/${hook.id}/deliveries`);
      setDeliveries(answer.items);
    });
  return (
    <li data-webhook-id={hook.id}>
      <strong>{hook.url}</strong> {hook.description ? <span>· {hook.description}</span> : null}
      <div class="muted">
        {hook.isActive ? 'On' : `Off${hook.disabledReason ? `: ${hook.disabledReason}` : ''}`} ·{' '}
        {hook.events.join(', ')}
        {hook.consecutiveFailures > 0 ? ` · ${hook.consecutiveFailures} failures in a row` : ''}
      </div>
      <div class="actions">
        <button
          type="button"
          onClick={() =>
            void act(async () => {
              await api.post(`/webhooks/${hook.id}/test`);
              await showDeliveries();
            })
          }
        >
          Send test event
        </button>
        <button type="button" onClick={() => void showDeliveries()}>
          Deliveries
        </button>
        <button
          type="button"
          onClick={() =>
            void act(() => api.patch(`/webhooks/${hook.id}`, { isActive: !hook.isActive }))
          }
        >
          {hook.isActive ? 'Switch off' : 'Switch on'}
        </button>
        <button
          type="button"
          class="danger"
          onClick={() => {
            if (confirm(`Delete the webhook to ${hook.url} and its delivery log?`))
              void act(() => api.del(`/webhooks/${hook.id}`));
          }}
        >
          Delete
        </button>
      </div>
      {deliveries && (
        <table class="deliveries">
          <caption>Latest deliveries</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Answer</th>
              <th scope="col">Attempts</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>{delivery.event}</td>
                <td>{delivery.status}</td>
                <td>{delivery.responseStatus ?? delivery.error ?? '—'}</td>
                <td>{delivery.attempts}</td>
                <td>{new Date(delivery.lastAttemptAt ?? delivery.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
