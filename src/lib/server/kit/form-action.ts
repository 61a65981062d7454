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
    return fail(new AppError(code).status, errorBody(code, locals.lang));
  }
}
