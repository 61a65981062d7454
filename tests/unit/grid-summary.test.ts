import { describe, expect, it } from 'vitest';
import { GRID_KINDS } from '../../src/lib/domain/grid.kinds';
import { summaryOf } from '../../src/lib/server/services/grid.views';

const fields = {
  population: { change: 'move_in', name: '王小明' },
  rentalHousing: { landlordName: '李国强', tenants: [{ name: '张三', idNumber: '440304199001011284' }] },
  legalEntity: { status: 'opened', name: '香蜜湖便利店', creditCode: '91440300MA5XXXXX1X' },
  facility: { type: 'lamp', condition: 'damaged', location: '侨香路 12 号' },
  event: { category: 'hazard', description: '楼道堆放杂物' }
} as const;

describe('summaryOf: the one line that tells grid records apart', () => {
  it('says every label in the reader language; only what was typed stays as typed', () => {
    expect(summaryOf('facility', fields.facility).en).toBe('Street lamp · Damaged 侨香路 12 号');
    expect(summaryOf('facility', fields.facility).zh).toBe('路灯 · 损坏 侨香路 12 号');
    for (const kind of GRID_KINDS) {
      const { en } = summaryOf(kind, fields[kind]);
      // Chinese left in English is only the typed text and the masked names.
      const typed = ['侨香路 12 号', '香蜜湖便利店', '楼道堆放杂物', '王*明', '李*强'];
      expect(typed.reduce((s, t) => s.replace(t, ''), en), `${kind}: ${en}`).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
