import { notifications } from '@mantine/notifications';
import { ApiError } from './api.js';
import { errorSentence } from './errorWords.js';

/** What went wrong, in the person's words (never an operation name or a field as a tool spells it). */
export function errorMessage(error: unknown): string {
  return errorSentence(error);
}

/** Shows a failure the person did not see inline. The sign-in page already explains a 401. */
export function notifyError(title: string, error: unknown): void {
  if (error instanceof ApiError && error.signedOut) return;
  notifications.show({ color: 'red', title, message: errorMessage(error), autoClose: 8000 });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'green', message, autoClose: 3000 });
}

export function notifyInfo(message: string): void {
  notifications.show({ message, autoClose: 3000 });
}
