import { randomUUID } from 'node:crypto';
import { shanghaiDateKey } from '$lib/domain/sla';
import { attempt } from '$lib/server/kit/form-action';
import { requireStaff } from '$lib/server/kit/page-guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const s = requireStaff(locals, ['admin']);
  const { services } = locals.runtime;
  const [items, roster, kiosks, org] = await Promise.all([services.catalogue.listAll(s.principal), services.training.roster(s.principal), services.kiosks.list(s.principal), services.org.overview(s.principal)]);
  // One key per rendered training form: 登记 pressed twice records the session once.
  return { items, roster, kiosks, org, me: s.principal.userId, sessionKey: randomUUID() };
};

const num = (f: FormData, k: string) => Number(f.get(k));
const str = (f: FormData, k: string) => String(f.get(k) ?? '');
/** an optional text field: left empty, it is not sent */
const opt = (f: FormData, k: string) => str(f, k).trim() || undefined;

/**
 * One material per line: 中文, 中文|English or key|中文|English (an edited item's lines carry their keys, so
 * cases taken in under them keep their ticks). A line that starts with one of the item's own keys keeps it even
 * with its English taken out (key|中文). No line is dropped: one the catalogue cannot take (a bad key, an empty
 * name) comes back as a refusal rather than an item without it. A new line gets a key never used before
 * (m + the time + its line): a key freed by a deleted line would tick the new material on old cases.
 */
function materialsOf(text: string, known: ReadonlySet<string> = new Set()) {
  const lines = text
    .split('\n')
    .map((l) => l.split('|').map((x) => x.trim()))
    .filter((p) => p.some(Boolean));
  const stamp = Date.now().toString(36);
  return lines.map((p, i) => {
    if (p.length >= 3) return { key: p[0], zh: p[1], en: p.slice(2).join('|') };
    if (p.length === 2 && known.has(p[0])) return { key: p[0], zh: p[1], en: p[1] };
    return { key: `m${stamp}${i + 1}`, zh: p[0], en: p[1] || p[0] };
  });
}

/** 办理流程, one step per line: 中文 or 中文|English (English falls back to the Chinese). */
function stepsOf(text: string) {
  return text
    .split('\n')
    .map((l) => l.split('|').map((x) => x.trim()))
    .filter((p) => p[0])
    .map(([zh, ...en]) => ({ zh, en: en.join('|') || zh }));
}

/** The item form's fields, for a new item and an edited one alike. */
const itemFields = (f: FormData, known?: ReadonlySet<string>) => ({
  nameZh: str(f, 'nameZh'),
  nameEn: str(f, 'nameEn'),
  descriptionZh: str(f, 'descriptionZh'),
  descriptionEn: str(f, 'descriptionEn'),
  materials: materialsOf(str(f, 'materials'), known),
  steps: stepsOf(str(f, 'steps')),
  needsIdNumber: f.get('needsIdNumber') === 'on',
  homeVisit: f.get('homeVisit') === 'on',
  slaDays: num(f, 'slaDays'),
  subsidyFen: Math.round(num(f, 'subsidyYuan') * 100)
});

export const actions: Actions = {
  addItem: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    return attempt(locals, () => locals.runtime.services.catalogue.create(s.principal, { code: str(f, 'code'), ...itemFields(f) }), f);
  },
  editItem: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    return attempt(
      locals,
      async () => {
        const { catalogue } = locals.runtime.services;
        const item = (await catalogue.listAll(s.principal)).find((i) => i.id === num(f, 'id'));
        return catalogue.update(s.principal, num(f, 'id'), itemFields(f, new Set(item?.materials.map((m) => m.key))));
      },
      f
    );
  },
  toggleItem: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    return attempt(locals, () => locals.runtime.services.catalogue.update(s.principal, num(f, 'id'), { active: f.get('active') === 'true' }));
  },
  addCompany: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    return attempt(locals, () => locals.runtime.services.org.addCompany(s.principal, { nameZh: str(f, 'nameZh'), nameEn: opt(f, 'nameEn'), creditCode: str(f, 'creditCode') }), f);
  },
  addProperty: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    return attempt(locals, () =>
      locals.runtime.services.org.addProperty(s.principal, { communityId: num(f, 'communityId'), companyId: num(f, 'companyId'), nameZh: str(f, 'nameZh'), nameEn: opt(f, 'nameEn'), point: f.get('point') === 'on' }),
      f
    );
  },
  openPoint: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    return attempt(locals, () => locals.runtime.services.org.openPoint(s.principal, num(f, 'propertyId')));
  },
  addStaff: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    const place = (k: string) => (f.get(k) ? num(f, k) : undefined);
    return attempt(locals, () =>
      locals.runtime.services.org.addStaff(s.principal, { username: str(f, 'username'), displayName: str(f, 'displayName'), role: str(f, 'role'), pointId: place('pointId'), communityId: place('communityId'), password: str(f, 'password') }),
      f
    );
  },
  disableStaff: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    return attempt(locals, async () => {
      const ended = await locals.runtime.services.auth.disableStaff(s.principal, num(f, 'userId'));
      for (const h of ended) locals.runtime.realtime.endSession(h);
      return { disabled: num(f, 'userId') };
    });
  },
  addKiosk: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    return attempt(locals, () => locals.runtime.services.kiosks.create(s.principal, { pointId: num(f, 'pointId'), label: str(f, 'label') }), f);
  },
  addSession: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    const attendees = f.getAll('attendees').map((v) => Number(v));
    return attempt(locals, async () => (await locals.runtime.services.training.addSession(s.principal, str(f, 'key'), { title: str(f, 'title'), heldOn: str(f, 'heldOn'), attendees })).result, f);
  },
  certify: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    // The day in China: before 08:00 the UTC date is still yesterday's.
    const today = shanghaiDateKey(new Date());
    const validUntil = new Date(Date.now() + 365 * 86_400_000);
    return attempt(locals, () => locals.runtime.services.training.recordAssessment(s.principal, { userId: num(f, 'userId'), passed: f.get('passed') === 'true', assessedOn: today, ...(f.get('passed') === 'true' ? { validUntil } : {}) }));
  },
  pledge: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    return attempt(locals, () => locals.runtime.services.training.signPledge(s.principal, num(f, 'userId')));
  },
  pairingCode: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    return attempt(locals, () => locals.runtime.services.kiosks.issuePairingCode(s.principal, num(f, 'id')));
  },
  revokeKiosk: async ({ request, locals }) => {
    const s = requireStaff(locals, ['admin']);
    const f = await request.formData();
    const id = num(f, 'id');
    const r = await attempt(locals, async () => (await locals.runtime.services.kiosks.revoke(s.principal, id), { revokedKiosk: id }));
    locals.runtime.realtime.endKiosk(id);
    return r;
  }
};
