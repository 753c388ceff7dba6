export { type ChiSquareTestResult, chiSquareUniformTest, chiSquareUpperTail } from "./chi-square.js";
export {
  type AgentsForServiceLevelInput,
  type ArrivalRate,
  type ArrivalsPerInterval,
  agentsForServiceLevel,
  type ErlangCInput,
  type ErlangCResult,
  type ErlangWorkload,
  erlangC,
  type StaffingResult,
} from "./erlang-c.js";
export { giniCoefficient } from "./gini.js";
