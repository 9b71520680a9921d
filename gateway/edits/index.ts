export {
  applyConfigEdits,
  type ApplyConfigEditsOptions,
  type ApplyConfigEditsResult,
  type AppliedEdit,
  type RejectedEdit,
  type ServeReport,
} from './apply-config-edits';
export {
  editPayloadSchema,
  inlineFileSchema,
  isInlineFile,
  EXPERIMENTATION_TYPES,
  type EditPayload,
  type EditOperation,
  type InlineFile,
  type UpsertVariantEdit,
  type UpsertExperimentationEdit,
  type UpsertEvaluationEdit,
  type UpsertEvaluatorEdit,
} from './edit-payload';
export { ConfigEditError } from './errors';
