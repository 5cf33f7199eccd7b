import { describe, expect, it } from 'vitest';
import { findParameter } from '../params-catalog';
import { FLOWS, FOLLOW_UP_STEPS, findFlow } from './registry';

const everyStep = [...FLOWS.flatMap((flow) => flow.steps), ...FOLLOW_UP_STEPS];

describe('flow registry', () => {
  it('has the flows of the design, each found by id', () => {
    expect(FLOWS.map((flow) => flow.id).sort()).toEqual(
      [
        'client-credentials',
        'code-confidential',
        'code-pkce',
        'device-code',
        'hybrid',
        'implicit',
        'on-behalf-of',
        'password',
        'token-exchange',
      ].sort(),
    );
    for (const flow of FLOWS) expect(findFlow(flow.id)).toBe(flow);
    expect(findFlow('nope')).toBeUndefined();
  });

  it.each(FLOWS.map((flow) => [flow.id, flow] as const))(
    '%s explains every parameter it starts with',
    (_id, flow) => {
      const names = [
        ...Object.keys(flow.defaultAuthorizeParams ?? {}),
        ...Object.keys(flow.defaultTokenParams ?? {}),
      ];
      expect(names.filter((name) => findParameter(name) === undefined)).toEqual([]);
      expect(flow.registration.length).toBeGreaterThan(20);
      expect(flow.authMethods.length).toBeGreaterThan(0);
    },
  );

  it.each(everyStep.map((step) => [step.id, step] as const))(
    'step %s has an explanation and a spec link',
    (_id, step) => {
      expect(step.explanation.length).toBeGreaterThan(30);
      expect(step.spec?.url).toMatch(/^https:\/\//);
      if (step.action === 'send' || step.action === 'poll') expect(step.build).toBeTypeOf('function');
      if (step.action === 'navigate') expect(step.url).toBeTypeOf('function');
      if (step.interaction.kind === 'request') expect(['send', 'poll']).toContain(step.action);
      if (step.interaction.kind === 'automatic' || step.interaction.kind === 'credentials')
        expect(step.action).toBe('local');
    },
  );

  it('polls only steps of the same flow', () => {
    for (const flow of FLOWS) {
      for (const step of flow.steps) {
        if (step.interaction.kind !== 'other-device') continue;
        expect(flow.steps.map((candidate) => candidate.id)).toContain(step.interaction.pollStepId);
      }
    }
  });

  it('uses only participants the flow declares', () => {
    for (const flow of FLOWS) {
      const lanes = new Set(flow.participants.map((participant) => participant.id));
      for (const step of flow.steps) {
        expect(lanes.has(step.from), `${flow.id}/${step.id} from ${step.from}`).toBe(true);
        expect(lanes.has(step.to), `${flow.id}/${step.id} to ${step.to}`).toBe(true);
      }
    }
  });
});
