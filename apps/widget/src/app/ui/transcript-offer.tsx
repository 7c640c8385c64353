import { useState } from 'preact/hooks';
import type { ChatClient } from '../chat/chat-client.ts';
import { ContactForm } from './contact-form.tsx';
import type { Strings } from './i18n.ts';

/** At the end of a conversation: the transcript by email, asking where to send it first. */
export function TranscriptOffer({
  client,
  t,
  contactEmail,
}: {
  client: ChatClient;
  t: Strings;
  contactEmail: string | null;
}) {
  const [step, setStep] = useState<'offer' | 'address' | 'sent'>('offer');
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    const refusal = await client.requestTranscript();
    setError(refusal);
    if (!refusal) setStep('sent');
  };
  if (step === 'sent' && contactEmail)
    return <p role="status">{t.transcriptSent.replace('{email}', contactEmail)}</p>;
  if (step === 'address')
    return (
      <ContactForm
        t={t}
        savedEmail={null}
        isConfirmed={false}
        onSave={async (email, name) => {
          const refusal = await client.leaveContact(email, name);
          if (!refusal) await send();
          return refusal;
        }}
      />
    );
  return (
    <p>
      <button
        type="button"
        class="lnk"
        onClick={() => (contactEmail ? void send() : setStep('address'))}
      >
        {t.transcript}
      </button>
      {error && (
        <span class="err" role="alert">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}
