import Database from 'better-sqlite3';
import { newDeploymentId } from './deployment-id';
import { createGroupCommit } from './group-commit';
import { SQLITE_SCHEMA } from './sqlite-schema';
import type {
  FeedbackKind,
  FeedbackRecord,
  FeedbackTargetType,
  FunctionType,
  GatewayStore,
  InferenceRecord,
  MetricSample,
  ModelInferenceRecord,
  StoredFeedback,
} from './types';

interface InferenceRow {
  id: string;
  function_name: string;
  function_type: string;
  variant_name: string;
  episode_id: string;
  input: string;
  output: string;
  input_tokens: number | null;
  output_tokens: number | null;
  cost: number | null;
  finish_reason: string | null;
  processing_time_ms: number;
  tags: string;
  created_at: string;
}

interface PendingInference {
  inference: InferenceRow;
  models: Record<string, unknown>[];
}

interface FeedbackRow {
  seq: number;
  id: string;
  kind: string;
  metric_name: string;
  target_id: string;
  target_type: string;
  value: string;
  tags: string;
  created_at: string;
}

interface SampleRow {
  feedback_id: string;
  seq: number;
  target_id: string;
  value: string;
  inference_id: string;
  episode_id: string;
  variant_name: string;
  created_at: string;
}

/**
 * A store in one SQLite file (better-sqlite3, WAL, synchronous=NORMAL). Inferences are
 * group-committed (see group-commit.ts): those finished in the same event-loop turn share one
 * transaction, and each promise resolves only after its row committed, so a read issued after
 * the HTTP 200 sees it. Every other call first commits whatever is queued, so reads in this
 * process also see writes not yet acknowledged. `:memory:` works for throwaway stores.
 *
 * WAL checkpoints (the only fsyncs) stay SQLite's automatic ones, inside a commit every ~1000
 * pages (2–5 ms on ext4). Running them from a worker thread was tried and made the writer's
 * worst stalls longer (30 ms: the writer waits on the same journal flush), so they stay here.
 */
