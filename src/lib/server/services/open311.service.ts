// Open311 GeoReport v2: the catalogue and case statuses for other systems; filing via a kiosk key.
import { AppError } from '../../protocol/errors';
import { isTerminal, caseStateLabel, type CaseState } from '../../domain/case.machine';
import { findItemByCode, listItems } from '../repositories/catalogue.repository';
import * as cases from '../repositories/case.repository';
import type { Core } from '../runtime/core';

export function createOpen311Service(core: Core) {
  const { db } = core;

  const status = (state: CaseState) => (isTerminal(state) ? 'closed' : 'open');
  const request = (r: cases.CaseWithPlace) => {
    const state = r.c.state as CaseState;
    return {
      service_request_id: r.c.caseNo,
      status: status(state),
      // Public: the stage only, never the verifier's free-text reason.
      status_notes: `${caseStateLabel[state].zh} / ${caseStateLabel[state].en}`,
      // No service_name or service_code: anyone may ask by number, and the lobby's pickup board shows numbers
      // with surnames; the item (a disability card, a low-income review) must not be one guess away.
      agency_responsible: r.pointNameZh,
      requested_datetime: r.c.submittedAt.toISOString(),
      updated_datetime: r.c.updatedAt.toISOString(),
      expected_datetime: r.c.dueAt.toISOString()
    };
  };

  return {
    async services() {
      return (await listItems(db, true)).map((i) => ({
        service_code: i.code,
        service_name: i.nameZh,
        description: i.descriptionZh,
        metadata: true,
        type: 'batch',
        keywords: i.nameEn,
        group: '代办服务'
      }));
    },
    async definition(code: string) {
      const i = await findItemByCode(db, code);
      if (!i || !i.active) throw new AppError('NOT_FOUND');
      return {
        service_code: i.code,
        attributes: [
          ...(i.needsIdNumber ? [{ variable: true, code: 'id_number', datatype: 'string', required: true, datatype_description: '18位居民身份证号', order: 1, description: '身份证号 / ID number' }] : []),
          ...i.materials.map((m, n) => ({ variable: true, code: `material_${m.key}`, datatype: 'singlevaluelist', required: false, datatype_description: m.en, order: n + 2, description: m.zh, values: [{ key: 'yes', name: '已带 / brought' }] }))
        ]
      };
    },
    async request(caseNo: string) {
      const r = await cases.findCaseByNo(db, caseNo);
      if (!r) throw new AppError('NOT_FOUND');
      return [request(r)];
    },
    async requests(caseNos: string[]) {
      const out = [];
      for (const no of caseNos.slice(0, 50)) {
        const r = await cases.findCaseByNo(db, no);
        if (r) out.push(request(r));
      }
      return out;
    }
  };
}

export type Open311Service = ReturnType<typeof createOpen311Service>;
