#pragma once
// The MBRL loop's parameters (loop.KEY), as the lectures number the loop versions:
//   v0.5  collect random-policy data, train the model once, then plan through it by MPC; no more data.
//   v1.0  repeat { plan through the model, execute each whole plan open-loop for an episode,
//         aggregate the transitions, retrain }.
//   v1.5  repeat { MPC through the model (replan every step), append every transition, retrain every
//         `retrain_every` real steps (also mid-episode) }.
#include <string>

#include "core/learn/ensemble.hpp"
#include "core/learn/model_params.hpp"

namespace mbrl {

enum class LoopVersion { V05, V10, V15 };

struct LoopParams {
  LoopVersion version = LoopVersion::V15;
  int random_episodes = 4;      // random-policy episodes collected before the first training [0, 10000]
  int random_steps = 50;        // steps per random episode [1, 100000]
  int iterations = 10;          // model-based episodes (v0.5: evaluation episodes) [1, 10000]
  int episode_steps = 0;        // steps per model-based episode (0: the environment's default) [0, 100000]
  int retrain_every = 50;       // v1.5: real steps between retrainings [1, 100000]
  bool stop_on_success = true;  // end an episode as soon as it succeeds, and the loop after it

  template <class V>
  void visit(V& v) {
    v.choice("version", version, {"v0.5", "v1.0", "v1.5"},
             "Lecture MBRL version. v0.5: random data, train once, plan (no more data). v1.0: execute whole plans "
             "open-loop, append, retrain after each episode. v1.5: MPC, append every transition, retrain every N "
             "steps");
    v.field("random_episodes", random_episodes, 0, 10000,
            "Random-policy episodes before the first model is trained: the data of pi_0, whose state distribution "
            "differs from the one the planner later visits");
    v.field("random_steps", random_steps, 1, 100000, "Steps per random-policy episode");
    v.field("iterations", iterations, 1, 10000, "Model-based episodes (v0.5: evaluated without new data)");
    v.field("episode_steps", episode_steps, 0, 100000,
            "Steps per model-based episode before the environment is reset (0: its default length)");
    v.field("retrain_every", retrain_every, 1, 100000,
            "MBRL v1.5: every N real steps the ensemble is retrained (warm start) on all data so far");
    v.flag("stop_on_success", stop_on_success, "Stop the episode and the loop at the first success");
  }
  std::string validate() const { return ""; }
};

const char* loop_version_name(LoopVersion v);  // "v0.5", "v1.0", "v1.5"

// `p` with the architecture keys (members, layers, width, activation, head) of `spec`, e.g. of a
// loaded model. ModelParams has one width for every layer: width is the first hidden layer's.
ModelParams with_architecture(ModelParams p, const NetSpec& spec);

}  // namespace mbrl
