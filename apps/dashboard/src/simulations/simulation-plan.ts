import { setImmediate as nextTurn } from "node:timers/promises";
import {
  type AgentProfile,
  AgentRosterError,
  DEFAULT_TARGET_SECONDS,
  generateSyntheticDataset,
  InputError,
  PolicyConfigError,
  parseAgentsJson,
  parseInteractionsCsv,
  planSimulationRuns,
  ROUTING_POLICY_NAMES,
  type RoutingPolicyName,
  type SimulatedInteraction,
  type SimulationRunPlan,
  validateAgents,
} from "@routing/core";
import { badRequest, HttpError } from "@routing/http-kit";
import { rosterField } from "../http/error-mapping.js";
import { type GenerateOptions, MAX_SIMULATION_AGENTS, type SimulationRequest } from "./simulation-request.js";

/** Everything a run needs, checked: nothing about it can fail for the caller's input any more. */
export interface SimulationPlan {
  /** core's run plan, as `npm run sim` makes it for the same request. */
  readonly runs: SimulationRunPlan;
  readonly policies: readonly RoutingPolicyName[];
  readonly compare: boolean;
  readonly targetSeconds: number;
  readonly agents: readonly AgentProfile[];
  readonly source: "csv" | "generated";
  readonly interactionCount: number;
  /** A fresh sequence on every call (one per policy), sorted by arrival. */
  interactions(): Iterable<SimulatedInteraction>;
}

export interface SimulationLimits {
  /** DASHBOARD_MAX_SIMULATION_INTERACTIONS */
  readonly maxInteractions: number;
}

// The CSV is parsed in slices with a turn of the event loop between them, so a large upload does not
// stall /metrics and /healthz while it is checked.
const CSV_SLICE_CHARS = 64 * 1024;

/**
 * Turns a validated request into a plan, or throws an HttpError naming the field: 400 for bad input (CSV
 * errors with line and column), 413 past the interaction limit. The CSV is parsed here, before the run is
 * accepted, so that a bad file is answered at once rather than discovered by polling.
 */
export async function buildSimulationPlan(
  request: SimulationRequest,
  limits: SimulationLimits,
): Promise<SimulationPlan> {
  const policies = choosePolicies(request);
  const runs = planRuns(request);
  const { csv, generate } = request.interactions;
  if ((csv === undefined) === (generate === undefined)) {
    throw badRequest("invalid-request", 'interactions: give exactly one of "csv" and "generate"', {
      field: "interactions",
    });
  }
  const roster = request.agents === undefined ? undefined : readRoster(request.agents);
  const common = {
    runs,
    policies,
    compare: request.compare === true,
    targetSeconds: request.targetSeconds ?? DEFAULT_TARGET_SECONDS,
  };
  if (generate !== undefined) return { ...common, ...generatedInteractions(generate, roster, limits) };
  if (roster === undefined) {
    throw badRequest("invalid-request", "agents: required with interactions.csv", { field: "agents" });
  }
  const rows = await readCsv(csv ?? "", limits.maxInteractions);
  return {
    ...common,
    agents: roster,
    source: "csv",
    interactionCount: rows.length,
    interactions: () => rows,
  };
}

function choosePolicies(request: SimulationRequest): readonly RoutingPolicyName[] {
  if (request.compare === true) {
    if (request.policy !== undefined) {
      throw badRequest("invalid-request", "policy: leave it out with compare: true (every policy runs)", {
        field: "policy",
      });
    }
    return ROUTING_POLICY_NAMES;
  }
  if (request.policy === undefined) {
    throw badRequest(
      "invalid-request",
      `policy: required (one of ${ROUTING_POLICY_NAMES.join(", ")}), or compare: true`,
      { field: "policy" },
    );
  }
  return [request.policy];
}

function planRuns(request: SimulationRequest): SimulationRunPlan {
  try {
    return planSimulationRuns({
      compare: request.compare === true,
      policy: request.policy,
      fairness: request.fairness,
    });
  } catch (error) {
    if (error instanceof PolicyConfigError) {
      throw badRequest("invalid-request", error.message, { field: error.field });
    }
    throw error;
  }
}

