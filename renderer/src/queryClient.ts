import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api.js';

// Retrying cannot fix input the server rejected, a missing record or a refused call; it may fix a
// server that was restarting.
const FINAL_CODES = new Set(['invalid_input', 'not_found', 'conflict', 'forbidden']);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (failureCount, error) =>
          !(error instanceof ApiError && (error.signedOut || FINAL_CODES.has(error.code))) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}
