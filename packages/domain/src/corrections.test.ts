import { describe, expect, it } from 'vitest';
import { intakeLabel, labelOfStep, splitOfText } from './corrections.ts';
import type { WorkflowView } from './workflow/step.ts';

const view = (w: unknown) => w as WorkflowView;

describe('labels for the matter classifier', () => {
  it('a coordinator routing a triaged case labels its text with the chosen matter', () => {
    const triage = view({
      kind: 'triage',
      view: {
        state: 'routed',
        caseId: 'c1',
        routed: { matterCode: 'ADV-04', by: 'cd-coordinator', at: '' },
        suggestions: [{ matterCode: 'ADV-01', confidence: 0.5 }],
      },
    });
    expect(labelOfStep(triage, 'pending')).toEqual({ caseId: 'c1', matterCode: 'ADV-04', source: 'triage', suggested: 'ADV-01' });
    expect(labelOfStep(triage, null)).toBeNull();
  });

  it('an accepted transfer labels with the cited matter; a rejected one does not', () => {
    const accepted = view({ kind: 'transfer', view: { state: 'accepted', caseId: 'c2', citedMatter: 'FAC-04' } });
    expect(labelOfStep(accepted, 'pending')).toMatchObject({ matterCode: 'FAC-04', source: 'transfer' });
    expect(labelOfStep(view({ kind: 'transfer', view: { state: 'rejected', caseId: 'c2', citedMatter: 'FAC-04' } }), 'pending')).toBeNull();
  });

  it('a ruling labels once, whether or not both statements were in', () => {
    const ruled = view({ kind: 'dispute', view: { state: 'ruled', caseId: 'c3', matterCode: 'NOI-02' } });
    expect(labelOfStep(ruled, 'awaitingRuling')).toMatchObject({ matterCode: 'NOI-02', source: 'ruling' });
    expect(labelOfStep(ruled, 'statements')).toMatchObject({ source: 'ruling' });
    expect(labelOfStep(ruled, 'ruled')).toBeNull();
  });

  it('the operator agreeing with the top suggestion is not a correction', () => {
    expect(intakeLabel('c4', 'SAN-01', 'SAN-01')).toBeNull();
    expect(intakeLabel('c4', 'SAN-01', null)).toBeNull();
    expect(intakeLabel('c4', 'SAN-01', 'SAN-02')).toEqual({ caseId: 'c4', matterCode: 'SAN-01', source: 'intake', suggested: 'SAN-02' });
  });

  it('a text keeps its split, and about one in five validates', () => {
    const texts = Array.from({ length: 1000 }, (_, i) => `投诉第${i}号：门口有人占道经营`);
    expect(texts.map(splitOfText)).toEqual(texts.map(splitOfText));
    const share = texts.filter((t) => splitOfText(t) === 'validation').length / texts.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
  });
});
