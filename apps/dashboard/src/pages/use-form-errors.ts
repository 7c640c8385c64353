import { useState } from 'preact/hooks';
import { errorText } from '../ui/components.tsx';
import { fieldErrorOf, type FieldError } from './field-errors.ts';
import type { FieldSpec } from './resource-specs.ts';

/**
 * A hand-built form's errors: said at the field they are about, in words (`fieldErrorOf`), or
 * under the form when they are about none of `fields`.
 *
 * @example
 * const errors = useFormErrors(FIELDS);
 * api.post('/webhooks', body).then(done, errors.fail);
 * <Field label="Receiver URL" error={errors.atField('url')}>…</Field>
 */
export function useFormErrors(fields: readonly FieldSpec[]) {
  const [fieldError, setFieldError] = useState<FieldError | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  return {
    formError,
    atField: (name: string) => (fieldError?.name === name ? fieldError.text : undefined),
    clear: () => {
      setFieldError(null);
      setFormError(null);
    },
    fail: (error: unknown) => {
      const at = fieldErrorOf(fields, error);
      setFieldError(at);
      setFormError(at ? null : errorText(error));
    },
  };
}
