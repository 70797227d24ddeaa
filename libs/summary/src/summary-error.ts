/** Codes of {@link SummaryError}. */
export type SummaryErrorCode = 'INVALID_OPTIONS' | 'NOT_FOUND';

/** An expected failure of a summary call: bad options, or a namespace/workload that does not exist. */
export class SummaryError extends Error {
  /** Stable machine-readable code. */
  readonly code: SummaryErrorCode;

  /** Builds the error; the message names what was wrong and what to do. */
  constructor(code: SummaryErrorCode, message: string) {
    super(message);
    this.name = 'SummaryError';
    this.code = code;
  }
}
