/**
 * How many inputs each property test tries: `FC_RUNS` in the environment (CI asks for 10,000), else 1000.
 * @see https://fast-check.dev/docs/configuration/global-settings/
 */
export function readPropertyRuns(env: Record<string, string | undefined>, fallback = 1000): number {
  const value = Number(env.FC_RUNS);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
