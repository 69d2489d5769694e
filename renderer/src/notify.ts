import { notifications } from '@mantine/notifications';
import { ApiError } from './api.js';

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
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
