"""Runs one third-party prompt optimiser (GEPA, DSPy MIPROv2 or DSPy GEPA) for the harness.

Reads a job as JSON on stdin, writes the result as one JSON object on stdout; progress goes to
stderr. Every model call goes to the harness's loopback endpoint (`lm_url`, OpenAI-compatible),
which forwards it to the train gateway and counts it against the iteration's budget; every
candidate is scored by the harness (`grade_url`), never by this process.

Job: {optimizer, seed, lm_url, grade_url, task_model, reflection_model, seed_prompt,
      trainset: [{id, input}], valset: [{id, input}], max_metric_calls, max_demos,
      request_timeout_s}
Result: {system_prompt, demos: [{input, output}], candidates: [{prompt, score}],
         metric_calls, stopped_by_budget, notes: [str]}
"""
import json
import os
import re
import sys
import urllib.error
import urllib.request

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no network fetch at import


class BudgetExhausted(Exception):
    """The harness refused a model call: the iteration's budget is spent."""


def log(message):
    print(f"[optimizer] {message}", file=sys.stderr, flush=True)


def post_json(url, body, timeout):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode())
    except urllib.error.HTTPError as err:
        text = err.read().decode(errors="replace")[:300]
        if err.code == 429:
            raise BudgetExhausted(text) from None
        raise RuntimeError(f"{url} answered {err.code}: {text}") from None


class Harness:
    """The two harness endpoints: model calls and grading."""

    def __init__(self, job):
        self.lm_url = job["lm_url"].rstrip("/") + "/chat/completions"
        self.grade_url = job["grade_url"]
        # a call to a CPU-run local model can take minutes; the harness says how long to wait
        self.timeout = job.get("request_timeout_s", 120)
        self.metric_calls = 0
        self.stopped_by_budget = False

    def chat(self, model, messages):
        body = post_json(self.lm_url, {"model": model, "messages": list(messages)}, self.timeout)
        return body["choices"][0]["message"]["content"] or ""

    def grade(self, example_id, output):
        self.metric_calls += 1
        body = post_json(self.grade_url, {"id": example_id, "output": output}, self.timeout)
        score = float(body["score"])
        log(f"graded {example_id}: {score} for {output[:200]!r}")
        return score, str(body.get("feedback", ""))


# GEPA's own reflection prompt, reworded as a plain rewrite request with the current prompt in a
# labelled block (the same request any prompt optimiser sends); placeholders as GEPA requires.
REFLECTION_TEMPLATE = """Rewrite and improve the instructions (the system prompt) of an assistant, using the examples and feedback below.

Current instructions:
```
<curr_param>
```

Examples of task inputs, the assistant's responses and feedback on each:
```
<side_info>
```

Keep what works, fix what the feedback shows is wrong, and state any rule the task needs. Reply with the new instructions only, inside one ``` block."""


def run_gepa(job, harness):
    import gepa
    from gepa.adapters.default_adapter.default_adapter import EvaluationResult

    def task_lm(messages):
        return harness.chat(job["task_model"], messages)

    def reflection_lm(prompt):
        return harness.chat(job["reflection_model"], [{"role": "user", "content": prompt}])

    def evaluator(data, response):
        score, feedback = harness.grade(data["additional_context"]["id"], response)
        return EvaluationResult(score=score, feedback=feedback)

    def as_items(examples):
        return [{"input": e["input"], "answer": "", "additional_context": {"id": e["id"]}} for e in examples]

    result = gepa.optimize(
        seed_candidate={"system_prompt": job["seed_prompt"]},
        trainset=as_items(job["trainset"]),
        valset=as_items(job["valset"]),
        task_lm=task_lm,
        reflection_lm=reflection_lm,
        evaluator=evaluator,
        max_metric_calls=job["max_metric_calls"],
        reflection_minibatch_size=min(3, len(job["trainset"])),
        reflection_prompt_template=REFLECTION_TEMPLATE,
        seed=job["seed"],
        display_progress_bar=False,
    )
    candidates = [
        {"prompt": c["system_prompt"], "score": float(s)} for c, s in zip(result.candidates, result.val_aggregate_scores)
    ]
    return {"system_prompt": result.best_candidate["system_prompt"], "demos": [], "candidates": candidates}


