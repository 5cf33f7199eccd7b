import type { Exchange } from '../http';
import { generateNonce, generateState } from '../random';
import { isDpopNonceRefusal } from './dpop-steps';
import { BROWSER } from './participants';
import type { FlowDefinition, FlowRun, RunStep, StepDefinition, StepOutcome, StepRecord } from './types';

/** What a run starts from: the provider, the client and the parameters as the user set them. */
export type CreateRunInput = Pick<
  FlowRun,
  | 'provider'
  | 'providerLabel'
  | 'issuer'
  | 'endpoints'
  | 'clientId'
  | 'authMethod'
  | 'via'
  | 'companionOrigin'
  | 'authorizeParams'
  | 'tokenParams'
  | 'extraParams'
> & {
  generated?: FlowRun['generated'];
  id?: string;
  now?: Date;
  dpop?: FlowRun['dpop'];
  answersChallenge?: FlowRun['answersChallenge'];
  modes?: FlowRun['modes'];
};

/**
 * Starts a run of a flow: every step pending, `state` and `nonce` as the parameters hold them.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12 (state)
 */
export function createRun(flow: FlowDefinition, input: CreateRunInput): FlowRun {
  const run: FlowRun = {
    id: input.id ?? `run-${generateState().slice(0, 12)}`,
    flowId: flow.id,
    createdAt: (input.now ?? new Date()).toISOString(),
    provider: input.provider,
    providerLabel: input.providerLabel,
    issuer: input.issuer,
    endpoints: input.endpoints,
    clientId: input.clientId,
    authMethod: input.authMethod,
    via: input.via,
    companionOrigin: input.companionOrigin,
    authorizeParams: { ...input.authorizeParams },
    tokenParams: { ...input.tokenParams },
    extraParams: input.extraParams.map(([name, value]) => [name, value]),
    generated: {
      ...(input.authorizeParams.state ? { state: input.authorizeParams.state } : {}),
      ...(input.authorizeParams.nonce ? { nonce: input.authorizeParams.nonce } : {}),
      ...input.generated,
    },
    values: {},
    tokenHistory: [],
    steps: [],
    exchanges: [],
    ...(input.dpop === undefined ? {} : { dpop: input.dpop }),
    ...(input.answersChallenge === undefined ? {} : { answersChallenge: { ...input.answersChallenge } }),
    ...(input.modes && (input.modes.par || input.modes.jar) ? { modes: input.modes } : {}),
  };
  const steps: RunStep[] = [];
  for (const step of flow.steps) {
    if (step.partOf && !step.partOf(run)) continue;
    steps.push({
      key: nextStepKey(steps, step.id),
      stepId: step.id,
      record: { status: step.appliesTo && !step.appliesTo(run) ? 'skipped' : 'pending', exchangeIds: [] },
    });
  }
  run.steps = steps;
  return markCurrent(run);
}

/** Fresh `state` and `nonce` values, for the "regenerate" button. */
export function regenerateStateAndNonce(params: Record<string, string>): Record<string, string> {
  return {
    ...params,
    ...('state' in params ? { state: generateState() } : {}),
    ...('nonce' in params ? { nonce: generateNonce() } : {}),
  };
}

/**
 * The step waiting for the user: the most recent one marked current (a follow-up added after a
 * failed one), else the first that is pending or failed.
 */
export function findCurrentStep(run: FlowRun): RunStep | undefined {
  const current = run.steps.filter((step) => step.record.status === 'current').at(-1);
  return (
    current ?? run.steps.find((step) => step.record.status === 'pending' || step.record.status === 'failed')
  );
}

function markCurrent(run: FlowRun): FlowRun {
  let found = false;
  const steps = run.steps.map((step): RunStep => {
    const status = step.record.status;
    if (found || status === 'done' || status === 'skipped') return step;
    found = true;
    if (status === 'failed') return step;
    const record: StepRecord = { ...step.record, status: 'current' };
    return status === 'current' ? step : { ...step, record };
  });
  return { ...run, steps };
}

/** Records what a step produced: merges values, keeps a token history entry, moves on when it succeeded. */
export function applyOutcome(
  run: FlowRun,
  stepKey: string,
  outcome: StepOutcome,
  exchanges: Exchange[] = [],
  now = new Date(),
): FlowRun {
  const values = { ...run.values, ...outcome.values };
  const carriesTokens = outcome.values?.access_token !== undefined || outcome.values?.id_token !== undefined;
  const tokenHistory =
    outcome.ok && carriesTokens
      ? [
          ...run.tokenHistory,
          {
            label: outcome.tokensLabel ?? 'Tokens',
            at: now.toISOString(),
            values: pickTokens(outcome.values ?? {}),
          },
        ]
      : run.tokenHistory;
  const steps = run.steps.map((step): RunStep => {
    if (step.key !== stepKey) return step;
    const record: StepRecord = {
      status: outcome.ok ? 'done' : 'failed',
      exchangeIds: [...step.record.exchangeIds, ...exchanges.map((exchange) => exchange.id)],
      finishedAt: now.toISOString(),
      ...(outcome.message === undefined ? {} : { message: outcome.message }),
      ...(outcome.errorCode === undefined ? {} : { errorCode: outcome.errorCode }),
      ...(outcome.oauthError === undefined ? {} : { oauthError: outcome.oauthError }),
    };
    return { ...step, record };
  });
  return markCurrent({ ...run, values, tokenHistory, steps, exchanges: [...run.exchanges, ...exchanges] });
}

