import { useEffect, useState } from 'preact/hooks';
import type { TAuthResponse, TSetupStatus } from '@parley/protocol';
import type { ApiClient } from '../api/api-client.ts';
import { ErrorNote, errorText, Field } from '../ui/components.tsx';

/** The one-time setup token of the link a fresh server prints (`/admin/setup?token=…`). */
function setupTokenOfLink(): string {
  return new URLSearchParams(location.search).get('token') ?? '';
}

/** Sign-in, or "create the first admin" while there is none. */
export function LoginPage(props: { api: ApiClient; onSignedIn: () => void }) {
  const [needsSetup, setNeedsSetup] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [linkToken] = useState(setupTokenOfLink);
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
      // The token has done its job: keep it out of the address bar and the history.
      if (needsSetup) history.replaceState(null, '', '/admin/');
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
        {needsSetup ? <SetupTokenField linkToken={linkToken} /> : null}
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

/**
 * Opened from the server's link, the token rides along unseen. Opened without it, the form says
 * where the link is and takes a pasted token instead.
 */
function SetupTokenField({ linkToken }: { linkToken: string }) {
  if (linkToken) return <input type="hidden" name="setupToken" value={linkToken} />;
  return (
    <>
      <p class="notice" role="status">
        Creating the first admin needs the one-time setup token. Open the link the Parley server
        printed in its log when it started (“Create the first one here: …”), or paste the token (or
        the operator’s PARLEY_SETUP_TOKEN) below.
      </p>
      <Field label="Setup token">
        <input name="setupToken" required autoComplete="off" spellcheck={false} />
      </Field>
    </>
  );
}
