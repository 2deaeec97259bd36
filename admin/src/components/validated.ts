import type { FormInstance } from 'antd';

/**
 * The form's values once every field passes, or null when a field is refused: antd shows the refusals on the
 * fields and rejects `validateFields()`; awaited bare in a click handler, that rejection went unhandled and the
 * console logged "Uncaught (in promise) Object". Use in every submit: `const v = await validated(form); if (!v) return;`.
 * Errors: anything other than refused fields is rethrown.
 */
export async function validated<T>(form: FormInstance<T>, opts: { scroll?: boolean } = {}): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch (e) {
    // A refused field is the user's to correct, not an error of the page; anything else is.
    if (!e || typeof e !== 'object' || !('errorFields' in e)) throw e;
    const first = (e as { errorFields: Array<{ name: (string | number)[] }> }).errorFields[0];
    // `scroll`: bring the first refused field into view (long forms in a dialog or drawer).
    if (opts.scroll && first) form.scrollToField(first.name, { block: 'center' });
    return null;
  }
}