def dspy_setup(job, harness):
    """DSPy with every call through the harness, and the task in the harness's own message format."""
    import dspy

    class HarnessLM(dspy.BaseLM):
        def __init__(self, model):
            super().__init__(model=model, model_type="chat", temperature=0.0, max_tokens=1024, cache=False)

        def forward(self, prompt=None, messages=None, **kwargs):
            messages = messages or [{"role": "user", "content": prompt}]
            text = harness.chat(self.model, messages)
            return {
                "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                "model": self.model,
            }

    class Task(dspy.Signature):
        """placeholder"""

        input: str = dspy.InputField()
        output: str = dspy.OutputField()

    class HarnessAdapter(dspy.ChatAdapter):
        """The task signature in the harness's format (system = instructions, demos as chat turns,
        the input as the user message, the whole reply as the output); DSPy's own helper
        signatures keep ChatAdapter's format, and a reply without its field markers is read as
        the single output field instead of failing."""

        def format(self, signature, demos, inputs):
            if set(signature.output_fields) != {"output"} or set(signature.input_fields) != {"input"}:
                return super().format(signature, demos, inputs)
            messages = [{"role": "system", "content": signature.instructions}]
            for demo in demos:
                if demo.get("input") is not None and demo.get("output") is not None:
                    messages.append({"role": "user", "content": str(demo["input"])})
                    messages.append({"role": "assistant", "content": str(demo["output"])})
            messages.append({"role": "user", "content": str(inputs["input"])})
            return messages

        def parse(self, signature, completion):
            if set(signature.output_fields) == {"output"} and set(signature.input_fields) == {"input"}:
                return {"output": completion}
            try:
                return super().parse(signature, completion)
            except Exception:
                fields = list(signature.output_fields)
                text = re.sub(r"^```[a-z]*\n|```$", "", completion.strip()).strip()
                if len(fields) == 1:
                    return {fields[0]: text}
                raise

    dspy.configure(lm=HarnessLM(job["task_model"]), adapter=HarnessAdapter())
    program = dspy.Predict(Task.with_instructions(job["seed_prompt"] or "Complete the task."))

    def examples(items):
        return [dspy.Example(input=e["input"], id=e["id"]).with_inputs("input") for e in items]

    return dspy, HarnessLM, program, examples(job["trainset"]), examples(job["valset"])


def export_dspy(compiled, fallback_prompt):
    predictor = compiled.named_predictors()[0][1]
    demos = [{"input": str(d["input"]), "output": str(d["output"])} for d in predictor.demos if d.get("output") is not None]
    return predictor.signature.instructions or fallback_prompt, demos


def run_dspy_mipro(job, harness):
    dspy, HarnessLM, program, trainset, valset = dspy_setup(job, harness)
    scores = []

    def metric(example, prediction, trace=None):
        score, _ = harness.grade(example.id, prediction.output)
        scores.append(score)
        return score

    optimizer = dspy.MIPROv2(
        metric=metric,
        prompt_model=HarnessLM(job["reflection_model"]),
        task_model=HarnessLM(job["task_model"]),
        auto=None,
        num_candidates=job.get("num_candidates", 2),
        max_bootstrapped_demos=job["max_demos"],
        max_labeled_demos=0,
        seed=job["seed"],
        num_threads=1,
        verbose=False,
    )
    compiled = optimizer.compile(
        program,
        trainset=trainset,
        valset=valset,
        num_trials=job.get("num_trials", 2),
        minibatch=False,
    )
    prompt, demos = export_dspy(compiled, job["seed_prompt"])
    candidates = []
    # MIPROv2 keeps each fully evaluated trial's program; its scores are percentages
    for trial in getattr(compiled, "trial_logs", {}).values():
        candidate = trial.get("full_eval_program")
        if candidate is not None and "full_eval_score" in trial:
            instruction, shown = export_dspy(candidate, job["seed_prompt"])
            label = f"{instruction} [+{len(shown)} demos]" if shown else instruction
            candidates.append({"prompt": label, "score": float(trial["full_eval_score"]) / 100.0})
    return {"system_prompt": prompt, "demos": demos, "candidates": candidates}


def run_dspy_gepa(job, harness):
    dspy, HarnessLM, program, trainset, valset = dspy_setup(job, harness)

    def metric(gold, pred, trace=None, pred_name=None, pred_trace=None):
        score, feedback = harness.grade(gold.id, pred.output)
        return dspy.Prediction(score=score, feedback=feedback)

    optimizer = dspy.GEPA(
        metric=metric,
        max_metric_calls=job["max_metric_calls"],
        reflection_lm=HarnessLM(job["reflection_model"]),
        reflection_minibatch_size=min(3, len(trainset)),
        seed=job["seed"],
        num_threads=1,
        track_stats=True,
    )
    compiled = optimizer.compile(program, trainset=trainset, valset=valset)
    prompt, demos = export_dspy(compiled, job["seed_prompt"])
    candidates = []
    details = getattr(compiled, "detailed_results", None)
    if details is not None:
        for cand, score in zip(details.candidates, details.val_aggregate_scores):
            text = next(iter(cand.values())) if isinstance(cand, dict) else str(cand)
            candidates.append({"prompt": text, "score": float(score)})
    return {"system_prompt": prompt, "demos": demos, "candidates": candidates}


RUNNERS = {"gepa": run_gepa, "dspy_mipro": run_dspy_mipro, "dspy_gepa": run_dspy_gepa}


def main():
    job = json.loads(sys.stdin.read())
    name = job["optimizer"]
    if name not in RUNNERS:
        raise SystemExit(f"unknown optimizer {name!r}; expected one of {sorted(RUNNERS)}")
    harness = Harness(job)
    notes = []
    try:
        result = RUNNERS[name](job, harness)
    except BudgetExhausted as err:
        # The optimiser is stopped mid-search; nothing it found is trusted, the seed prompt stays.
        harness.stopped_by_budget = True
        notes.append(f"stopped: the harness refused a model call ({err})")
        result = {"system_prompt": job["seed_prompt"], "demos": [], "candidates": []}
    result.update(metric_calls=harness.metric_calls, stopped_by_budget=harness.stopped_by_budget, notes=notes)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