/** Adds exchanges to a step without finishing it (a poll that must go on). */
export function addStepExchanges(
  run: FlowRun,
  stepKey: string,
  exchanges: Exchange[],
  message?: string,
): FlowRun {
  const steps = run.steps.map((step) =>
    step.key === stepKey
      ? {
          ...step,
          record: {
            ...step.record,
            exchangeIds: [...step.record.exchangeIds, ...exchanges.map((exchange) => exchange.id)],
            ...(message === undefined ? {} : { message }),
          },
        }
      : step,
  );
  return { ...run, steps, exchanges: [...run.exchanges, ...exchanges] };
}

/** Sets a failed step back to current so that the user can try it again with other parameters. */
export function retryStep(run: FlowRun, stepKey: string): FlowRun {
  const steps = run.steps.map((step): RunStep =>
    step.key === stepKey
      ? { ...step, record: { status: 'current', exchangeIds: step.record.exchangeIds } }
      : step,
  );
  return { ...run, steps };
}

/**
 * A step's key names the step, not its position: the step id for its first occurrence in a run,
 * then `id-2`, `id-3`… for repeats (a second refresh). Steps that apply to some runs only (PAR,
 * JAR) thus leave every other step's key unchanged.
 */
export function nextStepKey(steps: readonly RunStep[], stepId: string): string {
  const taken = new Set(steps.map((step) => step.key));
  if (!taken.has(stepId)) return stepId;
  let occurrence = 2;
  while (taken.has(`${stepId}-${occurrence}`)) occurrence += 1;
  return `${stepId}-${occurrence}`;
}

/** Appends a follow-up step (refresh, userinfo, API call, logout) to a run that has tokens. */
export function appendStep(run: FlowRun, stepId: string): { run: FlowRun; key: string } {
  const key = nextStepKey(run.steps, stepId);
  // A follow-up is independent of earlier ones: it becomes current even after a failed one.
  const steps: RunStep[] = [...run.steps, { key, stepId, record: { status: 'current', exchangeIds: [] } }];
  return { run: { ...run, steps }, key };
}

/** Step definitions by id: the flow's own first, then the follow-ups every token-bearing run may use. */
export function resolveStep(
  flow: FlowDefinition,
  followUps: readonly StepDefinition[],
  stepId: string,
): StepDefinition | undefined {
  return flow.steps.find((step) => step.id === stepId) ?? followUps.find((step) => step.id === stepId);
}

