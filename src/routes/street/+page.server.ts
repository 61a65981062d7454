// A refusal names its reason (statement_stale, statement_exists), through the one form-action helper.
// ?statement=… opens one statement's entries (a statement of another street, or none, opens nothing).
import { attempt } from '$lib/server/kit/form-action';
import { ledgerMonth } from '$lib/domain/ledger';
import { homeFeed, requireStaff } from '$lib/server/kit/page-guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:dashboard');
  const s = requireStaff(locals, ['street', 'admin']);
  const { subsidies, dashboard } = locals.runtime.services;
  const query = Object.fromEntries(['period', 'from', 'to', 'scope'].flatMap((k) => (url.searchParams.get(k) ? [[k, url.searchParams.get(k)]] : [])));
  // ?list=… opens the list behind one figure (same period and scope); a bad list query shows no list.
  const listQuery = url.searchParams.get('list') ? Object.fromEntries(url.searchParams) : null;
  const statementId = url.searchParams.get('statement');
  const [feed, statements, companies, dash, list, statement] = await Promise.all([
    homeFeed(locals, s),
    subsidies.statements(s.principal),
    subsidies.companies(s.principal),
    dashboard.overview(s.principal, query).catch(() => dashboard.overview(s.principal, {})),
    listQuery ? dashboard.list(s.principal, listQuery).catch(() => null) : null,
    statementId ? subsidies.statement(s.principal, Number(statementId)).catch(() => null) : null
  ]);
  return { feed, statements, companies, dash, list, statement, period: ledgerMonth(locals.runtime.core.now()), me: s.user.id };
};

export const actions: Actions = {
  prepare: async ({ request, locals }) => {
    const s = requireStaff(locals, ['street', 'admin']);
    const f = await request.formData();
    return attempt(locals, () => locals.runtime.services.subsidies.prepare(s.principal, { companyId: Number(f.get('companyId')), period: String(f.get('period')) }));
  },
  approve: async ({ request, locals }) => {
    const s = requireStaff(locals, ['street', 'admin']);
    const f = await request.formData();
    return attempt(locals, () => locals.runtime.services.subsidies.approve(s.principal, Number(f.get('id'))));
  },
  reverse: async ({ request, locals }) => {
    const s = requireStaff(locals, ['street', 'admin']);
    const f = await request.formData();
    return attempt(locals, () => locals.runtime.services.subsidies.reverse(s.principal, Number(f.get('id')), { reason: f.get('reason') }), f);
  }
};
