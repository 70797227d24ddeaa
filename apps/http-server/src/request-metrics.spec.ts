import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { requestMetrics } from './request-metrics.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function serve(): Promise<{ base: string; records: [string, number, number][] }> {
  const records: [string, number, number][] = [];
  let clock = 0;
  const app = new Koa();
  app.silent = true;
  // Each call of the clock advances it 250 ms: start and end are one call apart.
  app.use(requestMetrics((...r) => records.push(r), () => (clock += 250)));
  const router = new Router();
  router.get('/items/:id', (ctx) => {
    ctx.body = { id: ctx.params['id'] };
  });
  router.get('/teapot', (ctx) => ctx.throw(418, 'short and stout'));
  router.get('/boom', () => {
    throw new Error('boom');
  });
  router.get('/raw', (ctx) => {
    ctx.respond = false;
    ctx.res.writeHead(202, { 'content-type': 'text/plain' });
    ctx.res.end('raw');
  });
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, records };
}

describe('requestMetrics', () => {
  it('records the matched route pattern, not the raw path, with status and seconds', async () => {
    const { base, records } = await serve();
    expect((await fetch(`${base}/items/42`)).status).toBe(200);
    expect((await fetch(`${base}/items/43?x=1`)).status).toBe(200);
    expect(records).toEqual([
      ['/items/:id', 200, 0.25],
      ['/items/:id', 200, 0.25],
    ]);
  });

  it('records unmatched paths under one name', async () => {
    const { base, records } = await serve();
    expect((await fetch(`${base}/nope/${Math.random()}`)).status).toBe(404);
    expect(records).toEqual([['unmatched', 404, 0.25]]);
  });

  it('records the status of escaping errors, 500 when they carry none', async () => {
    const { base, records } = await serve();
    expect((await fetch(`${base}/teapot`)).status).toBe(418);
    expect((await fetch(`${base}/boom`)).status).toBe(500);
    expect(records).toEqual([
      ['/teapot', 418, 0.25],
      ['/boom', 500, 0.25],
    ]);
  });

  it('records the status a handler wrote itself', async () => {
    const { base, records } = await serve();
    const response = await fetch(`${base}/raw`);
    expect(await response.text()).toBe('raw');
    expect(records).toEqual([['/raw', 202, 0.25]]);
  });
});
