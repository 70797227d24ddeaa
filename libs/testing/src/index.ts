export { type ControlPlaneInfo, parseControlPlaneEnv } from './control-plane-info.js';
export {
  type DeploymentFixtureOptions,
  deploymentFixture,
  NODE_FAILURE_LABEL,
  type NodeFailureMode,
  POD_FAILURE_LABEL,
  type PodFailureMode,
  podFixture,
} from './fixtures.js';
export { freePort } from './free-port.js';
export { controlPlaneOrThrow, type IntegrationFixtures, integrationTest } from './integration-test.js';
export { type PrivateControlPlane, startPrivateControlPlane } from './private-control-plane.js';
export { apiStatus, createKubeClients, type KubeClients } from './kube-clients.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
export { applyScenario, deleteScenarios, type KubectlTarget, plantEvents, SCENARIO_LABEL } from './diagnosis/apply-scenario.js';
export { type DiagnosisScenario, loadScenarios, parseScenario, ScenarioError, type ScenarioEvent, type ScenarioExpectation } from './diagnosis/diagnosis-scenario.js';
export { evidenceIn, findingBlocks, namesObject, type ScenarioScore, scoreSummary } from './diagnosis/score-diagnosis.js';
export { DELIMITER_SPELLINGS, type FencedText, HARMLESS_LOOK_ALIKES, splitFences, unneutralisedSpellings } from './untrusted-fences.js';
