import { describe, expect, it } from 'vitest';
import { describeRequest, fromHttpStatus, fromNetworkError, K8sClientError, type RequestContext } from './k8s-client-error.js';

const ctx: RequestContext = { server: 'https://10.0.0.1:6443', verb: 'list', resource: 'pods', namespace: 'shop' };

function status(message: string, reason = 'Unknown'): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason });
}

function netError(code: string, message = `connect ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

describe('describeRequest', () => {
  it('names verb, resource, name and namespace', () => {
    expect(describeRequest({ verb: 'get', resource: 'deployments.apps', name: 'web', namespace: 'shop' })).toBe(
      'get deployments.apps "web" in namespace "shop"',
    );
  });

  it('falls back to "request" and leaves out what is unknown', () => {
    expect(describeRequest({})).toBe('request');
    expect(describeRequest({ verb: 'list', resource: 'nodes' })).toBe('list nodes');
  });
});

describe('fromHttpStatus', () => {
  const cases: [number, string][] = [
    [400, 'INVALID'],
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [405, 'INVALID'],
    [408, 'TIMEOUT'],
    [409, 'CONFLICT'],
    [410, 'GONE'],
    [413, 'INVALID'],
    [415, 'INVALID'],
    [422, 'INVALID'],
    [429, 'TOO_MANY_REQUESTS'],
    [500, 'SERVER_ERROR'],
    [502, 'SERVER_ERROR'],
    [503, 'SERVER_ERROR'],
    [504, 'TIMEOUT'],
    [418, 'SERVER_ERROR'],
  ];
  it.each(cases)('maps %i to %s with the status, context and the request named', (code, expected) => {
    const error = fromHttpStatus(code, status('boom'), ctx);
    expect(error).toBeInstanceOf(K8sClientError);
    expect(error.code).toBe(expected);
    expect(error.status).toBe(code);
    expect(error.context).toEqual(ctx);
    expect(error.message.startsWith('list pods in namespace "shop": ')).toBe(true);
  });

  it('says for 403 which verb, resource and namespace were refused and what to do', () => {
    const error = fromHttpStatus(403, status('pods is forbidden: User "restricted" cannot list resource "pods"'), ctx);
    expect(error.message).toContain('may not list pods in namespace "shop"');
    expect(error.message).toContain('ask for an RBAC Role');
    expect(error.message).toContain('User "restricted" cannot list');
  });

  it('says "cluster-wide" for a 403 without a namespace', () => {
    const error = fromHttpStatus(403, status('no'), { verb: 'list', resource: 'nodes' });
    expect(error.message).toContain('may not list nodes cluster-wide');
  });

  it('names the server and the fix for 401', () => {
    expect(fromHttpStatus(401, '', ctx).message).toContain('API server at https://10.0.0.1:6443 rejected the credentials');
  });

  it('tells AlreadyExists apart from other conflicts', () => {
    const exists = fromHttpStatus(409, status('pods "web" already exists', 'AlreadyExists'), ctx);
    expect(exists.message).toContain('already exists (409): pods "web" already exists; use apply or patch');
    const apply = fromHttpStatus(409, status('Apply failed with 1 conflict', 'Conflict'), ctx);
    expect(apply.message).toContain('retry with force');
  });

  it('quotes the Status message of a 422 and plain text of a non-Status body', () => {
    expect(fromHttpStatus(422, status('spec.replicas: Invalid value: -1'), ctx).message).toContain('spec.replicas: Invalid value: -1');
    expect(fromHttpStatus(502, '<html>bad gateway</html>', ctx).message).toContain('<html>bad gateway</html>');
    expect(fromHttpStatus(500, '', ctx).message).toContain('no details');
  });

  it('hints at merge patches for 415', () => {
    expect(fromHttpStatus(415, status('the body of the request was in an unknown format'), ctx).message).toContain('merge or json patches');
  });
});

describe('fromNetworkError', () => {
  const tls = [
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'CERT_SIGNATURE_FAILURE',
    'CERT_UNTRUSTED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'EPROTO',
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC',
  ];
  it.each(tls)('maps %s to TLS and points at the CA', (code) => {
    const error = fromNetworkError(netError(code, 'handshake failed'), ctx);
    expect(error.code).toBe('TLS');
    expect(error.message).toContain(`TLS handshake with https://10.0.0.1:6443 failed (${code})`);
    expect(error.message).toContain('certificate-authority');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('recognises a TLS failure by its message when the code is generic', () => {
    const error = fromNetworkError(netError('ECONNRESET', 'Client network socket disconnected before secure TLS connection was established'), ctx);
    expect(error.code).toBe('TLS');
  });

  it.each(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT'])('maps %s to TIMEOUT', (code) => {
    expect(fromNetworkError(netError(code), ctx).code).toBe('TIMEOUT');
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN'])('maps %s to UNREACHABLE naming the host lookup', (code) => {
    const error = fromNetworkError(netError(code), ctx);
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toContain('cannot resolve the host of https://10.0.0.1:6443');
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'])('maps %s to UNREACHABLE', (code) => {
    const error = fromNetworkError(netError(code), ctx);
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toContain(`cannot reach https://10.0.0.1:6443 (${code})`);
    expect(error.message).toContain('check that the cluster is running');
  });

  it('handles non-Error values and a missing server', () => {
    const error = fromNetworkError('socket gone', { verb: 'get', resource: 'pods' });
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toBe("get pods: cannot reach the API server (socket gone); check that the cluster is running and the kubeconfig's server address");
  });

  it('passes a K8sClientError through unchanged', () => {
    const original = new K8sClientError('ABORTED', 'aborted');
    expect(fromNetworkError(original, ctx)).toBe(original);
  });
});
