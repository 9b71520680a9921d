-- One of TensorZero's migrations calls durable.create_queue, which its `durable` crate creates
-- in the real migration step and the PyPI wheel does not carry. A no-op stands in: queues are
-- not used by inference or feedback.
CREATE SCHEMA IF NOT EXISTS durable;
DO $$ BEGIN
  IF to_regprocedure('durable.create_queue(text)') IS NULL THEN
    CREATE FUNCTION durable.create_queue(text) RETURNS void LANGUAGE sql AS 'SELECT NULL::void';
  END IF;
END $$;
