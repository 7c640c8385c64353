import { validatePromptTemplate } from '@parley/ai';
import { ZPromptTemplateCreateSchema, ZPromptTemplateUpdateSchema } from '@parley/protocol';
import type { Database, PromptTemplate } from '@parley/db';
import type { CrudResource } from './crud-routes.ts';

/** Named prompt templates; unknown `{{variables}}` are refused when saved (SPEC §5). */
export function promptTemplatesResource(db: Database): CrudResource<PromptTemplate> {
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
    order: [['name', 'ASC']],
    readRoles: ['admin'],
    toCreate: prepare,
    toUpdate: prepare,
  };
}
