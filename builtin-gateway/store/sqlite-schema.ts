/** Tables of the SQLite store; created on open (idempotent). */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS inferences (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  function_name TEXT NOT NULL,
  function_type TEXT NOT NULL,
  variant_name TEXT NOT NULL,
  episode_id TEXT NOT NULL,
  input TEXT NOT NULL,
  output TEXT NOT NULL,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cost REAL,
  finish_reason TEXT,
  processing_time_ms INTEGER NOT NULL,
  tags TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS inferences_by_function ON inferences (function_name, variant_name);
CREATE INDEX IF NOT EXISTS inferences_by_episode ON inferences (episode_id);

CREATE TABLE IF NOT EXISTS model_inferences (
  id TEXT PRIMARY KEY,
  inference_id TEXT NOT NULL,
  model_name TEXT NOT NULL,
  model_provider_name TEXT NOT NULL,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cost REAL,
  response_time_ms INTEGER NOT NULL,
  finish_reason TEXT,
  raw_request TEXT NOT NULL,
  raw_response TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS model_inferences_by_inference ON model_inferences (inference_id);

CREATE TABLE IF NOT EXISTS feedback (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  metric_name TEXT NOT NULL,
  target_id TEXT NOT NULL,
  target_type TEXT NOT NULL,
  value TEXT NOT NULL,
  tags TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_by_metric_target ON feedback (metric_name, target_id);
CREATE INDEX IF NOT EXISTS feedback_by_target ON feedback (target_id);

CREATE TABLE IF NOT EXISTS variant_by_episode (
  function_name TEXT NOT NULL,
  episode_id TEXT NOT NULL,
  variant_name TEXT NOT NULL,
  PRIMARY KEY (function_name, episode_id)
);

CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;
