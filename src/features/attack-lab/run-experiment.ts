import * as v from 'valibot';
import { sendRequest } from '@/transport/send';

/** Where the companion serves the attack lab's runner (server/lab/index.js, loopback only). */
export const LAB_RUNNER_ORIGIN = 'http://localhost:4008';

const StepSchema = v.object({
  from: v.string(),
  to: v.string(),
  label: v.string(),
  via: v.optional(v.string()),
  outcome: v.optional(v.string()),
  request: v.optional(v.object({ method: v.string(), url: v.string(), body: v.optional(v.string()) })),
  response: v.optional(
    v.object({ status: v.number(), location: v.optional(v.string()), body: v.optional(v.string()) }),
  ),
});

const ResultSchema = v.object({
  id: v.string(),
  defence: v.picklist(['off', 'on']),
  outcome: v.picklist(['attack-succeeded', 'attack-refused']),
  headline: v.string(),
  steps: v.array(StepSchema),
});

export type LabStep = v.InferOutput<typeof StepSchema>;
export type LabResult = v.InferOutput<typeof ResultSchema>;

/**
 * Runs one experiment at the lab's runner and returns its recorded steps; a clear error when the
 * companion is not running or answers something else.
 */
export async function runExperiment(id: string, defence: 'off' | 'on'): Promise<LabResult> {
  const exchange = await sendRequest(
    {
      method: 'POST',
      url: `${LAB_RUNNER_ORIGIN}/experiments/${encodeURIComponent(id)}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ defence }),
    },
    { label: `Attack lab: ${id} (defence ${defence})`, record: false, timeoutMs: 30_000 },
  );
  if (!exchange.response) {
    throw new Error(
      `The attack lab runs in the local companion: ${LAB_RUNNER_ORIGIN} could not be reached (${exchange.failure?.message ?? 'no answer'}). Start it with npm start.`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(exchange.response.body);
  } catch {
    throw new Error(`The lab answered ${exchange.response.status} with something that is not JSON.`);
  }
  if (exchange.response.status !== 200) {
    const description =
      typeof body === 'object' && body !== null && 'error_description' in body
        ? String(body.error_description)
        : `status ${exchange.response.status}`;
    throw new Error(`The experiment could not run: ${description}`);
  }
  const parsed = v.safeParse(ResultSchema, body);
  if (!parsed.success) throw new Error('The lab answered in an unexpected shape.');
  return parsed.output;
}
