import { AppError } from '@parley/protocol';

/**
 * The one check of what a person writes (a visitor on the widget, an agent on the dashboard or
 * over REST): empty or whitespace-only is INVALID_PAYLOAD; over the configured length
 * MESSAGE_TOO_LONG, with the limit in `details.max`.
 *
 * @example
 * assertMessageContent(input.content, config.MAX_MESSAGE_LENGTH);
 */
export function assertMessageContent(content: string, maxLength: number): void {
  if (content.trim() === '')
    throw new AppError('INVALID_PAYLOAD', 'content must not be empty', { field: 'content' });
  if (content.length > maxLength)
    throw new AppError('MESSAGE_TOO_LONG', `A message can be at most ${maxLength} characters`, {
      field: 'content',
      max: maxLength,
    });
}
