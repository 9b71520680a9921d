"""The static description of the Harbor environments: the `harbor_agent` function, its tools and metrics.

The tool names are those of llmgym's harbor_v0 (think, plan, execute_command, submit_solution);
execute_command takes `command` and `timeout`, which the original harness reads.
"""

from __future__ import annotations

from typing import Dict

from bridge_env import string_fields_schema

FUNCTION_NAME = "harbor_agent"

SYSTEM_SCHEMA = string_fields_schema("workdir")

EXAMPLE_SYSTEM_TEMPLATE = """You are an agent that solves tasks in a Linux terminal.
Run shell commands with the execute_command tool; each call runs one command with bash in the
task's environment, starting in {{ workdir }}, and returns its exit code and output. Inspect
before you change things, check your work, and call submit_solution once the task is done.
Your work is graded by the task's tests after you submit."""

TOOLS: Dict[str, dict] = {
    "execute_command": {
        "name": "execute_command",
        "description": "Run one shell command (bash -c) in the task environment and return its exit code, stdout and stderr.",
        "parameters": {
            "type": "object",
            "properties": {
                "command": {"type": "string", "description": "the shell command"},
                "timeout": {"type": "number", "description": "seconds before the command is killed (optional)"},
            },
            "required": ["command"],
            "additionalProperties": False,
        },
    },
    "submit_solution": {
        "name": "submit_solution",
        "description": "Declare the task done; the task's tests then grade the environment.",
        "parameters": {"type": "object", "properties": {}, "additionalProperties": False},
    },
    "think": {
        "name": "think",
        "description": "Write down a thought; it changes nothing in the environment.",
        "parameters": {"type": "object", "properties": {"thought": {"type": "string"}}, "required": ["thought"], "additionalProperties": False},
    },
    "plan": {
        "name": "plan",
        "description": "Write down a plan as a list of steps; it changes nothing in the environment.",
        "parameters": {
            "type": "object",
            "properties": {"steps": {"type": "array", "items": {"type": "string"}}},
            "required": ["steps"],
            "additionalProperties": False,
        },
    },
}

METRICS = {
    # the verifier's reward (reward.json's "reward", or reward.txt), sent when the episode ends
    "reward": {"type": "float", "optimize": "max", "level": "episode"},
    # reward >= 1: every test component passed
    "resolved": {"type": "boolean", "optimize": "max", "level": "episode"},
}


def function_spec() -> Dict[str, dict]:
    return {
        FUNCTION_NAME: {
            "type": "chat",
            "system_schema": SYSTEM_SCHEMA,
            "user_schema": None,
            "assistant_schema": None,
            "example_system_template": EXAMPLE_SYSTEM_TEMPLATE,
            "example_user_template": None,
            "example_assistant_template": None,
            "tools_available": list(TOOLS),
            "tool_choice": "auto",
        }
    }
