import { InterlocutorError, createGatewayInterlocutor } from './interlocutor';
import { startFakeInterlocutorGateway, type FakeInterlocutorGateway } from '../test/fakes/fake-interlocutor-gateway';

describe('createGatewayInterlocutor', () => {
  let gateway: FakeInterlocutorGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('sends one dry-run inference on function interlocutor with the question as the only user text', async () => {
    gateway = await startFakeInterlocutorGateway([{ type: 'text', text: 'First.' }, { type: 'thought', signature: 'x' }, { type: 'text', text: 'Second.' }]);
    const interlocutor = createGatewayInterlocutor(`${gateway.url}/`);
    await expect(interlocutor.answer('Which metric should I optimise?')).resolves.toBe('First.\nSecond.');
    expect(gateway.requests).toEqual([
      {
        function_name: 'interlocutor',
        input: { messages: [{ role: 'user', content: [{ type: 'text', text: 'Which metric should I optimise?' }] }] },
        dryrun: true,
      },
    ]);
    await interlocutor.close();
  });

  it('throws InterlocutorError with the status when the gateway refuses', async () => {
    gateway = await startFakeInterlocutorGateway();
    // The fake has no route other than /inference, so a base path makes every call fail with 400.
    const interlocutor = createGatewayInterlocutor(`${gateway.url}/nowhere`);
    const error = await interlocutor.answer('q').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InterlocutorError);
    expect(error).toMatchObject({ name: 'InterlocutorError', status: 400 });
  });

  it('throws InterlocutorError without a status when nothing answers', async () => {
    const stopped = await startFakeInterlocutorGateway();
    await stopped.close();
    const error = await createGatewayInterlocutor(stopped.url).answer('q').catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'InterlocutorError', status: null });
  });
});
