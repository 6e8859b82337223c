import type { UseFormReturnType } from '@mantine/form';
import { ApiError, fieldName, fieldSentence } from '../api/problem';

/** Puts Roster's field messages next to the inputs of a form; returns the fields it covered. */
export function applyFieldErrors<Values extends object>(form: UseFormReturnType<Values>, error: unknown): void {
  if (!(error instanceof ApiError)) return;
  const known = Object.keys(form.getValues());
  const errors: Record<string, string> = {};
  for (const item of error.fieldErrors) {
    const name = fieldName(item.field);
    if (known.includes(name) && errors[name] === undefined) errors[name] = fieldSentence(item);
  }
  if (Object.keys(errors).length > 0) form.setErrors(errors);
}

/** A `next` parameter is followed only inside this app. */
export function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') ? next : null;
}
