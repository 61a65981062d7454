// A service item as residents and other systems see it.
export interface PublicItem {
  code: string;
  name: { zh: string; en: string };
  description: { zh: string; en: string };
  materials: { key: string; zh: string; en: string }[];
  steps: { zh: string; en: string }[];
  needsIdNumber: boolean;
  inPerson: boolean;
  homeVisit: boolean;
  slaDays: number;
}