function readRoster(agents: string | readonly unknown[]): AgentProfile[] {
  let roster: AgentProfile[];
  try {
    roster = typeof agents === "string" ? parseAgentsJson(agents) : validateAgents(agents);
  } catch (error) {
    if (error instanceof AgentRosterError) {
      throw badRequest("invalid-agents", `agents: ${error.message}`, { field: rosterField(error) });
    }
    if (error instanceof InputError) {
      throw badRequest("invalid-agents", `agents: ${error.message}`, {
        field: "agents",
        line: error.line,
        column: error.column,
      });
    }
    throw error;
  }
  if (roster.length > MAX_SIMULATION_AGENTS) {
    throw new HttpError(413, "payload-too-large", `agents: more than ${MAX_SIMULATION_AGENTS} agents`, {
      field: "agents",
    });
  }
  return roster;
}

function generatedInteractions(
  options: GenerateOptions,
  roster: AgentProfile[] | undefined,
  limits: SimulationLimits,
): Pick<SimulationPlan, "agents" | "source" | "interactionCount" | "interactions"> {
  if (options.count > limits.maxInteractions) {
    throw new HttpError(
      413,
      "payload-too-large",
      `interactions.generate.count: ${options.count} is more than the ${limits.maxInteractions} interactions a simulation may have (DASHBOARD_MAX_SIMULATION_INTERACTIONS)`,
      { field: "interactions.generate.count" },
    );
  }
  const agentCount = options.agents ?? roster?.length;
  if (agentCount === undefined) {
    throw badRequest(
      "invalid-request",
      "interactions.generate.agents: required when no agents roster is posted",
      { field: "interactions.generate.agents" },
    );
  }
  let dataset: ReturnType<typeof generateSyntheticDataset>;
  try {
    dataset = generateSyntheticDataset({
      interactions: options.count,
      agents: agentCount,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.targetOccupancy === undefined ? {} : { targetOccupancy: options.targetOccupancy }),
      ...(options.meanHandleSeconds === undefined ? {} : { meanHandleSeconds: options.meanHandleSeconds }),
      ...(options.meanPatienceSeconds === undefined
        ? {}
        : { meanPatienceSeconds: options.meanPatienceSeconds }),
      ...(options.skills === undefined ? {} : { skills: options.skills }),
      ...(options.languages === undefined ? {} : { languages: options.languages }),
    });
  } catch (error) {
    // The schema already holds every rule core checks; a RangeError here names what slipped through.
    if (error instanceof RangeError) {
      throw badRequest("invalid-request", error.message, { field: "interactions.generate" });
    }
    throw error;
  }
  return {
    agents: roster ?? dataset.agents,
    source: "generated",
    interactionCount: options.count,
    interactions: () => dataset.interactions(),
  };
}

async function readCsv(csv: string, maxInteractions: number): Promise<SimulatedInteraction[]> {
  const rows: SimulatedInteraction[] = [];
  try {
    for await (const interaction of parseInteractionsCsv(slices(csv))) {
      if (rows.length >= maxInteractions) {
        throw new HttpError(
          413,
          "payload-too-large",
          `interactions.csv: more than the ${maxInteractions} interactions a simulation may have (DASHBOARD_MAX_SIMULATION_INTERACTIONS)`,
          { field: "interactions.csv" },
        );
      }
      rows.push(interaction);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (error instanceof InputError) {
      throw badRequest("invalid-csv", `interactions.csv: ${error.message}`, {
        field: error.field ?? "interactions.csv",
        line: error.line,
        column: error.column,
      });
    }
    throw error;
  }
  return rows;
}

async function* slices(text: string): AsyncGenerator<string> {
  for (let start = 0; start < text.length; start += CSV_SLICE_CHARS) {
    if (start > 0) await nextTurn();
    yield text.slice(start, start + CSV_SLICE_CHARS);
  }
}
