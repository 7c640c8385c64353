import { describe, expect, it } from 'vitest';
import { isDeadlock, retryOnDeadlock } from './retry-on-deadlock.ts';

/** The shape Sequelize gives a driver error: the driver's own error as `parent`. */
const driverError = (code: string) =>
  Object.assign(new Error('Deadlock found when trying to get lock'), { parent: { code } });

describe('running a deadlock victim again', () => {
  it('runs the transaction again after a deadlock, and gives its result', async () => {
    let runs = 0;
    const result = await retryOnDeadlock(() => {
      runs += 1;
      return runs < 3 ? Promise.reject(driverError('ER_LOCK_DEADLOCK')) : Promise.resolve('ok');
    });
    expect([result, runs]).toEqual(['ok', 3]);
  });

  it('gives up after the last attempt, and never repeats other errors', async () => {
    let runs = 0;
    await expect(
      retryOnDeadlock(() => {
        runs += 1;
        return Promise.reject(driverError('ER_LOCK_DEADLOCK'));
      }, 2),
    ).rejects.toThrow('Deadlock');
    expect(runs).toBe(2);
    runs = 0;
    await expect(
      retryOnDeadlock(() => {
        runs += 1;
        return Promise.reject(driverError('ER_NO_REFERENCED_ROW_2'));
      }),
    ).rejects.toThrow();
    expect(runs).toBe(1);
    expect(isDeadlock(new Error('plain'))).toBe(false);
  });
});
