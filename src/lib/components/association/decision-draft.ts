// The form's shape of a decision, and the API's.
export interface DecisionDraft {
  text: string;
  serviceItemIds: string[];
  agreementIds: string[];
}

export const emptyDecision = (): DecisionDraft => ({ text: '', serviceItemIds: [], agreementIds: [] });

export const toDecisionInput = (d: DecisionDraft) => ({ text: d.text.trim(), serviceItemIds: d.serviceItemIds.map(Number), agreementIds: d.agreementIds.map(Number) });
