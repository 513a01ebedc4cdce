// Payloads the station sends that its OpenAPI document does not describe yet,
// so they cannot be generated. Each is the gateway's shape as the dashboard
// reads it; each TODO goes away when the gateway declares the schema
// (gateway/src/http/plugins/*) and this file shrinks to nothing.
/**
 * TODO(contract): the details of a `stop-reason-required` refusal (400 on
 * POST /api/devices/{id}/commands): the document types every refusal's details
 * as an open object (gateway/src/http/errors.ts).
 */
export interface StopReasonRequired {
  officerId: string | null;
  stepId: string | null;
  caseId: string | null;
  caseNumber: string | null;
  stepKind: string | null;
  stepEndsAt: string | null;
}
