"""babyai_pickup_v0 on real minigrid levels: observation text, actions, a scripted solve, determinism, splits.

Run: .venv/bin/python -m unittest discover -s environments/bridge/python/tests
"""

from __future__ import annotations

import unittest

from babyai_helpers import (
    ENV_NAME,
    last_observation_text,
    load_fixture,
    make_env,
    plan_pickup,
    replay,
    run,
    text_action,
)
from bridge_env import EnvironmentStateError, InvalidActionError, InvalidEnvironmentConfigError
from envs._babyai.actions import ACTION_INDEX, parse_action
from envs._babyai.levels import HELD_OUT_PAIRS
from envs._babyai.observation_text import (
    ACTIONS,
    NOT_UNDERSTOOD_LINE,
    ObservationParseError,
    ParsedObservation,
    Sighting,
    Thing,
    Walls,
    format_observation,
    parse_observation,
)
from minigrid.core.actions import Actions

# Pinned with minigrid 3.2.0: train task 0 is "pick up the green key", visible at reset.
TRAIN_0_TEXT = (
    "You see:\n- a green key 2 steps forward and 1 step right\n- a wall 6 steps forward\n- a wall 2 steps left\nYou carry nothing."
)


def episode(split="train", task_idx=0, **config):
    env = make_env(split, **config)
    return env, run(env.reset(task_idx))


def step(env, answer):
    return run(env.step(text_action(answer)))


class ObservationTextTest(unittest.TestCase):
    def test_reset_shows_mission_and_egocentric_view_of_the_target(self):
        _, data = episode("train", 0)
        obs = data["observation"]
        self.assertEqual(obs["functionName"], "act")
        self.assertEqual(obs["system"], [{"type": "text_result", "value": {"mission": "pick up the green key"}}])
        self.assertEqual(last_observation_text(obs), TRAIN_0_TEXT)
        self.assertIn("a green key", last_observation_text(obs))
        self.assertEqual(data["info"]["maxSteps"], 64)  # minigrid's max_steps: the reward formula's denominator

    def test_shared_fixture_parses_and_formats_both_ways(self):
        for entry in load_fixture():
            with self.subTest(entry["name"]):
                parsed = parse_observation(entry["text"])
                self.assertEqual(parsed.to_json(), entry["parsed"])
                self.assertEqual(format_observation(parsed), entry["text"])

    def test_shared_fixture_is_what_the_env_really_prints(self):
        for entry in load_fixture():
            with self.subTest(entry["name"]):
                env, text = run(replay(entry["split"], entry["taskIdx"], entry["numDists"], entry["answers"]))
                self.assertEqual(text, entry["text"])
                self.assertEqual(env.level.mission, entry["mission"])

    def test_parse_finds_the_observation_inside_a_rendered_prompt(self):
        prompt = f"Here is what you observe:\n\n{TRAIN_0_TEXT}\n\nWhat is your next action?"
        parsed = parse_observation(prompt)
        self.assertEqual(parsed.objects, [Sighting("green", "key", 2, 1)])
        self.assertEqual(parsed.walls, Walls(forward=6, left=2, right=None))

    def test_parse_rejects_text_without_an_observation(self):
        with self.assertRaises(ObservationParseError):
            parse_observation("What is the capital of Norway?")

    def test_format_covers_singulars_lateral_objects_nothing_seen_and_carrying(self):
        text = format_observation(
            ParsedObservation(
                not_understood=True,
                objects=[Sighting("blue", "box", 0, -1), Sighting("red", "ball", 1, 0)],
                carrying=Thing("purple", "key"),
            )
        )
        self.assertEqual(
            text,
            f"{NOT_UNDERSTOOD_LINE}\nYou see:\n- a red ball 1 step forward\n- a blue box 1 step left\nYou carry a purple key.",
        )
        self.assertEqual(format_observation(ParsedObservation()), "You see nothing around you.\nYou carry nothing.")
        self.assertEqual(parse_observation(format_observation(ParsedObservation())), ParsedObservation())


