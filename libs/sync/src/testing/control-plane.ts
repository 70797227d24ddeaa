// eslint-disable-next-line @nx/enforce-module-boundaries
import type { ControlPlaneInfo } from '@k8s-mcp/testing';
import { inject } from 'vitest';

/**
 * The shared control plane the integration global setup provides, for `beforeAll` hooks (the
 * `controlPlane` fixture exists only inside tests). The `ProvidedContext` typing lives in
 * libs/testing's global setup, outside this project's compilation, hence the cast.
 */
export function sharedControlPlane(): ControlPlaneInfo {
  const info = (inject as (key: string) => ControlPlaneInfo | undefined)('controlPlane');
  if (!info) throw new Error('sharedControlPlane: no control plane provided; run through the `integration` vitest project');
  return info;
}
