// Form actions call services like every other door; a refusal comes back as the form's error, in the
// user's language, instead of an error page.
import { fail } from '@sveltejs/kit';
import { ZodError } from 'zod';
import { AppError, errorBody } from '../../protocol/errors';

export async function attempt<T>(locals: App.Locals, fn: () => Promise<T>) {
  try {
    return { ok: true as const, result: await fn() };
  } catch (err) {
    const code = err instanceof AppError ? err.code : err instanceof ZodError ? 'VALIDATION' : null;
    if (!code) throw err;
    // What was wrong, where (paths and codes, never values): a form can mark its fields.
    const details = err instanceof ZodError ? err.issues.map((i) => ({ path: i.path.join('.'), code: i.code === 'custom' ? i.message : i.code })) : (err as AppError).details;
    return fail(new AppError(code).status, errorBody(code, locals.lang, details));
  }
}
