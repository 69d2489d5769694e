import { useState } from 'react';
import { ApiError } from '../../api.js';
import { issueSentence, messageSentence, type FieldLabels } from '../../errorWords.js';

/**
 * The server's issues placed at the form's fields (by the first segment of their path, or as mapped),
 * the rest shown above the form. Returns false when the error is not about the input, so the caller
 * notifies instead.
 */
export function useServerErrors<F extends string>(fieldOf: (path: string) => F | undefined, labels: FieldLabels = {}) {
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<F, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);

  const show = (error: unknown): boolean => {
    if (!(error instanceof ApiError) || error.issues.length === 0) {
      if (error instanceof ApiError && error.code !== 'internal' && error.code !== 'external') {
        setFieldErrors({});
        setFormErrors([messageSentence(error.code, error.message, labels)]);
        return true;
      }
      setFormErrors([]);
      return false;
    }
    const placed: Partial<Record<F, string>> = {};
    const unplaced: string[] = [];
    for (const issue of error.issues) {
      const field = fieldOf(issue.path);
      const sentence = issueSentence(issue, labels);
      if (field) placed[field] = placed[field] ? `${placed[field]} ${sentence}` : sentence;
      else unplaced.push(sentence);
    }
    // An input error is told by its issues; a conflict's message also says what clashed.
    const summary = error.code !== 'invalid_input' ? [messageSentence(error.code, error.message, labels)] : [];
    setFieldErrors(placed);
    setFormErrors([...new Set([...summary, ...unplaced])]);
    return true;
  };

  const clearField = (field: F) =>
    setFieldErrors((current) => {
      if (!(field in current)) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });

  const reset = () => {
    setFieldErrors({});
    setFormErrors([]);
  };

  return { fieldErrors, formErrors, show, clearField, reset };
}

/**
 * A decimal as typed, in the person's notation ("12,50" or "12.50"); anything else is sent as typed so
 * that the server's message names the problem at the field.
 */
export function parseDecimal(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^-?\d+([.,]\d+)?$/.test(trimmed)) return Number(trimmed.replace(',', '.'));
  return trimmed;
}

export function parseInteger(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^[-+]?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}
