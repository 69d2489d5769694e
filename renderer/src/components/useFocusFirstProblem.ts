import { useEffect, useRef, useState } from 'react';

/**
 * After a rejected submit, moves focus to the first field the server complained about (or brings the
 * form's error message into view), since in a long form it may be scrolled out of sight.
 */
export function useFocusFirstProblem() {
  const formRef = useRef<HTMLFormElement>(null);
  const [request, setRequest] = useState(0);

  useEffect(() => {
    if (request === 0) return;
    const form = formRef.current;
    const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (field) field.focus();
    else form?.querySelector('[role="alert"]')?.scrollIntoView({ block: 'nearest' });
  }, [request]);

  return { formRef, focusFirstProblem: () => setRequest((n) => n + 1) };
}
