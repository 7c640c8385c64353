import { useEffect, useState } from 'preact/hooks';
import type { TAuthResponse, TSetupStatus } from '@parley/protocol';
import type { ApiClient } from '../api/api-client.ts';
import { ErrorNote, errorText, Field } from '../ui/components.tsx';

/** Sign-in, or "create the first admin" while there is none. */
export function LoginPage(props: { api: ApiClient; onSignedIn: () => void }) {
  const [needsSetup, setNeedsSetup] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  useEffect(() => {
    props.api
      .get<TSetupStatus>('/auth/setup')
      .then((status) => setNeedsSetup(status.needsSetup))
      .catch((err: unknown) => setError(errorText(err)));
  }, [props.api]);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const body = Object.fromEntries(form.entries());
    setBusy(true);
    try {
      const answer = await props.api.post<TAuthResponse>(
        needsSetup ? '/auth/setup' : '/auth/login',
        body,
      );
      props.api.signIn(answer);
      props.onSignedIn();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (needsSetup === null) return <p class="muted center">{error ?? 'Loading…'}</p>;
  return (
    <main class="login">
      <form onSubmit={(event) => void onSubmit(event)} aria-labelledby="login-title">
        <h1 id="login-title">{needsSetup ? 'Create the first admin' : 'Sign in to Parley'}</h1>
        {needsSetup ? (
          <Field label="Full name">
            <input name="fullName" required autoComplete="name" />
          </Field>
        ) : null}
        <Field label="Email">
          <input name="email" type="email" required autoComplete="username" />
        </Field>
        <Field label="Password" hint={needsSetup ? 'At least 10 characters' : undefined}>
          <input
            name="password"
            type="password"
            required
            minLength={needsSetup ? 10 : 1}
            autoComplete={needsSetup ? 'new-password' : 'current-password'}
          />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" class="primary" disabled={isBusy}>
          {needsSetup ? 'Create admin' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
