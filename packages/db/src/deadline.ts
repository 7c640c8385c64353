/**
 * `work`, or a rejection with `late()` once `timeoutMs` has passed; `work` itself goes on.
 *
 * @example
 *   const rows = await withDeadline(query(), 3_000, () => new Error('no answer in 3 s'));
 */
export function withDeadline<T>(
  work: Promise<T>,
  timeoutMs: number,
  late: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), timeoutMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
