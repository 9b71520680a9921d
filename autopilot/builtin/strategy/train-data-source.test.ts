import { createHttpTrainDataSource, TrainDataSourceError } from './train-data-source';
import { startFakeTrainGateway, type FakeTrainGateway } from '../../../test/fakes/fake-train-gateway';
import { NER_FUNCTION, nerInferences, nerPerformances, nerSnapshot } from '../../../test/fixtures/ner-train-data';

let gateway: FakeTrainGateway;

beforeEach(async () => {
  gateway = await startFakeTrainGateway({
    snapshot: nerSnapshot(),
    inferences: { [NER_FUNCTION]: nerInferences() },
    performances: { exact_match: nerPerformances('exact_match') },
  });
});
afterEach(() => gateway.close());

describe('createHttpTrainDataSource', () => {
  it('reads the config, inferences (with limit) and cumulative variant performances', async () => {
    const source = createHttpTrainDataSource(`${gateway.url}/`);
    const snapshot = await source.getConfig();
    expect(snapshot.hash).toBe('cfg-hash-0001');
    expect(snapshot.config.functions[NER_FUNCTION].type).toBe('json');
    expect(await source.listInferences(NER_FUNCTION, 5)).toHaveLength(5);
    const rows = await source.getVariantPerformances(NER_FUNCTION, 'exact_match');
    expect(rows).toEqual(nerPerformances('exact_match'));
    expect(gateway.requests).toContain(`/internal/functions/${encodeURIComponent(NER_FUNCTION)}/variant_performances?metric_name=exact_match&time_window=cumulative`);
  });

  it('marks 5xx answers retryable and 4xx answers not', async () => {
    const source = createHttpTrainDataSource(gateway.url);
    gateway.intercept = () => 503;
    await expect(source.getConfig()).rejects.toMatchObject({ name: 'TrainDataSourceError', retryable: true, status: 503 });
    gateway.intercept = () => 404;
    await expect(source.getConfig()).rejects.toMatchObject({ retryable: false, status: 404 });
  });

  it('marks an unreachable gateway retryable', async () => {
    const url = gateway.url;
    await gateway.close();
    const error = await createHttpTrainDataSource(url).getConfig().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainDataSourceError);
    expect(error).toMatchObject({ retryable: true, url: `${url}/internal/config` });
  });

  it('rejects a response of the wrong shape', async () => {
    gateway.data.snapshot = { nope: true } as never;
    await expect(createHttpTrainDataSource(gateway.url).getConfig()).rejects.toMatchObject({ retryable: false });
  });
});