function pickTokens(values: FlowRun['values']): FlowRun['values'] {
  const picked: FlowRun['values'] = {};
  for (const name of [
    'access_token',
    'id_token',
    'refresh_token',
    'token_type',
    'expires_in',
    'scope',
  ] as const) {
    const value = values[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

export interface DiagramMessage {
  id: string;
  from: string;
  to: string;
  label: string;
  detail?: string;
  status: 'pending' | 'current' | 'done' | 'failed';
  failureReason?: string;
  kind?: 'request' | 'response' | 'redirect' | 'user' | 'note' | 'loop';
  loopLabel?: string;
  /** A lane the message passes through: front-channel redirects travel by the browser. */
  via?: string;
}

/**
 * The sequence diagram of a run: one arrow per step, plus the answer of each request; a poll
 * step becomes a loop with one arrow pair per poll made.
 */
export function toDiagramMessages(
  flow: FlowDefinition,
  followUps: readonly StepDefinition[],
  run: FlowRun,
): DiagramMessage[] {
  const messages: DiagramMessage[] = [];
  const answered = answeredChallengeOf(flow, followUps, run);
  let inChallengeLoop = answered !== undefined;
  if (answered) messages.push(answered.refusal);
  for (const step of run.steps) {
    const definition = resolveStep(flow, followUps, step.stepId);
    if (!definition || step.record.status === 'skipped') continue;
    const first = messages.length;
    const status = step.record.status;
    const failure =
      status === 'failed' && step.record.message !== undefined ? { failureReason: step.record.message } : {};
    const kind =
      definition.action === 'poll'
        ? 'loop'
        : definition.action === 'user'
          ? 'user'
          : definition.action === 'navigate' || definition.action === 'callback'
            ? 'redirect'
            : 'request';
    const loop =
      definition.action === 'poll' ? { loopLabel: describePollLoop(step.record.exchangeIds.length) } : {};
    // A redirect between the app and the provider is carried by the user's browser (RFC 6749 §1.2).
    const through =
      kind === 'redirect' &&
      definition.from !== BROWSER_LANE &&
      definition.to !== BROWSER_LANE &&
      flow.participants.some((participant) => participant.id === BROWSER_LANE)
        ? { via: BROWSER_LANE }
        : {};
    // A DPoP nonce refusal is its own round trip before the request that succeeded (RFC 9449 §8).
    step.record.exchangeIds.forEach((exchangeId, index) => {
      const exchange = run.exchanges.find((candidate) => candidate.id === exchangeId);
      if (!exchange || !isDpopNonceRefusal(exchange.request, exchange.response)) return;
      messages.push(
        {
          id: `${step.key}:dpop-nonce-${String(index)}`,
          from: definition.from,
          to: definition.to,
          label: `${definition.title}, DPoP proof without the server's nonce`,
          detail:
            'The server requires a nonce it chose in every DPoP proof (RFC 9449 §8), so the first request, made before the app knew one, is refused.',
          status: 'done',
          kind: 'request',
        },
        {
          id: `${step.key}:dpop-nonce-${String(index)}:response`,
          from: definition.to,
          to: definition.from,
          label: `HTTP ${String(exchange.response?.status ?? '')} use_dpop_nonce + DPoP-Nonce header`,
          status: 'done',
          kind: 'response',
        },
      );
    });
    messages.push({
      id: step.key,
      from: definition.from,
      to: definition.to,
      label: definition.title,
      detail: definition.explanation,
      status: definition.responseLabel && status === 'failed' ? 'done' : status,
      kind,
      ...loop,
      ...through,
      ...(definition.responseLabel ? {} : failure),
    });
    if (definition.responseLabel) {
      const answered = status === 'done' || status === 'failed';
      messages.push({
        id: `${step.key}:response`,
        from: definition.to,
        to: definition.from,
        label: definition.responseLabel,
        status: answered ? status : 'pending',
        kind: definition.action === 'poll' ? 'loop' : 'response',
        ...loop,
        ...failure,
      });
    }
    if (answered && inChallengeLoop) {
      for (let index = first; index < messages.length; index += 1) {
        const message = messages[index];
        if (message) messages[index] = { ...message, loopLabel: answered.loopLabel };
      }
      // The loop closes with the repeated call.
      if (step.stepId === answered.stepId) inChallengeLoop = false;
    }
  }
  if (answered && inChallengeLoop) messages.push(answered.repeat);
  return messages;
}

/**
 * The loop a run that answers an API's challenge draws: the refusal it starts from (in the run
 * before), the bracket's label, and the repeated call still to make.
 */
function answeredChallengeOf(
  flow: FlowDefinition,
  followUps: readonly StepDefinition[],
  run: FlowRun,
): { refusal: DiagramMessage; repeat: DiagramMessage; loopLabel: string; stepId: string } | undefined {
  const challenge = run.answersChallenge;
  const refused = challenge && resolveStep(flow, followUps, challenge.stepId);
  if (!challenge || !refused) return undefined;
  const claimsChallenge = challenge.error === 'insufficient_claims';
  const loopLabel = claimsChallenge
    ? 'claims challenge: authorize again with the claims the API asked for (+ xms_cc cp1), until the API accepts the token'
    : `${challenge.error}: authorize again with what the API asked for, until it accepts the token`;
  return {
    stepId: challenge.stepId,
    loopLabel,
    refusal: {
      id: 'challenge:refusal',
      from: refused.to,
      to: refused.from,
      label: `HTTP ${String(challenge.status)} ${challenge.error}${claimsChallenge ? ' (claims challenge)' : ''}, in run ${challenge.fromRunId}`,
      detail: `${refused.title} was refused in run ${challenge.fromRunId}; this run's authorization request sends claims=${challenge.claimsRequest}.`,
      status: 'done',
      kind: 'response',
    },
    repeat: {
      id: 'challenge:repeat',
      from: refused.from,
      to: refused.to,
      label: `${refused.title}, again with the new token`,
      detail: 'Closes the loop: the new token should now carry what the API asked for.',
      status: 'pending',
      kind: 'request',
      loopLabel,
    },
  };
}

const BROWSER_LANE = BROWSER.id;

function describePollLoop(polls: number): string {
  const count = polls === 0 ? '' : ` (${polls} poll${polls === 1 ? '' : 's'} so far)`;
  return `every interval until done${count}`;
}
