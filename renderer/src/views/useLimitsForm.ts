import { useState, type FormEvent } from 'react';
import { ApiError } from '../api.js';
import { issueSentence } from '../errorWords.js';
import { useFocusFirstProblem } from '../components/useFocusFirstProblem.js';
import { useUnsavedChanges } from '../components/useUnsavedChanges.js';
import { notifyError, notifyInfo, notifySuccess } from '../notify.js';

const noChange = () => {};

/**
 * The state of a form that edits saved limits (the activity log's retention, the document history's):
 * a draft that is null until the person edits, so the form shows the server's values and their live
 * changes; checks before sending; the server's issues at their fields, the rest above the form.
 */
export function useLimitsForm<Saved, Draft, Field extends string, Changes>(options: {
  draftOf: (saved: Saved) => Draft;
  /** Only what changed; undefined when nothing did. */
  changesOf: (saved: Saved, draft: Draft) => Changes | undefined;
  /** Problems to fix before sending, by field. */
  check: (draft: Draft) => Partial<Record<Field, string>>;
  fields: readonly Field[];
  mutate: (changes: Changes, callbacks: { onSuccess: () => void; onError: (error: unknown) => void }) => void;
  pending: boolean;
  savedMessage: string;
  failedMessage: string;
}) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  // Leaving Settings with an edited limit asks first; render `prompt` with the form.
  const { prompt } = useUnsavedChanges(draft !== null, noChange, { guardPages: true });

  const valuesOf = (saved: Saved): Draft => draft ?? options.draftOf(saved);

  const set = (saved: Saved, patch: Partial<Draft>, field: Field) => {
    setDraft({ ...valuesOf(saved), ...patch });
    setErrors((current) => {
      const next = { ...current };
      delete next[field];
      return next;
    });
  };

  const discard = () => {
    setDraft(null);
    setErrors({});
    setFormErrors([]);
  };

  const submit = (saved: Saved) => (event: FormEvent) => {
    event.preventDefault();
    if (options.pending) return;
    setFormErrors([]);
    const values = valuesOf(saved);
    const missing = options.check(values);
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      focusFirstProblem();
      return;
    }
    const changes = options.changesOf(saved, values);
    if (!changes) {
      setDraft(null);
      notifyInfo('Nothing changed, so there was nothing to save.');
      return;
    }
    options.mutate(changes, {
      onSuccess: () => {
        setDraft(null);
        setErrors({});
        notifySuccess(options.savedMessage);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.issues.length > 0) {
          const placed: Partial<Record<Field, string>> = {};
          const unplaced: string[] = [];
          for (const issue of error.issues) {
            const sentence = issueSentence(issue);
            if ((options.fields as readonly string[]).includes(issue.path)) placed[issue.path as Field] = sentence;
            else unplaced.push(sentence);
          }
          setErrors(placed);
          setFormErrors(unplaced);
          focusFirstProblem();
        } else {
          notifyError(options.failedMessage, error);
        }
      },
    });
  };

  return { draft, errors, formErrors, formRef, valuesOf, set, discard, submit, prompt };
}
