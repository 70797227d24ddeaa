export {
  fitToBudget,
  omittedLine,
  SummaryBudgetError,
  type FittedSummary,
  type SummarySection,
} from './fit-to-budget.js';
export { EXTRA_SUMMARY_KINDS, stateFromObjects, stateFromReader, type ClusterState, type IncompleteKind, type ReaderStateOptions } from './cluster-state.js';
export {
  containerLogKey,
  crashLogTargets,
  DEFAULT_CRASH_LOG_TARGETS,
  type ContainerLog,
  type CrashLogTarget,
  type CrashLogTargetOptions,
} from './crash-log.js';
export { tellingLines, type TellingLinesOptions } from './telling-lines.js';
export { compareFindings, detectAnomalies, type AnomalyOptions } from './detect-anomalies.js';
export { findingId, refId, refText, SEVERITIES, type ChainStep, type Finding, type ObjectRef, type Severity } from './finding.js';
export {
  describeGrants,
  rbacAllows,
  type RbacDecision,
  type RbacRequest,
  type RbacSource,
  type RbacSubject,
  type RoleGrant,
} from './rbac-check.js';
export { graphFromState } from './graph-dependencies.js';
export type { SummaryFormat } from './budget-layout.js';
export { SummaryError, type SummaryErrorCode } from './summary-error.js';
export {
  MAX_SUMMARY_SIZE_KB,
  summarizeCluster,
  SUMMARY_TYPES,
  type SummaryOptions,
  type SummaryResult,
  type SummaryType,
} from './summarize-cluster.js';
export { DEFAULT_THRESHOLDS, type AnomalyThresholds } from './thresholds.js';
export { neutraliseDelimiters, UNTRUSTED_TAG } from './untrusted-text.js';
