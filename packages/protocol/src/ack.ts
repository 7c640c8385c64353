import type { TError } from './error-body.ts';

/** Every socket ack is a success-or-error envelope. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: TError };

/** The callback a client passes as the last argument of an event that expects an ack. */
export type AckCallback<T extends object = object> = (response: Ack<T>) => void;
