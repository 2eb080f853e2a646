import { fill, t } from '../i18n/index.ts';

/**
 * Form validation in the portal's language: the browser's own messages follow the browser's
 * language, not the portal's. Each field the browser finds invalid gets our message instead, and
 * loses it as soon as it is edited (so the browser checks it afresh).
 */
export function validationMessage(field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): string {
  const v = field.validity;
  const m = t().validation;
  if (v.valueMissing) return field instanceof HTMLSelectElement ? m.choose : m.required;
  if (v.typeMismatch) return m.format;
  if (v.patternMismatch) return field.inputMode === 'numeric' ? m.digits : m.format;
  if (v.tooShort) return fill(m.tooShort, { n: field.getAttribute('minlength') ?? '' });
  if (v.tooLong) return fill(m.tooLong, { n: field.getAttribute('maxlength') ?? '' });
  if (v.rangeUnderflow) return fill(m.min, { n: field.getAttribute('min') ?? '' });
  if (v.rangeOverflow) return fill(m.max, { n: field.getAttribute('max') ?? '' });
  if (v.stepMismatch || v.badInput) return m.number;
  return m.format;
}

const isField = (el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement =>
  el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

export function installValidationMessages(root: Document): void {
  root.addEventListener(
    'invalid',
    (event) => {
      const field = event.target;
      if (!isField(field)) return;
      field.setCustomValidity('');
      if (!field.validity.valid) field.setCustomValidity(validationMessage(field));
    },
    true,
  );
  const clear = (event: Event) => {
    if (isField(event.target)) event.target.setCustomValidity('');
  };
  root.addEventListener('input', clear, true);
  root.addEventListener('change', clear, true);
}
