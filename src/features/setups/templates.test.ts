import { describe, expect, it } from 'vitest';
import { FLOWS } from '@/protocol/flows/registry';
import { parseSetupFile, SETUP_FLOW_IDS, toSetupFile } from '@/state/setups';
import { buildLocalSetups, ENTRA_TEMPLATES } from './templates';

describe('ready-made setups', () => {
  it('offers one local setup per flow, each a valid setup file entry without secrets', () => {
    const setups = buildLocalSetups();
    expect(setups.map((setup) => setup.flowId)).toEqual(FLOWS.map((flow) => flow.id));
    const parsed = parseSetupFile(toSetupFile(setups));
    expect(parsed.ok).toBe(true);
  });

  it('keeps the setup file format in step with the flows this build runs', () => {
    expect([...SETUP_FLOW_IDS].sort()).toEqual(FLOWS.map((flow) => flow.id).sort());
  });

  it('gives every Entra template a registration checklist and a Microsoft Learn source', () => {
    for (const template of ENTRA_TEMPLATES) {
      expect(template.setup.provider.kind).toBe('entra');
      expect(template.registration.length).toBeGreaterThan(0);
      expect(template.docs.url).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      expect(parseSetupFile(toSetupFile([template.setup])).ok).toBe(true);
    }
  });
});
