import { describe, expect, it } from 'vitest';
import { isAddressVariable, parseServiceReference, serviceReferencesIn } from './service-dns.js';

describe('parseServiceReference', () => {
  it('reads every in-cluster DNS form, with scheme, userinfo, port and path', () => {
    expect(parseServiceReference('postgres://user@db.data.svc.cluster.local:5432/app')).toEqual({ name: 'db', namespace: 'data', port: 5432, form: 'fqdn', address: 'db.data.svc.cluster.local:5432' });
    expect(parseServiceReference('postgres://user:s3cret@db.data.svc.cluster.local./app')).toEqual({ name: 'db', namespace: 'data', form: 'fqdn', address: 'db.data.svc.cluster.local' });
    expect(parseServiceReference('redis:6379')).toEqual({ name: 'redis', port: 6379, form: 'name', address: 'redis:6379' });
    expect(parseServiceReference('http://api:8080/v1')).toEqual({ name: 'api', port: 8080, form: 'name', address: 'api:8080' });
    expect(parseServiceReference('api.shop.svc')).toEqual({ name: 'api', namespace: 'shop', form: 'name.namespace.svc', address: 'api.shop.svc' });
    expect(parseServiceReference('api.shop:80')).toEqual({ name: 'api', namespace: 'shop', port: 80, form: 'name.namespace', address: 'api.shop:80' });
    expect(parseServiceReference('jdbc:postgresql://DB:5432/orders')).toMatchObject({ name: 'db', port: 5432 });
    expect(parseServiceReference('"amqp://rabbit"')).toMatchObject({ name: 'rabbit', form: 'name' });
  });

  it('accepts a bare word only with a port, a scheme or an address-like variable name', () => {
    expect(parseServiceReference('db')).toBeUndefined();
    expect(parseServiceReference('db', 'DB_HOST')).toMatchObject({ name: 'db', form: 'name' });
    expect(parseServiceReference('db.shop')).toBeUndefined();
    expect(parseServiceReference('db.shop', 'DATABASE_ADDR')).toMatchObject({ name: 'db', namespace: 'shop' });
    expect(parseServiceReference('checkout', 'OTEL_SERVICE_NAME')).toBeUndefined();
    expect(parseServiceReference('myapp://settings')).toBeUndefined(); // an app's own scheme is no network signal
    expect(parseServiceReference('myapp://settings:8080')).toMatchObject({ name: 'settings', port: 8080 });
    expect(parseServiceReference('info', 'LOG_LEVEL')).toBeUndefined();
  });

  it('ignores names outside the cluster, IPs, localhost, non-numeric ports and templated values', () => {
    for (const value of [
      'https://api.example.com/v1',
      'api.example.com:443',
      'http://example.com',
      'db.local:5432',
      'db.shop.cluster.local',
      'db.shop.svc.cluster',
      'kafka-0.kafka.shop.svc.cluster.local:9092',
      '10.0.0.12:5432',
      'http://localhost:8080',
      'key:value',
      'db:99999',
      'postgres://$(DB_HOST):5432/app',
      'two words:80',
      'user@db:5432',
      's3://analytics-demo/raw',
      'gs://models/v1',
      'file://config/app.yaml',
      '',
    ]) {
      expect(parseServiceReference(value, 'SOME_URL'), value).toBeUndefined();
    }
  });
});

describe('isAddressVariable', () => {
  it('reads the words of env and key names', () => {
    expect(['DB_HOST', 'DATABASE_URL', 'redis.addr', 'paymentsEndpoint', 'KAFKA_BROKERS', 'AUTH_SERVICE'].map(isAddressVariable)).toEqual([true, true, true, true, true, true]);
    expect(['OTEL_SERVICE_NAME', 'SERVER_PORT', 'SERVICE_ACCOUNT', 'LOG_LEVEL', 'HOSTNAME_FILE'].map(isAddressVariable)).toEqual([false, false, false, false, false]);
  });
});

describe('serviceReferencesIn', () => {
  it('reads comma lists and the URLs of multi-line files, once each', () => {
    expect(serviceReferencesIn('kafka-0.kafka:9092,kafka-1.kafka:9092').map((r) => r.address)).toEqual(['kafka-0.kafka:9092', 'kafka-1.kafka:9092']);
    const file = 'upstream:\n  url: http://api.shop:8080/v1\n  fallback: http://api.shop:8080/v2\nhost: cache\nexternal: https://status.example.com\n';
    expect(serviceReferencesIn(file, 'config.yaml').map((r) => r.address)).toEqual(['api.shop:8080']);
  });
});
