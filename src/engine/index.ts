// The engine's public surface: what the CLI, the drill and other modules call.
export { runIncident, resumeIncident, type RunIncidentOptions, type ResumeIncidentOptions, type GivenInputs } from './run.js';
export { approveStep, type ApproveResult } from './approve.js';
export { listIncidents, summarize, type IncidentSummary } from './incidents.js';
export { verifyJournal, type JournalVerification, type JournalProblem, type TornLine } from './journal-verify.js';
export { planRun, groupSteps, needsApproval, type ExecutionPlan, type PlannedStep, type StepGroup, type ActionLookup } from './plan.js';
export { loadActionModules, actionModulePaths } from './action-modules.js';
export { createInquirerPrompter, createNonInteractivePrompter, createTaskPrompter, NoOperatorError } from './prompter.js';
export { incidentPaths, incidentsRoot, openIncident, type IncidentPaths } from './incident.js';
export { replayJournal, incidentState, type ReplayedRun, type IncidentState } from './replay.js';
export type { EngineOptions, OutputStyle, RunResult, RunStatus } from './options.js';
export type { RunEvent, RunEventListener } from './events.js';
export { wouldText } from './step-outcome.js';
