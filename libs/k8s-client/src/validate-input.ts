import { K8sClientError } from './k8s-client-error.js';
import { clipText, PREVIEW_CHARS, quotePreview } from './message-preview.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const WRITES = new Set(['scale', 'apply', 'patch', 'delete']);

function invalid(operation: string, message: string): K8sClientError {
  // Writes say so explicitly: the caller must know the cluster was not touched.
  const unchanged = WRITES.has(operation.split(' ')[0] ?? '') ? '; nothing was changed' : '';
  // The operation names the kind the caller sent, which may be anything (bounded like any echo).
  return new K8sClientError('INVALID', `${clipText(operation, 2 * PREVIEW_CHARS)}: ${message}${unchanged}`);
}

/** Throws `INVALID` unless `namespace` is a DNS-1123 label (what the API server accepts). */
export function checkNamespace(operation: string, namespace: string): void {
  if (namespace.length > 63 || !DNS_LABEL.test(namespace)) {
    throw invalid(operation, `namespace ${quotePreview(namespace)} is not valid: use lower-case letters, digits and "-", at most 63 characters`);
  }
}

/**
 * Throws `INVALID` unless `name` is usable as an object name: a DNS-1123 subdomain when `strict`
 * (what most kinds require, checked before writes), otherwise any non-empty path segment
 * (RBAC objects such as `system:controller:x`, reads of any kind).
 */
export function checkName(operation: string, name: string, strict: boolean): void {
  if (typeof name !== 'string' || name === '') throw invalid(operation, 'the object name is empty; name the object');
  if (name.length > 253) throw invalid(operation, `name ${quotePreview(name)} is longer than 253 characters`);
  if (name === '.' || name === '..' || name.includes('/') || name.includes('%')) {
    throw invalid(operation, `name ${quotePreview(name)} may not be "." or ".." or contain "/" or "%"`);
  }
  if (strict && !DNS_SUBDOMAIN.test(name)) {
    throw invalid(operation, `name ${quotePreview(name)} is not a valid DNS-1123 subdomain: use lower-case letters, digits, "-" and "."`);
  }
}

/** Throws `INVALID` unless `value` is an integer in [min, max]; `what` names the field. */
export function checkInteger(operation: string, what: string, value: unknown, min: number, max = 2_147_483_647): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(operation, `${what} must be an integer from ${min} to ${max}, got ${typeof value === 'string' ? quotePreview(value) : typeof value === 'number' ? String(value) : typeof value}`);
  }
}

/** Throws `INVALID` with `message` (for checks specific to one operation). */
export function rejectInput(operation: string, message: string): never {
  throw invalid(operation, message);
}
