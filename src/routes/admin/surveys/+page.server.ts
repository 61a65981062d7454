// Survey definitions (问卷设置): the street admin writes surveys as data and opens or closes them.
import { fail } from '@sveltejs/kit';
import { attempt } from '$lib/server/kit/form-action';
import { requireStaff } from '$lib/server/kit/page-guard';
import { refusedDefinition, surveyForm } from '$lib/server/kit/survey-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const s = requireStaff(locals, ['admin']);
  const { surveys } = locals.runtime.services;
  const list = await surveys.list(s.principal);
  // ?edit=<id> loads a survey into the form to change it; ?copy=<id> to save it as a new one.
  const pick = (k: string) => {
    const n = Number(url.searchParams.get(k));
    return Number.isInteger(n) && n > 0 && list.some((x) => x.id === n) ? n : null;
  };
  const editId = pick('edit');
  const copyId = pick('copy');
  const source = editId ?? copyId;
  const found = source ? await surveys.get(s.principal, source) : null;
  // A copy is named as one, so the list does not show two rows with the same title.
  const copied = found && !editId ? { ...found, title: { zh: `${found.title.zh}（副本）`, en: found.title.en ? `${found.title.en} (copy)` : found.title.en } } : found;
  return { surveys: list, editId, source: copied };
};

export const actions: Actions = {
  save: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    const id = Number(f.get('id') || 0);
    const { definition, slots } = surveyForm(f);
    const { surveys } = locals.runtime.services;
    const r = await attempt(locals, () => (id ? surveys.update(s.principal, id, definition) : surveys.create(s.principal, definition)));
    return 'result' in r ? r : fail(r.status, { ...r.data, ...refusedDefinition(f, slots, r.data.error.details) });
  },
  setState: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    const r = await attempt(locals, () => locals.runtime.services.surveys.setState(s.principal, Number(f.get('id')), { state: String(f.get('state') ?? '') }));
    return 'result' in r ? { ...r, changed: true } : r;
  }
};
