import type { EventBus } from './bus.js';

/** A UI's id for one call, so its progress events can find it: random, short, nothing else. */
export const CALL_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The `progress` of a call made by the person's UI (HTTP or the desktop relay): each step becomes a
 * `call.progress` event on this process's bus, which the UI's event stream carries back to it.
 * Undefined for a call without a (valid) id: nobody is listening for its progress.
 */
export function progressToBus(
  bus: EventBus,
  callId: unknown,
): ((done: number, total: number | undefined, message: string | undefined) => void) | undefined {
  if (typeof callId !== 'string' || !CALL_ID.test(callId)) return undefined;
  return (done, total, message) =>
    bus.publish({ type: 'call.progress', call_id: callId, done, total: total ?? null, message: message ?? null });
}
