#pragma once
// The MBRL loop as the lectures number it (MBRL v0.5, v1.0, v1.5), headless and deterministic:
//   v0.5  collect random-policy data, train the model, then plan through it by MPC; no more data.
//   v1.0  repeat { plan through the model, execute each whole plan open-loop for an episode
//         (segment), aggregate the transitions, retrain }.
//   v1.5  repeat { MPC through the model (replan every step), append every transition, retrain
//         every `retrain_every` real steps (also mid-episode) }.
// The real system always steps by its true dynamics (RealSystem::step); the planner only ever
// sees the learned model. Every transition is tagged with its source (0 = random data, k =
// iteration k) for the coverage view. Training runs synchronously on the calling thread, so the
// same seed gives the same result (training and planning draw from counter-based Rng streams).
// core/ knows no environments: the caller hands over the real system as callables + models.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/learn/dataset.hpp"
#include "core/learn/learned_model.hpp"
#include "core/learn/model_params.hpp"
#include "core/learn/obs_map.hpp"
#include "core/learn/trainer.hpp"
#include "core/mpc.hpp"
#include "core/thread_pool.hpp"

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
             "Lecture MBRL version: random data once / open-loop plans + retrain / MPC + retrain every N steps");
    v.field("random_episodes", random_episodes, 0, 10000, "Random-policy episodes before the first training");
    v.field("random_steps", random_steps, 1, 100000, "Steps per random-policy episode");
    v.field("iterations", iterations, 1, 10000, "Model-based episodes (v0.5: evaluated without new data)");
    v.field("episode_steps", episode_steps, 0, 100000, "Steps per model-based episode (0: env default)");
    v.field("retrain_every", retrain_every, 1, 100000, "v1.5: real steps between retrainings");
    v.flag("stop_on_success", stop_on_success, "Stop the episode and the loop at the first success");
  }
  std::string validate() const { return ""; }
};

const char* loop_version_name(LoopVersion v);  // "v0.5", "v1.0", "v1.5"

// `p` with the architecture keys (members, layers, width, activation, head) of `spec`, e.g. of a
// loaded model. ModelParams has one width for every layer: width is the first hidden layer's.
ModelParams with_architecture(ModelParams p, const NetSpec& spec);

// The real system, as the caller (app or CLI) wires it from an environment.
struct RealSystem {
  const DynamicsModel* dynamics = nullptr;  // true dynamics: action bounds and dimensions
  const CostModel* cost = nullptr;          // known cost, planned with and reported
  ObsMap obs;                               // network input transform for this system
  int default_steps = 200;                  // episode length when LoopParams::episode_steps == 0
  // Initial state of episode `episode` (random and model-based episodes number apart).
  std::function<Vec(uint64_t seed)> reset;
  // One real step (true dynamics + process noise); `step` counts within the episode.
  std::function<Vec(const Vec& s, const Vec& a, uint64_t seed, int step)> step;
  // Success of an episode so far (states s_0..s_t, actions a_0..a_{t-1}); `detail` one line.
  std::function<bool(const std::vector<Vec>& states, const std::vector<Vec>& actions, std::string& detail)> success;
};

// One line of the loop's progress: the random-data phase (iteration 0) or one model-based episode.
struct IterationRecord {
  int iteration = 0;        // 0: random data; k >= 1: model-based episode k
  int real_steps = 0;       // real environment steps so far (random data included)
  int dataset_size = 0;     // transitions in the dataset after this iteration
  int trainings = 0;        // training runs so far
  double train_loss = 0;    // last training run: mean over members of the last epoch (NaN: none)
  double holdout_loss = 0;  // same on held-out transitions (NaN: no holdout)
  double train_ms = 0;      // wall time spent training during this iteration
  double plan_ms = 0;       // wall time spent planning during this iteration
  int plans = 0;            // plans made during this iteration's episode
  int episode_steps = 0;    // steps executed by this iteration's episode(s)
  double episode_cost = 0;  // total true cost of this iteration's episode
  bool success = false;
  std::string detail;         // success / failure line of the episode
  std::string train_summary;  // trainer's one-line summary of the last run
};

struct LoopResult {
  std::vector<IterationRecord> iterations;
  bool success = false;
  int real_steps = 0;  // total real steps taken
  // Real steps (random data included) when the success predicate first held on an episode so far
  // (pendulum: the 20th upright step in a row; hill: the flag reached); -1: never.
  int real_steps_at_success = -1;
  std::vector<Vec> last_states, last_actions;  // the last model-based episode
  std::string error;                           // the last failed training (too few transitions, diverged): the loop
                                               // went on with the previous weights (the trainer rolls back)
};

class MbrlLoop {
 public:
  // `planner` is configured already; the loop wraps it in MPC (v1.0 forces open-loop execution).
  MbrlLoop(RealSystem sys, std::unique_ptr<Planner> planner, const MpcParams& mpc, const ModelParams& model,
           const LoopParams& loop, uint64_t seed, ThreadPool* pool);

  // Start from `initial` (e.g. a saved model) instead of the fresh random init; call before the
  // first next(). Its architecture replaces model_params()' (with_architecture). "" or one line
  // why not: it must fit the real system (state, action and observation dims, observation map).
  // With no random data (loop.random_episodes = 0) the first model episodes plan through it as is.
  std::string set_initial_ensemble(Ensemble initial);

  // Runs the whole loop; `on_iteration` sees every record as it is made.
  LoopResult run(const std::function<void(const IterationRecord&)>& on_iteration = {});

  // Step-wise use (the app): next() runs one iteration (the random phase first) and returns its record.
  bool done() const;
  IterationRecord next();
  const LoopResult& result() const { return result_; }
  const Dataset& dataset() const { return data_; }
  const LearnedModel& model() const { return *model_; }
  const Planner& planner() const { return mpc_.planner(); }
  const ModelParams& model_params() const { return mp_; }
  const LoopParams& loop_params() const { return lp_; }

 private:
  void collect_random(IterationRecord& rec);
  void model_episode(int k, IterationRecord& rec);
  void train(IterationRecord& rec);
  void make_model();  // model_ (and penalty_) over ens_

  RealSystem sys_;
  MpcController mpc_;
  ModelParams mp_;
  LoopParams lp_;
  uint64_t seed_;
  ThreadPool* pool_;
  Dataset data_;
  std::shared_ptr<Ensemble> ens_;
  std::unique_ptr<LearnedModel> model_;
  std::unique_ptr<CostModel> penalty_;  // VariancePenaltyCost when beta > 0
  int next_iteration_ = 0;
  int trainings_ = 0;
  int episodes_ = 0;  // episode ids in the dataset
  TrainReport last_report_;
  bool stop_ = false;
  LoopResult result_;
};

}  // namespace mbrl
