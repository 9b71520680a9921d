import { startFakeInterlocutorGateway } from '../../test/fakes/fake-interlocutor-gateway';
import { createGatewayInterlocutor } from '../interlocutor';
import { MISSING_ROUTING_PHRASE, MISSING_VARIANTS_PHRASE, composeNudge, describeMissingPieces, nudgePromptForInterlocutor } from './nudge';

describe('nudges', () => {
  it('joins the missing pieces with " and "', () => {
    expect(describeMissingPieces({ hasVariants: false, hasRouting: false })).toBe(`${MISSING_VARIANTS_PHRASE} and ${MISSING_ROUTING_PHRASE}`);
    expect(describeMissingPieces({ hasVariants: true, hasRouting: false })).toBe(MISSING_ROUTING_PHRASE);
    expect(describeMissingPieces({ hasVariants: false, hasRouting: true })).toBe(MISSING_VARIANTS_PHRASE);
  });

  it('names write_config and track_and_stop in the phrases', () => {
    expect(MISSING_VARIANTS_PHRASE).toContain('`write_config`');
    expect(MISSING_ROUTING_PHRASE).toContain('`track_and_stop`');
  });

  it('without an interlocutor sends a fixed message naming what is missing', async () => {
    const nudge = await composeNudge({ hasVariants: true, hasRouting: false });
    expect(nudge.viaInterlocutor).toBe(false);
    expect(nudge.message).toContain(MISSING_ROUTING_PHRASE);
    expect(nudge.message).not.toContain(MISSING_VARIANTS_PHRASE);
    expect(nudge.message).toContain('`write_config` tool');
  });

  it('the interlocutor prompt states what is missing and both rules', () => {
    const prompt = nudgePromptForInterlocutor(MISSING_VARIANTS_PHRASE);
    expect(prompt).toContain(MISSING_VARIANTS_PHRASE);
    expect(prompt).toMatch(/baseline variant.*`candidate_variants`/);
    expect(prompt).toMatch(/both `candidate_variants` and `fallback_variants`/);
    expect(prompt).toMatch(/do not set `weight`/);
  });

  it('with an interlocutor sends its answer to the prompt', async () => {
    const gateway = await startFakeInterlocutorGateway([{ type: 'text', text: 'Create a variant now.' }]);
    try {
      const nudge = await composeNudge({ hasVariants: false, hasRouting: true }, createGatewayInterlocutor(gateway.url));
      expect(nudge).toEqual({ message: 'Create a variant now.', viaInterlocutor: true });
      expect(gateway.questions()).toEqual([nudgePromptForInterlocutor(MISSING_VARIANTS_PHRASE)]);
    } finally {
      await gateway.close();
    }
  });
});
