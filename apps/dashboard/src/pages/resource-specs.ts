import type { ComponentChildren } from 'preact';
import { asText } from '../ui/components.tsx';

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'list'
  | 'bool'
  | 'number'
  | 'json'
  | 'secret'
  | 'select'
  /** A hex colour: the browser's colour picker with the hex text beside it. */
  | 'color'
  /** The id of one item of another resource, picked by name (`ref`). */
  | 'ref'
  /** Ids of several items of another resource, ticked by name (`ref`). */
  | 'refs'
  /** Widget page routes: rows of URL pattern → context rule (`ref` lists the rules). */
  | 'routes'
  /** A widget's office hours: a time zone, weekly openings and holidays, edited as rows. */
  | 'officeHours';

/** Where a picker finds the items it offers, and how it names them. */
export interface RefSpec {
  /** REST list path under /api/v1, e.g. `/context-rules`. */
  path: string;
  labelOf: (item: Record<string, unknown>) => string;
  /** What the empty choice of a single picker says, e.g. "(none: the widget's defaults)". */
  noneLabel?: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  options?: string[];
  ref?: RefSpec;
  hint?: string;
  /** Said at the field when the server finds the value not in the expected format. */
  invalidText?: string;
  /** Only sent when creating (e.g. a password set once). */
  isCreateOnly?: boolean;
  isRequired?: boolean;
  /** A checkbox that starts ticked on a new item (the column's default is true). */
  isDefaultOn?: boolean;
}

export interface ResourceSpec {
  title: string;
  /** REST path under /api/v1, e.g. `/widgets`. */
  path: string;
  /** Attribute shown as the item's name in the list. */
  labelOf: (item: Record<string, unknown>) => string;
  fields: FieldSpec[];
  /** Panel above the form of a saved item: what the admin came for (embed code, preview…). */
  header?: (item: Record<string, unknown>) => ComponentChildren;
  /** Extra panel under the form of a saved item (dry run…). */
  extra?: (item: Record<string, unknown>) => ComponentChildren;
  /** The list leaves out long fields: the form reads the item itself (`GET path/:id`). */
  loadsItem?: boolean;
  /** Re-read the list every 1.5 s while this holds (e.g. knowledge still indexing). */
  isRefreshing?: (items: Record<string, unknown>[]) => boolean;
}

export const PROMPT_VARIABLES_HINT =
  'Variables: {{question}} {{history}} {{knowledge}} {{context_name}} {{visitor_name}} {{page_url}} {{page_title}} {{date}}';

export const PROMPT_TEMPLATES: ResourceSpec = {
  title: 'Prompt templates',
  path: '/prompt-templates',
  labelOf: (item) => String(item.name),
  fields: [
    { name: 'name', label: 'Name', kind: 'text', isRequired: true },
    { name: 'description', label: 'Description', kind: 'text' },
    {
      name: 'template',
      label: 'Template',
      kind: 'textarea',
      hint: PROMPT_VARIABLES_HINT,
      isRequired: true,
    },
    { name: 'category', label: 'Category', kind: 'text' },
    { name: 'isActive', label: 'Active', kind: 'bool', isDefaultOn: true },
  ],
};

export const CANNED_REPLIES: ResourceSpec = {
  title: 'Canned replies',
  path: '/canned-replies',
  labelOf: (item) => `/${String(item.shortcut)} · ${String(item.title)}`,
  fields: [
    {
      name: 'shortcut',
      label: 'Shortcut',
      kind: 'text',
      hint: 'Agents type /shortcut in a reply to insert the text',
      isRequired: true,
    },
    { name: 'title', label: 'Title', kind: 'text', isRequired: true },
    { name: 'content', label: 'Text', kind: 'textarea', isRequired: true },
  ],
};