class ActionTest(unittest.TestCase):
    def test_the_six_actions_map_to_minigrid_indices_and_done_is_not_exposed(self):
        self.assertEqual(
            ACTION_INDEX,
            {"turn left": Actions.left, "turn right": Actions.right, "go forward": Actions.forward,
             "pick up": Actions.pickup, "drop": Actions.drop, "toggle": Actions.toggle},
        )
        self.assertEqual(tuple(ACTION_INDEX), ACTIONS)
        self.assertNotIn(int(Actions.done), ACTION_INDEX.values())

    def test_parse_action_is_lenient_about_form_only(self):
        accepted = {
            "turn left": 0, "  Turn Right  ": 1, "GO FORWARD.": 2, "pick up!": 3, "'drop'": 4, "`toggle`": 5,
            '{"action": "go forward"}': 2, '{"action": "Pick Up."}': 3, "go  forward": 2,
        }
        for answer, index in accepted.items():
            with self.subTest(answer):
                self.assertEqual(parse_action(answer), index)
        for answer in ["", "done", "jump", "move north", "I will go forward", "go forward, then pick up",
                       '{"move": "go forward"}', '{"action": 2}', "{not json", None]:
            with self.subTest(answer):
                self.assertIsNone(parse_action(answer))

    def test_first_text_block_is_the_answer(self):
        env, _ = episode("train", 0)
        data = run(env.step([{"type": "tool_call", "id": "1", "name": "x", "arguments": {}},
                             {"type": "text", "content": "turn left"}, {"type": "text", "content": "jump"}]))
        self.assertEqual(data["info"]["action"], "turn left")

    def test_invalid_answer_does_not_step_the_level_but_counts_toward_the_horizon(self):
        env, _ = episode("train", 0)
        data = step(env, "I think I should look around first.")
        self.assertEqual(data["info"]["stepCount"], 0)  # minigrid never saw it
        self.assertEqual(env.timestep, 1)
        self.assertEqual(data["feedback"]["inference"], [{"name": "reward", "step": 1, "value": 0.0}])
        self.assertFalse(data["terminated"] or data["truncated"])
        text = last_observation_text(data["observation"])
        self.assertTrue(text.startswith(NOT_UNDERSTOOD_LINE))
        self.assertTrue(all(action in text for action in ACTIONS))
        self.assertEqual(text[len(NOT_UNDERSTOOD_LINE) + 1:], TRAIN_0_TEXT)  # the view is unchanged
        # an action without any text block is not understood either
        self.assertIsNone(run(env.step([]))["info"]["action"])

    def test_invalid_answers_alone_truncate_the_episode_at_the_horizon(self):
        env, _ = episode("train", 0, horizon=3)
        results = [step(env, "hmm") for _ in range(3)]
        self.assertEqual([r["truncated"] for r in results], [False, False, True])
        self.assertEqual(results[-1]["feedback"]["episode"], [{"name": "success", "value": False}])
        with self.assertRaises(EnvironmentStateError):
            step(env, "turn left")

    def test_a_non_list_action_is_a_harness_error(self):
        env, _ = episode("train", 0)
        with self.assertRaises(InvalidActionError):
            run(env.step({"type": "json", "content": {"action": "turn left"}}))


class EpisodeTest(unittest.TestCase):
    def solve(self, split, task_idx, num_dists=0, invalid_first=0):
        env, _ = episode(split, task_idx, num_dists=num_dists)
        plan = plan_pickup(env.level)
        self.assertIsNotNone(plan)
        for _ in range(invalid_first):
            step(env, "let me think")
        for n, answer in enumerate(plan, start=1):
            data = step(env, answer)
            self.assertEqual(data["terminated"], n == len(plan), answer)
        return env, plan, data

    def test_a_scripted_planner_succeeds_with_minigrids_reward(self):
        for split in ("train", "test"):
            for task_idx in range(5):
                for num_dists in (0, 3):
                    with self.subTest(split=split, task_idx=task_idx, num_dists=num_dists):
                        env, plan, data = self.solve(split, task_idx, num_dists)
                        expected = 1 - 0.9 * (len(plan) / 64)  # minigrid: 1 - 0.9 * (step_count / max_steps)
                        self.assertEqual(data["feedback"]["inference"], [{"name": "reward", "step": len(plan), "value": expected}])
                        self.assertEqual(data["feedback"]["episode"], [{"name": "success", "value": True}])
                        self.assertGreater(expected, 0)

    def test_invalid_answers_do_not_lower_the_reward_but_shift_the_step(self):
        env, plan, data = self.solve("train", 0, invalid_first=2)
        self.assertEqual(data["feedback"]["inference"], [{"name": "reward", "step": len(plan) + 2, "value": 1 - 0.9 * (len(plan) / 64)}])

    def test_only_the_last_step_gets_episode_feedback(self):
        env, _ = episode("train", 0)
        self.assertEqual(step(env, "turn left")["feedback"]["episode"], [])

    def test_step_before_reset_is_a_state_error(self):
        with self.assertRaises(EnvironmentStateError):
            run(make_env("train").step(text_action("turn left")))

    def test_the_history_holds_every_turn(self):
        env, _ = episode("train", 0)
        data = step(env, "turn left")
        roles = [m["role"] for m in data["observation"]["messages"]]
        self.assertEqual(roles, ["user", "assistant", "user"])
        self.assertEqual(data["observation"]["messages"][1]["content"], text_action("turn left"))


