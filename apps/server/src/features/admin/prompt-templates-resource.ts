import { validatePromptTemplate } from '@parley/ai';
import {
  ZPromptTemplateCreateSchema,
  ZPromptTemplateUpdateSchema,
  type TPromptTemplate,
} from '@parley/protocol';
import type { Database, PromptTemplate } from '@parley/db';
import type { CrudResource } from './crud-routes.ts';
import { presentPromptTemplate } from './resource-presenters.ts';

/** Named prompt templates; unknown `{{variables}}` are refused when saved (SPEC §5). */
export function promptTemplatesResource(
  db: Database,
): CrudResource<PromptTemplate, TPromptTemplate> {
  const prepare = (input: Record<string, unknown>) => {
    if (typeof input.template !== 'string') return Promise.resolve(input);
    const variables = validatePromptTemplate(input.template, 'template');
    return Promise.resolve({ ...input, variables });
  };
  return {
    path: 'prompt-templates',
    auditName: 'prompt-template',
    model: db.models.PromptTemplate,
    createSchema: ZPromptTemplateCreateSchema,
    updateSchema: ZPromptTemplateUpdateSchema,
    present: presentPromptTemplate,
    order: [['name', 'ASC']],
    readRoles: ['admin'],
    toCreate: prepare,
    toUpdate: prepare,
  };
}
