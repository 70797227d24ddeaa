import { fileURLToPath } from 'node:url';
import { loadSnapshot, type LoadSnapshotOptions, type SnapshotCluster } from './snapshot-loader.js';

/**
 * Absolute path of the bundled demo cluster snapshot (`demo/demo-cluster.json` of this
 * package): three namespaces (shop, data, monitoring), about 55 pods and the planted problems
 * listed in docs/demo-cluster.md. Resolved from this module's location, so it works from the
 * sources and from the built package alike.
 */
export function demoSnapshotPath(): string {
  // src/snapshot-demo.ts and dist/snapshot-demo.js both sit one level below the package root.
  return fileURLToPath(new URL('../demo/demo-cluster.json', import.meta.url));
}

/**
 * Loads the bundled demo cluster ({@link demoSnapshotPath}) as a read-only snapshot cluster;
 * see {@link loadSnapshot} for the options and failure modes.
 */
export function loadDemoCluster(options: LoadSnapshotOptions): Promise<SnapshotCluster> {
  return loadSnapshot(demoSnapshotPath(), options);
}
