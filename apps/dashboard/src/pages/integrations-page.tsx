import { Page } from '../ui/components.tsx';
import { ApiKeysSection } from './api-keys-section.tsx';
import { OutboxSection } from './outbox-section.tsx';
import { WebhooksSection } from './webhooks-section.tsx';

/** What leaves Parley: webhooks, API keys for other systems, and mail. */
export function IntegrationsPage() {
  return (
    <Page title="Integrations">
      <WebhooksSection />
      <ApiKeysSection />
      <OutboxSection />
    </Page>
  );
}