export function createSqliteStore(path: string): GatewayStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SQLITE_SCHEMA);

  const insertInferenceStmt = db.prepare(`INSERT INTO inferences
    (id, function_name, function_type, variant_name, episode_id, input, output, input_tokens, output_tokens, cost,
     finish_reason, processing_time_ms, tags, created_at)
    VALUES (@id, @function_name, @function_type, @variant_name, @episode_id, @input, @output, @input_tokens,
     @output_tokens, @cost, @finish_reason, @processing_time_ms, @tags, @created_at)`);
  const insertModelStmt = db.prepare(`INSERT INTO model_inferences
    (id, inference_id, model_name, model_provider_name, input_tokens, output_tokens, cost, response_time_ms,
     finish_reason, raw_request, raw_response, created_at)
    VALUES (@id, @inference_id, @model_name, @model_provider_name, @input_tokens, @output_tokens, @cost,
     @response_time_ms, @finish_reason, @raw_request, @raw_response, @created_at)`);
  const insertFeedbackStmt = db.prepare(`INSERT INTO feedback
    (id, kind, metric_name, target_id, target_type, value, tags, created_at)
    VALUES (@id, @kind, @metric_name, @target_id, @target_type, @value, @tags, @created_at)`);
  const getInferenceStmt = db.prepare('SELECT * FROM inferences WHERE id = ?');
  const hasEpisodeStmt = db.prepare('SELECT 1 FROM inferences WHERE episode_id = ? LIMIT 1');
  const listModelStmt = db.prepare('SELECT * FROM model_inferences WHERE inference_id = ? ORDER BY created_at, id');
  const getEpisodeVariantStmt = db.prepare('SELECT variant_name FROM variant_by_episode WHERE function_name = ? AND episode_id = ?');
  const insertEpisodeVariantStmt = db.prepare(
    'INSERT INTO variant_by_episode (function_name, episode_id, variant_name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const getMetaStmt = db.prepare('SELECT value FROM meta WHERE key = ?');
  const insertMetaStmt = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const sampleSql = (joinColumn: 'id' | 'episode_id') => `
    SELECT f.id AS feedback_id, f.seq AS seq, f.target_id AS target_id, f.value AS value,
           i.id AS inference_id, i.episode_id AS episode_id, i.variant_name AS variant_name, i.created_at AS created_at
    FROM feedback f JOIN inferences i ON i.${joinColumn} = f.target_id
    WHERE f.metric_name = ? AND f.kind IN ('boolean', 'float') AND i.function_name = ?
    ORDER BY f.seq, i.seq`;
  const inferenceSamplesStmt = db.prepare(sampleSql('id'));
  const episodeSamplesStmt = db.prepare(sampleSql('episode_id'));

  const insertInferencesTx = db.transaction((batch: PendingInference[]) => {
    for (const { inference, models } of batch) {
      insertInferenceStmt.run(inference);
      for (const model of models) insertModelStmt.run(model);
    }
  });
  const inferenceWrites = createGroupCommit(insertInferencesTx);
  const flush = () => inferenceWrites.flush();

  return {
    insertInference(inference, models) {
      let pending: PendingInference;
      try {
        // Serialised now: later changes to the records by the caller do not reach the store.
        pending = { inference: toInferenceRow(inference), models: models.map(toModelRow) };
      } catch (err) {
        return Promise.reject(err);
      }
      return inferenceWrites.write(pending);
    },
    async getInference(id) {
      flush();
      const row = getInferenceStmt.get(id) as InferenceRow | undefined;
      return row ? fromInferenceRow(row) : undefined;
    },
    async hasEpisode(episodeId) {
      flush();
      return hasEpisodeStmt.get(episodeId) !== undefined;
    },
    async listInferences(query) {
      flush();
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.functionName !== undefined) {
        where.push('function_name = ?');
        params.push(query.functionName);
      }
      if (query.variantName !== undefined) {
        where.push('variant_name = ?');
        params.push(query.variantName);
      }
      if (query.after !== undefined) {
        where.push('created_at >= ?');
        params.push(query.after);
      }
      if (query.before !== undefined) {
        where.push('created_at < ?');
        params.push(query.before);
      }
      const sql = `SELECT * FROM inferences ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ? OFFSET ?`;
      const rows = db.prepare(sql).all(...params, query.limit, query.offset) as InferenceRow[];
      return rows.map(fromInferenceRow);
    },
    async listModelInferences(inferenceId) {
      flush();
      return (listModelStmt.all(inferenceId) as Record<string, unknown>[]).map(fromModelRow);
    },
    async insertFeedback(record: FeedbackRecord) {
      flush();
      insertFeedbackStmt.run({
        id: record.id,
        kind: record.kind,
        metric_name: record.metricName,
        target_id: record.targetId,
        target_type: record.targetType,
        value: JSON.stringify(record.value),
        tags: JSON.stringify(record.tags),
        created_at: record.createdAt,
      });
    },
    async feedbackForTargets(targetIds) {
      flush();
      if (targetIds.length === 0) return [];
      const out: StoredFeedback[] = [];
      // SQLite caps bound parameters; query in chunks.
      for (let start = 0; start < targetIds.length; start += 500) {
        const chunk = targetIds.slice(start, start + 500);
        const rows = db
          .prepare(`SELECT * FROM feedback WHERE target_id IN (${chunk.map(() => '?').join(',')})`)
          .all(...chunk) as FeedbackRow[];
        out.push(...rows.map(fromFeedbackRow));
      }
      return out.sort((a, b) => a.seq - b.seq);
    },
    async metricSamples(query) {
      flush();
      const stmt = query.level === 'inference' ? inferenceSamplesStmt : episodeSamplesStmt;
      const rows = stmt.all(query.metricName, query.functionName) as SampleRow[];
      return rows.map(
        (row): MetricSample => ({
          feedbackId: row.feedback_id,
          feedbackSeq: row.seq,
          targetId: row.target_id,
          value: Number(JSON.parse(row.value) as boolean | number),
          inferenceId: row.inference_id,
          episodeId: row.episode_id,
          variantName: row.variant_name,
          inferenceCreatedAt: row.created_at,
        }),
      );
    },
    async getEpisodeVariant(functionName, episodeId) {
      flush();
      return (getEpisodeVariantStmt.get(functionName, episodeId) as { variant_name: string } | undefined)?.variant_name;
    },
    async assignEpisodeVariant(functionName, episodeId, variantName) {
      flush();
      insertEpisodeVariantStmt.run(functionName, episodeId, variantName);
      return (getEpisodeVariantStmt.get(functionName, episodeId) as { variant_name: string }).variant_name;
    },
    async getDeploymentId() {
      insertMetaStmt.run('deployment_id', newDeploymentId());
      return (getMetaStmt.get('deployment_id') as { value: string }).value;
    },
    async close() {
      if (!db.open) return;
      flush();
      db.close();
    },
  };
}

