// The demo street's open resident service-needs survey (居民服务需求调查), so the kiosk's fifth door has
// questions on a fresh `npm start`. No answers are seeded: results start at zero.
import type { Tx } from '../db/client';
import { insertSurvey, replaceQuestions, updateSurvey } from '../repositories/survey.repository';

export async function seedSurvey(tx: Tx, streetId: number, now: Date): Promise<void> {
  const s = await insertSurvey(tx, { streetId, titleZh: '居民服务需求调查（示例）', titleEn: 'Resident service-needs survey (demo)', createdBy: null });
  await replaceQuestions(tx, s.id, [
    {
      kind: 'single',
      promptZh: '您最希望在小区代办点办理哪类事务？',
      promptEn: 'Which service would you most like to use at your property’s agent point?',
      options: [
        { key: 'senior', zh: '敬老优待证', en: 'Senior preferential card' },
        { key: 'allowance', zh: '高龄老人津贴', en: 'High-age allowance' },
        { key: 'marriage', zh: '婚育证明', en: 'Marriage and childbearing certificate' },
        { key: 'other', zh: '其他', en: 'Other' }
      ],
      maxLength: null
    },
    {
      kind: 'multiple',
      promptZh: '您希望增加哪些服务方式？（可多选）',
      promptEn: 'Which ways of service should be added? (any)',
      options: [
        { key: 'home', zh: '上门服务', en: 'Home visits' },
        { key: 'evening', zh: '晚间或周末办理', en: 'Evenings or weekends' },
        { key: 'booking', zh: '预约办理', en: 'Appointments' },
        { key: 'sms', zh: '短信提醒', en: 'Text reminders' }
      ],
      maxLength: null
    },
    { kind: 'rating', promptZh: '您对物业代办服务的总体满意度', promptEn: 'Overall, how satisfied are you with the proxy service?', options: [], maxLength: null },
    { kind: 'text', promptZh: '您还有什么建议？（选填）', promptEn: 'Any other suggestions? (optional)', options: [], maxLength: 100 }
  ]);
  await updateSurvey(tx, s.id, { state: 'open' }, now);
}
