// Labels of the Yjs "saved" indicator (src/lib/client/yjs-saved.ts).
import type { SaveState } from '../client/yjs-saved';

export const saveStateText: Record<SaveState, { zh: string; en: string }> = {
  saved: { zh: '已保存', en: 'Saved' },
  saving: { zh: '保存中…', en: 'Saving…' },
  offline: { zh: '未连接，恢复后自动保存', en: 'Offline — will save when reconnected' }
};
