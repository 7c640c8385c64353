import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useBrowserSuite } from './support/browser-suite.ts';

/** Knowledge bases that keep their text, failures that say why, a dry run in words. */
describe('knowledge and rules in chromium', () => {
  const suite = useBrowserSuite();
  const openAt = async (section: string) => {
    const page = await suite.open();
    await page.getByRole('navigation').getByRole('link', { name: section }).click();
    return page;
  };

  it('keeps a text knowledge base’s text when only its description is edited', async () => {
    const text = '# Returns\n\nReturns are free within 30 days of delivery.';
    const admin = await openAt('Knowledge');
    const form = admin.locator('form').filter({ has: admin.getByRole('heading', { name: 'New' }) });
    await form.getByLabel('Name', { exact: true }).fill('Returns policy');
    await form.getByRole('combobox', { name: 'Source' }).selectOption('text');
    await form.getByLabel('Text (for text sources)').fill(text);
    await form.getByRole('button', { name: 'Create' }).click();
    const created = admin.getByRole('button', { name: /Returns policy · ready/ });
    await created.waitFor({ timeout: 20_000 });
    const indexedAs = Number(/ · v(\d+)/.exec(await created.innerText())?.[1]);

    await admin.getByRole('button', { name: 'New' }).click();
    await admin.getByRole('button', { name: /Returns policy · ready/ }).click();
    const textBox = admin.getByLabel('Text (for text sources)');
    await expect.poll(() => textBox.inputValue()).toBe(text);
    await admin.getByLabel('Description').fill('What we tell people about returns');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    await admin
      .getByRole('button', { name: `Returns policy · ready · v${indexedAs + 1}` })
      .waitFor({ timeout: 20_000 });
    // The form's heading follows the list, not the answer to the save (pending, one version back).
    await admin
      .getByRole('heading', { name: `Edit Returns policy · ready · v${indexedAs + 1}` })
      .waitFor({ timeout: 5_000 });
    await admin.screenshot({ path: `${ARTIFACTS}knowledge-edit-keeps-text.png` });
    // Indexing is not an edit: the same form saves again without a conflict.
    await admin.getByLabel('Description').fill('Returns, refunds and labels');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin
      .getByRole('button', { name: `Returns policy · ready · v${indexedAs + 2}` })
      .waitFor({ timeout: 20_000 });
    expect(await admin.getByRole('alert').count()).toBe(0);

    const stored = await suite.stack.db.models.KnowledgeBaseConfig.findOne({
      where: { name: 'Returns policy' },
    });
    expect(stored?.content).toBe(text);
    expect(stored?.description).toBe('Returns, refunds and labels');
    expect(await textBox.inputValue()).toBe(text);
  });

  it('shows a URL source that could not be fetched as failed, with the reason', async () => {
    const admin = await openAt('Knowledge');
    const form = admin.locator('form').filter({ has: admin.getByRole('heading', { name: 'New' }) });
    await form.getByLabel('Name', { exact: true }).fill('Internal wiki');
    await form.getByRole('combobox', { name: 'Source' }).selectOption('url');
    await form.getByLabel('URL (for url sources)').fill('http://127.0.0.1:9/wiki');
    await form.getByRole('button', { name: 'Create' }).click();
    // The detail panel of the item just created follows its status to the end.
    const status = admin.getByTestId('kb-status');
    await status.filter({ hasText: 'failed' }).waitFor({ timeout: 20_000 });
    expect(await status.textContent()).toMatch(/^Status: failed — \S.{5,}/);
    await admin.getByRole('button', { name: /Internal wiki · failed/ }).waitFor();
    await admin.screenshot({ path: `${ARTIFACTS}knowledge-url-failed.png` });
  });

  it('refuses to save a rule another admin saved meanwhile, and keeps what they saved', async () => {
    const rule = await suite.stack.db.models.ContextRule.create({
      name: 'Two admins',
      contextType: 'general',
      refusalMessage: 'As it was.',
    });
    const openRule = async () => {
      const page = await openAt('Context rules');
      await page.getByRole('button', { name: /Two admins/ }).click();
      await expect.poll(() => page.getByLabel('Refusal message').inputValue()).toBe('As it was.');
      return page;
    };
    const first = await openRule();
    const second = await openRule();
    await first.getByLabel('Refusal message').fill('Written by the first admin.');
    await first.getByRole('button', { name: 'Save' }).click();
    await first.getByRole('status').filter({ hasText: 'saved' }).waitFor();

    await second.getByLabel('Refusal message').fill('Written by the second admin.');
    await second.getByRole('button', { name: 'Save' }).click();
    await second
      .getByRole('alert')
      .filter({ hasText: 'Someone saved this since you opened it' })
      .waitFor();
    // What the second admin typed stays in the form to copy, and the stored text is the first's.
    expect(await second.getByLabel('Refusal message').inputValue()).toBe(
      'Written by the second admin.',
    );
    await rule.reload();
    expect(rule.refusalMessage).toBe('Written by the first admin.');
    await second.screenshot({ path: `${ARTIFACTS}rules-edit-conflict.png` });
  });

  it('says in words why the dry run answered or refused, with the matched terms', async () => {
    await suite.stack.db.models.ContextRule.create({
      name: 'Pricing help',
      contextType: 'general',
      keywords: ['pricing', 'price'],
      excludedTopics: ['refund'],
      refusalMessage: 'I can only help with pricing.',
    });
    const admin = await openAt('Context rules');
    await admin.getByRole('button', { name: /Pricing help/ }).click();
    const ask = async (question: string) => {
      await admin.getByLabel('Question', { exact: true }).fill(question);
      await admin.getByRole('button', { name: 'Run', exact: true }).click();
      await admin
        .getByTestId('dry-run-decision')
        .filter({ hasText: /because/ })
        .waitFor();
    };

    await ask('What is your pricing for teams?');
    const decision = admin.getByTestId('dry-run-decision');
    expect(await decision.textContent()).toBe(
      'Answered, because it mentions one of the rule’s keywords',
    );
    expect(await admin.getByTestId('dry-run-keywords').textContent()).toBe('pricing');
    expect(await admin.getByTestId('dry-run-excluded').textContent()).toBe('none');

    await ask('Can I get a refund on the price?');
    await decision.filter({ hasText: 'Refused' }).waitFor();
    expect(await decision.textContent()).toBe('Refused, because it mentions an excluded topic');
    expect(await admin.getByTestId('dry-run-excluded').textContent()).toBe('refund');
    await admin.screenshot({ path: `${ARTIFACTS}dry-run-in-words.png` });
  });
});
