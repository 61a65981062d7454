import { error } from '@sveltejs/kit';
import { AppError } from '$lib/protocol/errors';
import { requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

/** A spot check in the field: the sampled records, their results, and one worksheet per record. */
export const load: PageServerLoad = async ({ locals, params }) => {
  const s = requireStaff(locals, ['verifier', 'street', 'admin']);
  const { services } = locals.runtime;
  const id = Number(params.id);
  try {
    const { assessment, agreement, spotChecks, gradeNames, undecided } = await services.assessments.get(s.principal, Number.isSafeInteger(id) ? id : 0);
    const records = await Promise.all(spotChecks.map((c) => services.gridQueries.detail(s.principal, c.recordId).catch(() => null)));
    return {
      role: s.user.role,
      assessment: { ...assessment, periodFrom: String(assessment.periodFrom), periodTo: String(assessment.periodTo), createdAt: assessment.createdAt.toISOString(), gradedAt: assessment.gradedAt?.toISOString() ?? null },
      agreement,
      gradeNames,
      undecided,
      checks: spotChecks.map((c, i) => ({ id: c.id, recordId: c.recordId, position: c.position, result: c.result, checkedBy: c.checkedByName, record: records[i] }))
    };
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') error(404, { code: 'NOT_FOUND', message: locals.lang === 'en' ? 'Not found' : '页面不存在' });
    throw err;
  }
};
