import { describe, expectTypeOf, it } from 'vitest';
import type { TProviderKey, TWidget } from '@parley/protocol';
import type { ApiKey, WidgetConfig } from '@parley/db';
import type { CrudResource } from '../src/features/admin/crud-routes.ts';
import { presentProviderKey, presentWidget } from '../src/features/admin/resource-presenters.ts';

/*
 * The server's answers are typed by protocol: a field renamed in a response schema stops the
 * presenter compiling (checked by `pnpm typecheck`, which covers test/). Each `@ts-expect-error`
 * below is a rename or a leak that must not compile; if the types went loose, the directive
 * itself would fail.
 */

/** TWidget as it would be with `title` renamed to `heading` in protocol. */
type WidgetWithRenamedTitle = Omit<TWidget, 'title'> & { heading: string };

describe('admin presenters', () => {
  it('answer exactly the protocol shape', () => {
    expectTypeOf(presentWidget).returns.toEqualTypeOf<TWidget>();
    expectTypeOf(presentProviderKey).returns.toEqualTypeOf<TProviderKey>();
  });

  it('stop compiling when the schema renames a field', () => {
    // @ts-expect-error the presenter still answers `title`, the renamed schema wants `heading`
    const renamed: (row: WidgetConfig) => WidgetWithRenamedTitle = presentWidget;
    void renamed;
  });

  it('cannot answer a column the schema does not name', () => {
    // Presenters declare their protocol return type, so an extra field is an excess property.
    const leaky = (row: ApiKey): TProviderKey => ({
      ...presentProviderKey(row),
      // @ts-expect-error the stored key is not part of a provider key's answer
      keyValue: row.keyValue,
    });
    const resource: Pick<CrudResource<ApiKey, TProviderKey>, 'present'> = { present: leaky };
    void resource;
  });
});
