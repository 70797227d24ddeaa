import type { Command } from '../command.js';
import { anomaliesCommand } from './anomalies.js';
import { configCommand } from './config.js';
import { describeCommand } from './describe.js';
import { graphCommand } from './graph.js';
import { healthCommand } from './health.js';
import { relationsCommand } from './relations.js';
import { serveCommand } from './serve.js';
import { snapshotCommand } from './snapshot.js';
import { summaryCommand } from './summary.js';

/** Every `k8s-mcp` command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  summaryCommand,
  anomaliesCommand,
  relationsCommand,
  graphCommand,
  describeCommand,
  healthCommand,
  snapshotCommand,
  serveCommand,
  configCommand,
];
