export {
  fitToBudget,
  omittedLine,
  SummaryBudgetError,
  type FittedSummary,
  type SummarySection,
} from './fit-to-budget.js';
