"""The episode's reward from tau2's own evaluator: database state after replaying the agent's tool
calls versus after the gold actions (DB), times every required piece of information appearing in
the agent's messages (COMMUNICATE). Natural-language assertions need an LLM judge and are left
out, as in tau2's default EvaluationType.ALL."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Dict, List, Optional

from tau2.data_model.message import Message
from tau2.data_model.simulation import SimulationRun, TerminationReason
from tau2.data_model.tasks import Task
from tau2.evaluator.evaluator import EvaluationType, evaluate_simulation


@dataclass(frozen=True)
class Grade:
    reward: float
    # per reward basis, e.g. {"DB": 1.0, "COMMUNICATE": 0.0}; empty when the episode ended early
    breakdown: Dict[str, float]
    db_match: Optional[bool]
    communicate_met: int
    communicate_total: int

    def info(self) -> dict:
        return {
            "reward": self.reward,
            "rewardBreakdown": self.breakdown,
            "dbMatch": self.db_match,
            "communicateMet": self.communicate_met,
            "communicateTotal": self.communicate_total,
        }


def grade(domain: str, task: Task, trajectory: List[Message], reason: TerminationReason) -> Grade:
    """Slow (it rebuilds the domain's database twice): call it off the event loop."""
    simulation = SimulationRun(
        id=str(uuid.uuid4()),
        task_id=task.id,
        start_time="",
        end_time="",
        duration=0.0,
        termination_reason=reason,
        messages=trajectory,
    )
    info = evaluate_simulation(simulation, task, EvaluationType.ALL, solo_mode=False, domain=domain)
    checks = info.communicate_checks or []
    return Grade(
        reward=float(info.reward),
        breakdown={getattr(k, "value", str(k)): float(v) for k, v in (info.reward_breakdown or {}).items()},
        db_match=None if info.db_check is None else bool(info.db_check.db_match),
        communicate_met=sum(1 for check in checks if check.met),
        communicate_total=len(checks),
    )
