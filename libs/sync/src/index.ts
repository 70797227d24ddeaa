export { computeBackoff, type BackoffOptions } from './compute-backoff.js';
