/**
 * A number field's value must be a whole number: Mantine's NumberInput gives '' when left
 * empty, which Number() would read as 0 (a paid plan saved with no seats).
 */
export function wholeNumberError(value: number | string, sentence: string, minimum = 0): string | null {
  if (typeof value === 'string' && value.trim() === '') return sentence;
  const number = Number(value);
  return Number.isInteger(number) && number >= minimum ? null : sentence;
}

export const SEATS_SENTENCE = 'Enter the number of seats, a whole number (0 or more).';
