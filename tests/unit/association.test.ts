// The association's pure rules: who reads and writes, the roster order, and the charter's text format.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayRead, mayWrite, parseCharter, rosterOrder } from '../../src/lib/domain/association';
import type { Role, StaffPrincipal } from '../../src/lib/domain/roles';

const who = (role: Role, companyId: number | null = null): StaffPrincipal => ({ kind: 'staff', userId: 1, role, streetId: 1, communityId: null, pointId: null, companyId });

describe('access', () => {
  it('street, admin and verifiers read; agents only when their company is a member; only street and admin write', () => {
    const members = new Set([1, 2]);
    expect(['street', 'admin', 'verifier'].map((r) => mayRead(who(r as Role), members))).toEqual([true, true, true]);
    expect(mayRead(who('agent', 1), members)).toBe(true);
    expect(mayRead(who('agent', 3), members)).toBe(false);
    expect(mayRead(who('agent', null), members)).toBe(false);
    expect(['street', 'admin', 'verifier', 'agent'].map((r) => mayWrite(who(r as Role, 1)))).toEqual([true, true, false, false]);
  });
});

describe('roster order', () => {
  it('president, vice-presidents, members; earlier members first', () => {
    const rows = [
      { companyId: 3, role: 'member', memberSince: '2014-06-01' },
      { companyId: 2, role: 'vice_president', memberSince: '2016-01-01' },
      { companyId: 4, role: 'member', memberSince: '2013-01-01' },
      { companyId: 1, role: 'president', memberSince: '2020-01-01' }
    ];
    expect(rosterOrder(rows).map((r) => r.companyId)).toEqual([1, 2, 4, 3]);
  });
});

describe('charter text', () => {
  it('headings, bullets, numbered items and paragraphs', () => {
    const blocks = parseCharter('# 章程\n\n## 第一章 总则\n1. 第一条\n2、第二条\n- 甲\n- 乙\n\n正文一行\n正文二行\r\n\r\n最后');
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: '章程' },
      { kind: 'heading', level: 2, text: '第一章 总则' },
      { kind: 'list', ordered: true, items: ['第一条', '第二条'], numbers: [1, 2] },
      { kind: 'list', ordered: false, items: ['甲', '乙'] },
      { kind: 'paragraph', text: '正文一行\n正文二行' },
      { kind: 'paragraph', text: '最后' }
    ]);
  });

  it('keeps the numbers as typed, and a line that starts with an amount is a sentence, not an item', () => {
    expect(parseCharter('3. 会员享有选举权\n4、会员履行义务\n\n2.5万元以下的支出由秘书处审批。\n12.本章程自通过之日起施行。')).toEqual([
      { kind: 'list', ordered: true, items: ['会员享有选举权', '会员履行义务'], numbers: [3, 4] },
      { kind: 'paragraph', text: '2.5万元以下的支出由秘书处审批。' },
      { kind: 'list', ordered: true, items: ['本章程自通过之日起施行。'], numbers: [12] }
    ]);
  });

  it('markup stays text: every character typed (but blank space) comes back in some block', () => {
    const html = parseCharter('<script>alert(1)</script>\n# <img src=x onerror=alert(1)>');
    expect(html).toEqual([
      { kind: 'paragraph', text: '<script>alert(1)</script>' },
      { kind: 'heading', level: 1, text: '<img src=x onerror=alert(1)>' }
    ]);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (body) => {
        const text = parseCharter(body)
          .flatMap((b) => (b.kind === 'list' ? b.items : [b.text]))
          .join('');
        // Nothing is invented: every character shown was typed.
        for (const ch of text.replace(/\s/g, '')) expect(body).toContain(ch);
      })
    );
  });
});
