"""The static description of tau_bench_{airline,retail}_v0: the `act` function, its schemas and example templates, metrics."""

from __future__ import annotations

from typing import Dict, List

from bridge_env import string_fields_schema

FUNCTION_NAME = "act"

# The policy is the system prompt's one argument; each user turn is the simulated customer's text.
SYSTEM_SCHEMA = string_fields_schema("policy")
USER_SCHEMA = string_fields_schema("observation")

# tau2's own reference agent prompt (tau2/agent/llm_agent.py), with the policy as a template variable.
EXAMPLE_SYSTEM_TEMPLATE = """<instructions>
You are a customer service agent that helps the user according to the <policy> provided below.
In each turn you can either:
- Send a message to the user.
- Make a tool call.
You cannot do both at the same time.

Try to be helpful and always follow the policy. Always make sure you generate valid JSON only.
</instructions>
<policy>
{{ policy }}
</policy>"""

EXAMPLE_USER_TEMPLATE = "{{ observation }}"

METRICS = {
    # tau2's evaluator (database state × required information), on the step that ends the episode; 0 on the others
    "reward": {"type": "float", "optimize": "max", "level": "inference"},
    # the episode's reward is 1
    "success": {"type": "boolean", "optimize": "max", "level": "episode"},
}


def function_spec(tool_names: List[str]) -> Dict[str, dict]:
    return {
        FUNCTION_NAME: {
            "type": "chat",
            "system_schema": SYSTEM_SCHEMA,
            "user_schema": USER_SCHEMA,
            "assistant_schema": None,
            "example_system_template": EXAMPLE_SYSTEM_TEMPLATE,
            "example_user_template": EXAMPLE_USER_TEMPLATE,
            "example_assistant_template": None,
            "tools_available": list(tool_names),
            "tool_choice": "auto",
        }
    }


def tool_specs(openai_schemas: List[dict]) -> Dict[str, dict]:
    """tau2's `tool.openai_schema` ({"type": "function", "function": {...}}) → the contract's ToolSpec by name."""
    tools = {}
    for schema in openai_schemas:
        fn = schema["function"]
        tools[fn["name"]] = {"name": fn["name"], "description": fn.get("description", ""), "parameters": fn["parameters"]}
    return tools
