// Form actions call services like every other door; a refusal comes back as the form's error, in the
// user's language, instead of an error page.
import { fail } from '@sveltejs/kit';
import { ZodError } from 'zod';
import { AppError, errorBody } from '../../protocol/errors';

/**
 * `typed`: the form's own text fields, given back with a refusal so the page shows them again instead of an
 * empty form (never passwords).
 */
export async function attempt<T>(locals: App.Locals, fn: () => Promise<T>, typed?: FormData) {
  try {
    return { ok: true as const, result: await fn() };
  } catch (err) {
    const code = err instanceof AppError ? err.code : err instanceof ZodError ? 'VALIDATION' : null;
    if (!code) throw err;
    // What was wrong, where (paths and codes, never values): a form can mark its fields.
    const details = err instanceof ZodError ? err.issues.map((i) => ({ path: i.path.join('.'), code: i.code === 'custom' ? i.message : i.code })) : (err as AppError).details;
    const values = typed ? Object.fromEntries([...typed.entries()].filter(([k, v]) => typeof v === 'string' && k !== 'password').map(([k, v]) => [k, String(v).slice(0, 4000)])) : undefined;
    return fail(new AppError(code).status, { ...errorBody(code, locals.lang, details), ...(values ? { values } : {}) });
  }
}
