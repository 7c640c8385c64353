import { useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { asText, ErrorNote, errorText, Field } from '../ui/components.tsx';
import { ResourcePage } from './resource-page.tsx';
import type { ResourceSpec } from './resource-specs.ts';

const TYPES: Record<string, string> = { md: 'text/markdown', txt: 'text/plain', html: 'text/html' };

function Upload(props: { onDone: () => void }) {
  const { api } = useApp();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const upload = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    const name = (form.elements.namedItem('name') as HTMLInputElement).value || file?.name || '';
    if (!file) return;
    const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
    setError(null);
    try {
      const params = new URLSearchParams({ name, fileName: file.name });
      await api.upload(
        `/knowledge-bases/upload?${params.toString()}`,
        await file.text(),
        TYPES[ext] ?? 'text/plain',
      );
      setStatus(`Uploaded ${file.name}; indexing…`);
      form.reset();
      props.onDone();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form class="card" onSubmit={(event) => void upload(event)}>
      <h2>Upload a file</h2>
      <Field label="Name">
        <input name="name" />
      </Field>
      <Field label="File" hint=".txt, .md or .html, up to 2 MB">
        <input name="file" type="file" accept=".txt,.md,.html" required />
      </Field>
      <button type="submit" class="primary">
        Upload
      </button>
      {status ? <p role="status">{status}</p> : null}
      <ErrorNote error={error} />
    </form>
  );
}

const KNOWLEDGE: ResourceSpec = {
  title: 'Knowledge bases',
  path: '/knowledge-bases',
  labelOf: (item) => `${String(item.name)} · ${String(item.status)} · v${String(item.version)}`,
  loadsItem: true,
  fields: [
    { name: 'name', label: 'Name', kind: 'text', isRequired: true },
    { name: 'description', label: 'Description', kind: 'text' },
    {
      name: 'sourceType',
      label: 'Source',
      kind: 'select',
      options: ['text', 'url'],
      isCreateOnly: true,
    },
    { name: 'content', label: 'Text (for text sources)', kind: 'textarea' },
    { name: 'url', label: 'URL (for url sources)', kind: 'text' },
    { name: 'isActive', label: 'Active', kind: 'bool', isDefaultOn: true },
  ],
  isRefreshing: (items) =>
    items.some((item) => item.status === 'pending' || item.status === 'indexing'),
  extra: (item) => (
    <p class={item.status === 'failed' ? 'error' : 'muted'} role="status" data-testid="kb-status">
      Status: {String(item.status)}
      {item.statusMessage ? ` — ${asText(item.statusMessage)}` : ''}
    </p>
  ),
};

export function KnowledgePage() {
  const [round, setRound] = useState(0);
  return (
    <>
      <ResourcePage key={round} spec={KNOWLEDGE} />
      <Upload onDone={() => setRound(round + 1)} />
    </>
  );
}
