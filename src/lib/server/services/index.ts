import type { Core } from '../runtime/core';
import { createAppointmentService } from './appointment.service';
import { createAuthService } from './auth.service';
import { createBoardService } from './board.service';
import { createCaseQueries } from './case.queries';
import { createCaseService } from './case.service';
import { createCatalogueService } from './catalogue.service';
import { createDocsService } from './docs.service';
import { createKioskService } from './kiosk.service';
import { createNoticeService } from './notice.service';
import { createOpen311Service } from './open311.service';
import { createPickupService } from './pickup.service';
import { createSubsidyService } from './subsidy.service';
import { createTrainingService } from './training.service';

export function createServices(core: Core) {
  const board = createBoardService(core);
  const appointments = createAppointmentService(core);
  const caseQueries = createCaseQueries(core);
  return {
    auth: createAuthService(core),
    kiosks: createKioskService(core),
    board,
    notices: createNoticeService(core, board),
    docs: createDocsService(board, caseQueries),
    catalogue: createCatalogueService(core),
    cases: createCaseService(core, appointments),
    caseQueries,
    appointments,
    pickup: createPickupService(core),
    subsidies: createSubsidyService(core),
    training: createTrainingService(core),
    open311: createOpen311Service(core)
  };
}

export type Services = ReturnType<typeof createServices>;
