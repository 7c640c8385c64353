import { useState } from 'preact/hooks';
import { ResourcePage } from './resource-page.tsx';
import type { RefSpec, ResourceSpec } from './resource-specs.ts';
import { WidgetPreview } from './widget-preview.tsx';

/** The script tag a site owner pastes, pointing at this server. */
export function embedSnippet(origin: string, widgetKey: string): string {
  return `<script async src="${origin}/widget.js" data-widget-key="${widgetKey}"></script>`;
}

/** Says when the allowed origins open the widget to every site, or to none yet. */
function OriginsNotice(props: { origins: unknown }) {
  const origins = Array.isArray(props.origins) ? props.origins.map(String) : [];
  if (origins.some((origin) => origin.trim() === '*'))
    return (
      <p class="notice warning" role="alert" data-testid="origins-warning">
        Allowed origins contains <code>*</code>: any website can embed this widget and chat on your
        account. List the sites that embed it instead.
      </p>
    );
  if (origins.length === 0)
    return (
      <p class="notice" role="status" data-testid="origins-warning">
        No allowed origins yet: the widget works on no website until you list the ones that embed
        it.
      </p>
    );
  return null;
}

/**
 * Says when the assistant will refuse every question: restricted to the topics of a rule, with
 * no rule (and no page routed to one), it has none.
 */
function AnswersNotice(props: { item: Record<string, unknown> }) {
  const { contextMode, contextRuleId, contextRoutes } = props.item;
  const isRestricted = (contextMode ?? 'restricted') === 'restricted';
  const hasRoutes = Array.isArray(contextRoutes) && contextRoutes.length > 0;
  if (!isRestricted || contextRuleId || hasRoutes) return null;
  return (
    <p class="notice warning" role="alert" data-testid="answers-warning">
      Context mode is restricted but no context rule is chosen: the assistant refuses every
      question, since it has no topics to keep to. Choose a context rule, or set the mode to open.
    </p>
  );
}

function WidgetExtras(props: { item: Record<string, unknown> }) {
  const key = String(props.item.widgetKey);
  const snippet = embedSnippet(location.origin, key);
  const [copied, setCopied] = useState(false);
  const secret = props.item.identitySecret;
  return (
    <div class="card">
      <OriginsNotice origins={props.item.allowedOrigins} />
      <AnswersNotice item={props.item} />
      <h2>Embed</h2>
      <pre class="snippet" data-testid="embed-snippet">
        {snippet}
      </pre>
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard.writeText(snippet).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? 'Copied' : 'Copy snippet'}
      </button>
      {typeof secret === 'string' ? (
        <p class="notice" role="status">
          Identity secret (shown only now): <code>{secret}</code>
        </p>
      ) : null}
      <h2>Live preview</h2>
      <WidgetPreview
        widgetId={String(props.item.id)}
        widgetKey={key}
        isActive={props.item.isActive !== false}
        version={String(props.item.updatedAt)}
      />
    </div>
  );
}

/** Context rules offered by name, with their version. */
const RULE_PICKS: RefSpec = {
  path: '/context-rules',
  labelOf: (item) => `${String(item.name)} (v${String(item.version)})`,
};

const WIDGETS: ResourceSpec = {
  title: 'Widgets',
  path: '/widgets',
  labelOf: (item) => String(item.name),
  fields: [
    { name: 'name', label: 'Name', kind: 'text', isRequired: true },
    {
      name: 'allowedOrigins',
      label: 'Allowed origins',
      kind: 'list',
      hint: 'One per line, e.g. https://shop.example.com or https://*.example.com. Empty: no site. * : every site (not recommended).',
      isRequired: true,
    },
    { name: 'title', label: 'Title', kind: 'text' },
    { name: 'greeting', label: 'Greeting', kind: 'textarea' },
    { name: 'placeholder', label: 'Placeholder', kind: 'text' },
    { name: 'primaryColor', label: 'Colour', kind: 'color' },
    {
      name: 'position',
      label: 'Position',
      kind: 'select',
      options: ['bottom-right', 'bottom-left', 'top-right', 'top-left'],
    },
    { name: 'theme', label: 'Theme', kind: 'select', options: ['auto', 'light', 'dark'] },
    {
      name: 'locale',
      label: 'Locale',
      kind: 'text',
      hint: 'en, fr, de…',
      invalidText: 'Must be a language code like en, fr or pt-BR.',
    },
    {
      name: 'contextMode',
      label: 'Context mode',
      kind: 'select',
      options: ['restricted', 'open', 'custom'],
    },
    { name: 'contextName', label: 'Context name', kind: 'text' },
    {
      name: 'contextRuleId',
      label: 'Context rule',
      kind: 'ref',
      ref: { ...RULE_PICKS, noneLabel: '(none: the widget’s own settings)' },
    },
    {
      name: 'providerKeyIds',
      label: 'Provider key ids',
      kind: 'list',
      hint: 'One per line, in fallback order. Empty: the installation’s provider.',
    },
    {
      name: 'contextRoutes',
      label: 'Page routes',
      kind: 'routes',
      ref: RULE_PICKS,
      hint: 'Pages whose path matches a pattern (* is any text) use that rule; the first match wins.',
    },
    { name: 'initiallyOpen', label: 'Open on page load', kind: 'bool' },
    { name: 'showOnMobile', label: 'Show on mobile', kind: 'bool', isDefaultOn: true },
    {
      name: 'handoffEnabled',
      label: 'Visitors may ask for a person',
      kind: 'bool',
      isDefaultOn: true,
    },
    {
      name: 'replyWithinHours',
      label: 'When nobody is online, promise a reply within (hours)',
      kind: 'number',
      hint: 'Shown in the widget: "We usually reply within 4 h". Empty: "We\u2019ll reply as soon as we can".',
    },
    {
      name: 'officeHours',
      label: 'Office hours',
      kind: 'officeHours',
      hint: 'Outside these hours the widget says when you are back. A time of 00:00 at the end means midnight.',
    },
    {
      name: 'handoffWaitingMessage',
      label: 'While a person is awaited, say once',
      kind: 'textarea',
      hint: "Empty: the assistant waits quietly. E.g. A person has been asked to join; they'll reply here.",
    },
    {
      name: 'identityVerification',
      label: 'Require identity verification (new secret)',
      kind: 'bool',
    },
    { name: 'isActive', label: 'Active', kind: 'bool', isDefaultOn: true },
  ],
  header: (item) => <WidgetExtras item={item} />,
};

export function WidgetsPage() {
  return <ResourcePage spec={WIDGETS} />;
}