export const MODERATION_RULES: ResourceSpec = {
  title: 'Moderation rules',
  path: '/moderation-rules',
  labelOf: (item) => `${String(item.name)} (${String(item.action)})`,
  fields: [
    { name: 'name', label: 'Name', kind: 'text', isRequired: true },
    {
      name: 'pattern',
      label: 'Pattern',
      kind: 'text',
      hint: 'A plain phrase unless “Regular expression” is on',
      isRequired: true,
    },
    { name: 'isRegex', label: 'Regular expression', kind: 'bool' },
    { name: 'action', label: 'Action', kind: 'select', options: ['flag', 'block', 'replace'] },
    { name: 'replacement', label: 'Replacement (for replace)', kind: 'text' },
    { name: 'isActive', label: 'Active', kind: 'bool', isDefaultOn: true },
  ],
};

export const USERS: ResourceSpec = {
  title: 'Users',
  path: '/users',
  labelOf: (item) => `${String(item.fullName)} <${String(item.email)}> (${String(item.role)})`,
  fields: [
    { name: 'email', label: 'Email', kind: 'text', isCreateOnly: true, isRequired: true },
    { name: 'fullName', label: 'Full name', kind: 'text', isRequired: true },
    { name: 'role', label: 'Role', kind: 'select', options: ['agent', 'admin'] },
    {
      name: 'password',
      label: 'Password',
      kind: 'secret',
      hint: 'At least 10 characters. Needed for a new user; when editing, leave empty to keep it.',
    },
    { name: 'isActive', label: 'Active', kind: 'bool', isDefaultOn: true },
  ],
};

export const PROVIDER_KEYS: ResourceSpec = {
  title: 'Provider keys',
  path: '/provider-keys',
  labelOf: (item) => `${String(item.service)} ${asText(item.name)} ${asText(item.keyHint)}`,
  fields: [
    { name: 'service', label: 'Service', kind: 'text', hint: 'e.g. openai', isRequired: true },
    { name: 'name', label: 'Name', kind: 'text' },
    {
      name: 'baseUrl',
      label: 'Base URL',
      kind: 'text',
      invalidText: 'Must be a web address like https://api.example.com/v1.',
    },
    { name: 'keyValue', label: 'Key', kind: 'secret', hint: 'Stored encrypted; never shown again' },
    {
      name: 'models',
      label: 'Models',
      kind: 'list',
      hint: 'One per line, tried in order. Empty: the rule’s or the default model.',
    },
    { name: 'isActive', label: 'Active', kind: 'bool', isDefaultOn: true },
  ],
};

/** Who a ban covers, as the list shows it. */
function banTarget(item: Record<string, unknown>): string {
  return typeof item.ipAddress === 'string'
    ? `IP ${item.ipAddress}`
    : `Visitor ${String(item.visitorId).slice(0, 8)}`;
}

/** Until when a ban holds, or that it is over. */
function banSpan(expiresAt: unknown): string {
  if (typeof expiresAt !== 'string') return 'for good';
  const end = new Date(expiresAt);
  return end.getTime() <= Date.now() ? 'ended' : `until ${end.toLocaleString()}`;
}

export const BANS: ResourceSpec = {
  title: 'Bans',
  path: '/bans',
  labelOf: (item) => `${banTarget(item)} · ${banSpan(item.expiresAt)} · ${String(item.reason)}`,
  fields: [
    { name: 'visitorId', label: 'Visitor id', kind: 'text', isCreateOnly: true },
    {
      name: 'ipAddress',
      label: 'IP address',
      kind: 'text',
      isCreateOnly: true,
      invalidText: 'Must be an IPv4 or IPv6 address, like 203.0.113.7 or 2001:db8::1.',
    },
    { name: 'reason', label: 'Reason', kind: 'text', isRequired: true },
    {
      name: 'expiresAt',
      label: 'Expires at (ISO date-time, empty = never)',
      kind: 'text',
      invalidText: 'Must be a date and time like 2026-12-31T18:00:00Z, or empty for never.',
    },
  ],
};
