import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@parley/db';
import { DATABASE_KINDS } from '@parley/test-kit';
import { useMigratedDatabase } from '@parley/db/test-support';
import { resolveRule, type PipelineWidget } from './resolve-context.ts';
import { DEFAULT_PROMPT_TEMPLATE } from '../prompts/prompt-template.ts';

describe.each(DATABASE_KINDS)('the prompt template a rule answers with, on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let db: Database;
  beforeAll(() => {
    db = database();
  });

  const templateFor = async (rule: { promptTemplate?: string; promptTemplateId?: string }) => {
    const created = await db.models.ContextRule.create({
      name: `Rule ${Math.random()}`,
      contextType: 'shop',
      ...rule,
    });
    const widget: PipelineWidget = {
      contextMode: 'restricted',
      contextName: 'Shop',
      contextRuleId: created.id,
      contextRoutes: null,
      cacheTtlS: 3600,
    };
    return (await resolveRule(db, { widget, pageUrl: null })).template;
  };

  it('is the named template the admin picked, over text left in the rule', async () => {
    const named = await db.models.PromptTemplate.create({
      name: `Friendly ${Math.random()}`,
      template: 'Be friendly. {{question}}',
    });
    expect(
      await templateFor({ promptTemplate: 'Old text. {{question}}', promptTemplateId: named.id }),
    ).toBe('Be friendly. {{question}}');
  });

  it("is the rule's own text with no named template; the default once the picked one is off", async () => {
    expect(await templateFor({ promptTemplate: 'Own text. {{question}}' })).toBe(
      'Own text. {{question}}',
    );
    const off = await db.models.PromptTemplate.create({
      name: `Retired ${Math.random()}`,
      template: 'Retired. {{question}}',
      isActive: false,
    });
    expect(
      await templateFor({ promptTemplate: 'Own text. {{question}}', promptTemplateId: off.id }),
    ).toBe(DEFAULT_PROMPT_TEMPLATE);
  });
});
