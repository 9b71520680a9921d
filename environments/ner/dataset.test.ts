import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidEnvironmentConfigError } from '../errors';
import { rowsFromConllCsv, NerDatasetFormatError } from './conll-csv';
import { cachedDownload, dataCacheDir, DatasetDownloadError } from './data-cache';
import { loadNerDataset, loadSyntheticRows, selectSplit } from './dataset';
import { parseNerEnvConfig } from './env-config';
import { lookupNerGold } from './gold-index';
import { nerEnvironment } from './index';

const FIXTURE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'ner', 'conllpp-sample.csv');

describe('the shipped synthetic dataset', () => {
  it('has 300 train and 100 test rows with distinct sentences', () => {
    const rows = loadSyntheticRows();
    expect(selectSplit(rows, 'train')).toHaveLength(300);
    expect(selectSplit(rows, 'test')).toHaveLength(100);
    expect(new Set(rows.map((r) => r.input)).size).toBe(rows.length);
  });

  it('is what make() uses without data_path / data_url, per split', async () => {
    expect((await nerEnvironment.make({ taskSplit: 'train' })).numTasks).toBe(300);
    expect((await nerEnvironment.make({ taskSplit: 'test' })).numTasks).toBe(100);
    expect((await nerEnvironment.make({ taskSplit: 'test', config: { max_rows: 7 } })).numTasks).toBe(7);
  });
});

describe('the CoNLL++ CSV loader', () => {
  it('reads input / output / split, with quotes, doubled quotes and line breaks inside fields', async () => {
    const rows = rowsFromConllCsv(await fs.readFile(FIXTURE, 'utf8'), FIXTURE);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({
      input: 'Kestrel Pharmaceuticals , based in Oslo , said " profits will rise " .',
      output: { person: [], organization: ['Kestrel Pharmaceuticals'], location: ['Oslo'], miscellaneous: [] },
      split: 'train',
    });
    expect(rows[3].input).toBe('A headline\ncontinued on a second line in Lisbon .');
    expect(rows[3].split).toBe('test');
    expect(rows[4].output.miscellaneous).toEqual(['Swedish', 'Swedish']);
  });

  it('loads a local file through env_config.data_path, split by the split column', async () => {
    const train = await nerEnvironment.make({ taskSplit: 'train', config: { data_path: FIXTURE } });
    const test = await nerEnvironment.make({ taskSplit: 'test', config: { data_path: FIXTURE } });
    expect([train.numTasks, test.numTasks]).toEqual([3, 2]);
    const reset = await test.reset(1);
    expect(reset.observation.messages[0].content).toEqual([{ type: 'text_result', value: 'Swedish officials met Swedish traders .' }]);
  });

  it('indexes loaded rows for the simulator oracle', async () => {
    await loadNerDataset({ data_path: FIXTURE });
    expect(lookupNerGold('Marta Lindqvist beat Okafor in Geneva .')).toEqual({
      person: ['Marta Lindqvist', 'Okafor'],
      organization: [],
      location: ['Geneva'],
      miscellaneous: [],
    });
  });

  it('names the file and line of a bad output or split value', () => {
    expect(() => rowsFromConllCsv('input,output,split\nx,not json,0\n', 'bad.csv')).toThrow(/bad\.csv line 2: column 'output' is not JSON/);
    expect(() => rowsFromConllCsv('input,output,split\nx,"{""person"":[]}",0\n', 'bad.csv')).toThrow(NerDatasetFormatError);
    const ok = '"{""person"":[],""organization"":[],""location"":[],""miscellaneous"":[]}"';
    expect(() => rowsFromConllCsv(`input,output,split\nx,${ok},2\n`, 'bad.csv')).toThrow(/line 2: column 'split' must be 0 \(train\) or 1 \(test\), got '2'/);
    expect(() => rowsFromConllCsv('sentence,output,split\n', 'bad.csv')).toThrow(/missing column 'input'/);
  });
});

describe('downloading through env_config.data_url', () => {
  let server: http.Server;
  let baseUrl: string;
  let requests = 0;
  let cacheDir: string;
  const savedEnv = process.env.AUTOPILOT_BENCH_DATA_DIR;

  beforeAll(async () => {
    const body = await fs.readFile(FIXTURE);
    server = http.createServer((req, res) => {
      requests++;
      if (req.url === '/conllpp.csv') {
        res.writeHead(200, { 'content-type': 'text/csv' });
        res.end(body);
      } else {
        res.writeHead(404);
        res.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ner-cache-'));
    process.env.AUTOPILOT_BENCH_DATA_DIR = cacheDir;
  });

  afterAll(async () => {
    if (savedEnv === undefined) delete process.env.AUTOPILOT_BENCH_DATA_DIR;
    else process.env.AUTOPILOT_BENCH_DATA_DIR = savedEnv;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('uses AUTOPILOT_BENCH_DATA_DIR, else ~/.cache/autopilot-benchmarks', () => {
    expect(dataCacheDir()).toBe(cacheDir);
    expect(dataCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'autopilot-benchmarks'));
  });

  it('downloads once into the cache directory and reuses the cached file', async () => {
    const url = `${baseUrl}/conllpp.csv`;
    const first = await cachedDownload(url);
    expect(path.dirname(first)).toBe(cacheDir);
    expect(await fs.readFile(first, 'utf8')).toBe(await fs.readFile(FIXTURE, 'utf8'));
    const before = requests;
    expect(await cachedDownload(url)).toBe(first);
    expect(requests).toBe(before);
  });

  it('feeds make() through the cache', async () => {
    const env = await nerEnvironment.make({ taskSplit: 'train', config: { data_url: `${baseUrl}/conllpp.csv` } });
    expect(env.numTasks).toBe(3);
  });

  it('reports an HTTP error with the URL and status', async () => {
    const url = `${baseUrl}/missing.csv`;
    await expect(cachedDownload(url)).rejects.toThrow(DatasetDownloadError);
    await expect(cachedDownload(url)).rejects.toMatchObject({ url, status: 404 });
  });
});

describe('env_config validation', () => {
  it('rejects an unknown key, naming it', () => {
    expect(() => parseNerEnvConfig({ data_pth: 'x.csv' })).toThrow(InvalidEnvironmentConfigError);
    expect(() => parseNerEnvConfig({ data_pth: 'x.csv' })).toThrow(/env_config\.data_pth: unknown key/);
  });

  it('rejects a bad value, naming the key and the value', () => {
    expect(() => parseNerEnvConfig({ max_rows: -1 })).toThrow(/env_config\.max_rows: .*\(got -1\)/);
    expect(() => parseNerEnvConfig({ data_url: 'ftp://example.org/x.csv' })).toThrow(/env_config\.data_url/);
  });

  it('rejects data_path together with data_url', () => {
    expect(() => parseNerEnvConfig({ data_path: 'a.csv', data_url: 'https://example.org/a.csv' })).toThrow(/either data_path or data_url/);
  });

  it('rejects an unknown split and an unknown key at make() and describe()', async () => {
    await expect(nerEnvironment.make({ taskSplit: 'validation' })).rejects.toThrow(/task_split: unknown split 'validation'/);
    await expect(nerEnvironment.describe({ split: 'train' })).rejects.toThrow(/env_config\.split: unknown key/);
  });
});
