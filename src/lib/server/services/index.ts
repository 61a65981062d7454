import type { Core } from '../runtime/core';
import { createAccessLogService } from './access-log.service';
import { createAppointmentService } from './appointment.service';
import { createAuthService } from './auth.service';
import { createBoardService } from './board.service';
import { createCaseQueries } from './case.queries';
import { createCaseService } from './case.service';
import { createCatalogueService } from './catalogue.service';
import { createExportService } from './dashboard.export';
import { createDashboardService } from './dashboard.service';
import { createDocsService } from './docs.service';
import { createKioskService } from './kiosk.service';
import { createNoticeService } from './notice.service';
import { createOpen311Service } from './open311.service';
import { createPickupService } from './pickup.service';
import { createSubsidyService } from './subsidy.service';
import { createSurveyService } from './survey.service';
import { createRetentionService } from './retention.service';
import { createTrainingService, requireCertified } from './training.service';
import { createAssociationService } from './association.service';
import { createAssessmentService } from './assessment.service';
import { createEntrustmentService } from './entrustment.service';
import { createGridQueries } from './grid.queries';
import { createGridService } from './grid.service';
import { createIncentiveService } from './incentive.service';
import { createRegisterService } from './register.service';
import { createVerificationService } from './verification.service';
import { createOrgService } from './org.service';

export function createServices(core: Core) {
  const board = createBoardService(core);
  const appointments = createAppointmentService(core);
  const caseQueries = createCaseQueries(core);
  const gridQueries = createGridQueries(core);
  const assessments = createAssessmentService(core);
  const dashboard = createDashboardService(core);
  return {
    auth: createAuthService(core),
    accessLog: createAccessLogService(core),
    kiosks: createKioskService(core),
    // the street's companies, properties, agent points and staff accounts
    org: createOrgService(core),
    board,
    notices: createNoticeService(core, board),
    docs: createDocsService(board, caseQueries, { records: gridQueries, worksheets: assessments }, (p) =>
      requireCertified(core.db, p.userId, core.now()).then(
        () => true,
        () => false
      )
    ),
    catalogue: createCatalogueService(core),
    cases: createCaseService(core, appointments),
    caseQueries,
    appointments,
    pickup: createPickupService(core),
    subsidies: createSubsidyService(core),
    training: createTrainingService(core),
    retention: createRetentionService(core),
    open311: createOpen311Service(core),
    // 一网: grid records, the verification board, incentives, entrustment and assessments
    grid: createGridService(core),
    gridQueries,
    verification: createVerificationService(core),
    register: createRegisterService(core),
    incentives: createIncentiveService(core),
    entrustment: createEntrustmentService(core),
    assessments,
    // 街道监控: the live dashboard and its exports
    dashboard,
    exports: createExportService(core, dashboard),
    // 一会: the promotion association (members, charter, meetings and decisions)
    association: createAssociationService(core),
    // 一会: the resident service-needs survey
    surveys: createSurveyService(core)
  };
}

export type Services = ReturnType<typeof createServices>;