class TasksAndSplitsTest(unittest.TestCase):
    def test_a_task_index_always_gives_the_same_level(self):
        for split in ("train", "test"):
            a, b = episode(split, 7, num_dists=3)[1], episode(split, 7, num_dists=3)[1]
            self.assertEqual(a, b)
        missions = {episode("train", i)[1]["info"]["mission"] + last_observation_text(episode("train", i)[1]["observation"]) for i in range(10)}
        self.assertGreater(len(missions), 5)

    def test_splits_are_different_level_families(self):
        train = [episode("train", i)[1]["info"] for i in range(40)]
        test = [episode("test", i)[1]["info"] for i in range(40)]
        self.assertEqual({i["levelFamily"] for i in train}, {"BabyAI-MixedTrainLocal-v0"})
        self.assertEqual({i["levelFamily"] for i in test}, {"BabyAI-MixedTestLocal-v0"})
        for info in train:
            self.assertFalse(any(pair in info["mission"] for pair in HELD_OUT_PAIRS), info["mission"])
            self.assertTrue(info["mission"].startswith("pick up "))
        for info in test:
            self.assertTrue(any(pair in info["mission"] for pair in HELD_OUT_PAIRS), info["mission"])

    def test_task_counts_and_index_checks(self):
        self.assertEqual(make_env("train").num_tasks, 1000)
        self.assertEqual(make_env("test").num_tasks, 200)
        data = run(make_env("test").reset())  # no index: one is drawn
        self.assertTrue(0 <= data["info"]["taskIdx"] < 200)
        with self.assertRaises(Exception) as caught:
            run(make_env("test").reset(200))
        self.assertEqual(type(caught.exception).__name__, "InvalidTaskIndexError")


class DescriptionAndConfigTest(unittest.TestCase):
    def test_describe(self):
        from envs.babyai import ENVIRONMENTS

        spec = ENVIRONMENTS[ENV_NAME].describe({})
        self.assertEqual(spec["name"], ENV_NAME)
        self.assertEqual(spec["horizon"], 64)
        self.assertEqual(spec["metrics"], {
            "reward": {"type": "float", "optimize": "max", "level": "inference"},
            "success": {"type": "boolean", "optimize": "max", "level": "episode"},
        })
        act = spec["functions"]["act"]
        self.assertEqual(act["type"], "chat")
        self.assertEqual(act["system_schema"]["required"], ["mission"])
        self.assertEqual(act["user_schema"]["required"], ["observation"])
        self.assertIn("{{ mission }}", act["example_system_template"])
        self.assertIn("{{ observation }}", act["example_user_template"])
        for action in ACTIONS:
            self.assertIn(f"- {action}:", act["example_system_template"])
        self.assertEqual(ENVIRONMENTS[ENV_NAME].describe({"horizon": 500})["horizon"], 64)
        self.assertEqual(ENVIRONMENTS[ENV_NAME].describe({"horizon": 30})["horizon"], 30)

    def test_bad_config_and_split_are_typed_errors(self):
        for config in ({"num_dist": 1}, {"num_dists": -1}, {"num_dists": 99}, {"horizon": 0}, {"horizon": "64"}):
            with self.subTest(config):
                with self.assertRaises(InvalidEnvironmentConfigError):
                    make_env("train", **config)
        with self.assertRaises(InvalidEnvironmentConfigError):
            make_env("validation")


if __name__ == "__main__":
    unittest.main()