function toInferenceRow(inference: InferenceRecord): InferenceRow {
  return {
    id: inference.id,
    function_name: inference.functionName,
    function_type: inference.functionType,
    variant_name: inference.variantName,
    episode_id: inference.episodeId,
    input: JSON.stringify(inference.input),
    output: JSON.stringify(inference.output),
    input_tokens: inference.usage.inputTokens,
    output_tokens: inference.usage.outputTokens,
    cost: inference.usage.cost,
    finish_reason: inference.finishReason,
    processing_time_ms: inference.processingTimeMs,
    tags: JSON.stringify(inference.tags),
    created_at: inference.createdAt,
  };
}

function fromInferenceRow(row: InferenceRow): InferenceRecord {
  return {
    id: row.id,
    functionName: row.function_name,
    functionType: row.function_type as FunctionType,
    variantName: row.variant_name,
    episodeId: row.episode_id,
    input: JSON.parse(row.input),
    output: JSON.parse(row.output),
    usage: { inputTokens: row.input_tokens, outputTokens: row.output_tokens, cost: row.cost },
    finishReason: row.finish_reason,
    processingTimeMs: row.processing_time_ms,
    tags: JSON.parse(row.tags),
    createdAt: row.created_at,
  };
}

function toModelRow(model: ModelInferenceRecord): Record<string, unknown> {
  return {
    id: model.id,
    inference_id: model.inferenceId,
    model_name: model.modelName,
    model_provider_name: model.modelProviderName,
    input_tokens: model.inputTokens,
    output_tokens: model.outputTokens,
    cost: model.cost,
    response_time_ms: model.responseTimeMs,
    finish_reason: model.finishReason,
    raw_request: model.rawRequest,
    raw_response: model.rawResponse,
    created_at: model.createdAt,
  };
}

function fromModelRow(row: Record<string, unknown>): ModelInferenceRecord {
  return {
    id: row.id as string,
    inferenceId: row.inference_id as string,
    modelName: row.model_name as string,
    modelProviderName: row.model_provider_name as string,
    inputTokens: row.input_tokens as number | null,
    outputTokens: row.output_tokens as number | null,
    cost: row.cost as number | null,
    responseTimeMs: row.response_time_ms as number,
    finishReason: row.finish_reason as string | null,
    rawRequest: row.raw_request as string,
    rawResponse: row.raw_response as string,
    createdAt: row.created_at as string,
  };
}

function fromFeedbackRow(row: FeedbackRow): StoredFeedback {
  return {
    seq: row.seq,
    id: row.id,
    kind: row.kind as FeedbackKind,
    metricName: row.metric_name,
    targetId: row.target_id,
    targetType: row.target_type as FeedbackTargetType,
    value: JSON.parse(row.value),
    tags: JSON.parse(row.tags),
    createdAt: row.created_at,
  };
}
