/**
 * Waits for `work`, but no longer than `ms`: shutdown steps are bounded, so a stop ends even if
 * an answer or a socket hangs. The work itself goes on; only the wait ends.
 *
 * @example
 * await waitAtMost(conversations.stopAnswers(), config.SHUTDOWN_TIMEOUT_MS);
 */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
