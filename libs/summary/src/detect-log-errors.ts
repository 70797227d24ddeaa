import type { ClusterIndex } from './cluster-index.js';
import type { RawFinding } from './finding.js';
import type { Pod } from './kube-types.js';
import { logEvidenceLine, mostTellingLine, tellingLines } from './telling-lines.js';
import type { AnomalyThresholds } from './thresholds.js';

/** Log lines quoted as evidence for a running container. */
const MAX_LINES = 4;

/**
 * Running containers whose log (read for the summary, see `AnomalyOptions.containerLogs`)
 * shows errors: an exception per request, a `forbidden` from the API, a refused connection.
 * Kubernetes calls such a container healthy, so nothing else reports it; k8sgpt's log analyzer
 * is the model. Failing containers (crash loops, terminated, restarting at least the threshold)
 * are left to the pod checks, which quote their logs themselves. Only lines that look telling
 * count (never the fallback tail). Warning, one finding per container, the most telling line in
 * the message.
 */
export function detectLogErrors(index: ClusterIndex, t: AnomalyThresholds): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const [key, log] of index.containerLogs) {
    const [namespace, podName, container] = key.split('/') as [string, string, string];
    const pod = index.get<Pod>({ kind: 'Pod', namespace, name: podName });
    const status = pod?.status?.containerStatuses?.find((c) => c.name === container);
    if (!pod || !status?.state?.running || (status.restartCount ?? 0) >= t.restartCount) continue;
    const lines = tellingLines(log.lines, { maxLines: MAX_LINES, fallbackLines: 0 });
    const best = mostTellingLine(log.lines, 120);
    if (lines.length === 0 || best === undefined) continue;
    findings.push({
      severity: 'warning',
      reason: 'LogErrors',
      object: index.refOf('Pod', pod),
      key: container,
      message: `container ${container} is running but its log shows errors: ${JSON.stringify(best)}`,
      evidence: lines.map((line) => logEvidenceLine(line, log.previous ? 'previous' : 'current')),
      nextStep: `Read the log: \`kubectl -n ${namespace} logs ${podName} -c ${container} --tail 100\`, and fix what it reports`,
      status: 'logs errors',
    });
  }
  return findings;
}
