// A refused SvelteKit form action gives the form's text back (server/kit/form-action.ts `attempt`), so the
// page shows what was typed instead of an empty form. Each form names itself with a hidden `form` field.

export type Typed = Record<string, string>;

/** The values typed into form `name` if it is the one just refused, else null. */
export function typedOf(form: unknown, name: string): Typed | null {
  const values = (form as { values?: Typed } | null | undefined)?.values;
  return values && values.form === name ? values : null;
}

/** The refusal's message, for the form that was refused. */
export function refusalOf(form: unknown, name: string): string {
  return typedOf(form, name) ? ((form as { error?: { message?: string } }).error?.message ?? '') : '';
}
