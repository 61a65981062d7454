// The catalogue of proxy items: read by everyone (kiosks included), edited by street admins only.
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import type { StaffPrincipal } from '../../domain/roles';
import * as items from '../repositories/catalogue.repository';
import type { Core } from '../runtime/core';
import type { PublicItem } from '../../protocol/catalogue';
import { Int4Id, storable } from './case.inputs';
import { requireAdmin } from './actor';

export type { PublicItem };

const Text = z.string().trim().min(1).max(200).refine(storable);
const Bilingual = z.object({ zh: Text, en: Text });

export const ItemInput = z.object({
  code: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,47}$/),
  nameZh: Text,
  nameEn: Text,
  descriptionZh: z.string().trim().max(2000).refine(storable).default(''),
  descriptionEn: z.string().trim().max(2000).refine(storable).default(''),
  materials: z.array(Bilingual.extend({ key: z.string().regex(/^[a-z0-9_]{1,40}$/) })).max(30),
  steps: z.array(Bilingual).max(12).default([]),
  needsIdNumber: z.boolean().default(true),
  inPerson: z.boolean().default(false),
  homeVisit: z.boolean().default(false),
  slaDays: z.number().int().min(0).max(90),
  subsidyFen: z.number().int().min(0).max(1_000_000),
  active: z.boolean().default(true)
});

export function toPublicItem(i: items.ItemRow): PublicItem {
  return {
    code: i.code,
    name: { zh: i.nameZh, en: i.nameEn },
    description: { zh: i.descriptionZh, en: i.descriptionEn },
    materials: i.materials,
    steps: i.steps,
    needsIdNumber: i.needsIdNumber,
    inPerson: i.inPerson,
    homeVisit: i.homeVisit,
    slaDays: i.slaDays
  };
}

export function createCatalogueService(core: Core) {
  const { db } = core;

  return {
    async listPublic(): Promise<PublicItem[]> {
      return (await items.listItems(db, true)).map(toPublicItem);
    },
    async listAll(by: StaffPrincipal) {
      requireAdmin(by);
      return items.listItems(db, false);
    },
    async create(by: StaffPrincipal, raw: unknown) {
      requireAdmin(by);
      const input = ItemInput.parse(raw);
      if (await items.findItemByCode(db, input.code)) throw new AppError('CONFLICT', { reason: 'item_code_taken' });
      const [row] = await items.insertItems(db, [input]);
      return row;
    },
    async update(by: StaffPrincipal, rawId: number, raw: unknown) {
      requireAdmin(by);
      const id = Int4Id.parse(rawId);
      const input = ItemInput.partial().parse(raw);
      const row = await items.updateItem(db, id, input);
      if (!row) throw new AppError('NOT_FOUND');
      return row;
    }
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
