import { describe, expect, it } from 'vitest';
import { createActivityStats } from './activity-stats.js';

describe('createActivityStats', () => {
  it('counts requests and 5xx errors since start and averages response time over the window', () => {
    const stats = createActivityStats();
    stats.recordApiRequest('/mcp', 200, 0.1);
    stats.recordApiRequest('/mcp', 503, 0.3);
    stats.recordApiRequest('/health', 404, 0.002);
    expect(stats.values({ commit: true })).toEqual({
      'api./mcp.requests': 2,
      'api./mcp.errors': 1,
      'api./mcp.response_time': 0.2,
      'api./health.requests': 1,
      'api./health.errors': 0,
      'api./health.response_time': 0.002,
      'api.overall.requests': 3,
      'api.overall.errors': 1,
      'api.overall.response_time': expect.closeTo(0.134, 3),
      'api.overall.error_rate_percent': expect.closeTo(100 / 3, 10),
    });
  });

  it('starts a new window on commit: a quiet window has counts but no means', () => {
    const stats = createActivityStats();
    stats.recordApiRequest('/mcp', 500, 1);
    stats.values({ commit: true });
    expect(stats.values({ commit: true })).toEqual({
      'api./mcp.requests': 1,
      'api./mcp.errors': 1,
      'api.overall.requests': 1,
      'api.overall.errors': 1,
    });
    stats.recordApiRequest('/mcp', 200, 3);
    expect(stats.values({ commit: true })).toMatchObject({ 'api./mcp.response_time': 3, 'api.overall.error_rate_percent': 0 });
  });

  it('reports the last busy window on uncommitted reads of a quiet window, and does not end the window', () => {
    const stats = createActivityStats();
    stats.recordApiRequest('/mcp', 200, 2);
    expect(stats.values()['api./mcp.response_time']).toBe(2);
    stats.recordApiRequest('/mcp', 200, 4);
    expect(stats.values({ commit: true })['api./mcp.response_time']).toBe(3);
    expect(stats.values()).toMatchObject({ 'api./mcp.response_time': 3, 'api.overall.response_time': 3, 'api.overall.error_rate_percent': 0 });
  });

  it('drops a mean from uncommitted reads once a committed window had no traffic', () => {
    const stats = createActivityStats();
    stats.recordApiRequest('/mcp', 200, 2);
    stats.recordToolExecution('t', 1, true);
    stats.values({ commit: true }); // the busy window
    stats.values({ commit: true }); // a quiet window
    const read = stats.values();
    expect(read['api./mcp.requests']).toBe(1);
    expect(read).not.toHaveProperty(['api./mcp.response_time']);
    expect(read).not.toHaveProperty(['api.overall.response_time']);
    expect(read).not.toHaveProperty(['api.overall.error_rate_percent']);
    expect(read).not.toHaveProperty(['tool.t.execution_time']);
  });

  it('tracks tool executions, errors and execution time', () => {
    const stats = createActivityStats();
    stats.recordToolExecution('pods_list', 0.5, true);
    stats.recordToolExecution('pods_list', 1.5, false);
    expect(stats.values({ commit: true })).toMatchObject({
      'tool.pods_list.executions': 2,
      'tool.pods_list.errors': 1,
      'tool.pods_list.execution_time': 1,
    });
  });

  it('counts names past maxKeys as `other`, and renames a route called `overall`', () => {
    const stats = createActivityStats({ maxKeys: 2 });
    expect(stats.recordApiRequest('/a', 200, 1)).toBe('/a');
    expect(stats.recordApiRequest('/b', 200, 1)).toBe('/b');
    expect(stats.recordApiRequest('/c', 200, 1)).toBe('other');
    expect(stats.recordApiRequest('/a', 200, 1)).toBe('/a');
    expect(createActivityStats().recordApiRequest('overall', 200, 1)).toBe('overall_route');
    expect(stats.recordToolExecution('t', 1, true)).toBe('t');
    expect(stats.values()['api.other.requests']).toBe(1);
    expect(() => createActivityStats({ maxKeys: 0 })).toThrow(/^createActivityStats: maxKeys/);
  });
});
