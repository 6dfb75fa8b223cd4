#pragma once
// The lectures' MBRL loop as the window runs it, one real step at a time (seed 001), with the
// same loop.* keys and meanings as `run --loop`:
//   random phase  `random_episodes` episodes of `random_steps` uniformly random actions, the
//                 environment reset between them; then the first model is trained.
//   v0.5          plan through that model; no more data is added and it is never retrained.
//   v1.0          each model-based episode executes whole plans open-loop (the session forces
//                 the MPC's open loop); its transitions are appended and the model is retrained
//                 when the episode ends.
//   v1.5          MPC; every real transition is appended and every `retrain_every` steps the
//                 model is retrained.
// Model-based episodes last `episode_steps` (0: the environment's default), then the
// environment is reset (take_reset()). Data is tagged with the model version that chose it
// (0 = random data, k = model v_k). Training runs in a BackgroundTrainer on a copy of the
// ensemble and the data; planning keeps using the old model until the new one is swapped in by
// poll(); a diverging or failed run is reported and the old model kept. (core/learn/mbrl_loop
// runs whole iterations synchronously: right for the CLI, not for a live window.) Owned and
// called by the session's worker thread only; GL-free.
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/learn/dataset.hpp"
#include "core/learn/learned_model.hpp"
#include "core/learn/mbrl_loop.hpp"
#include "core/learn/model_eval.hpp"
#include "core/learn/model_params.hpp"
#include "core/learn/trainer.hpp"
#include "core/learn/variance_penalty.hpp"
#include "core/params.hpp"
#include "envs/env.hpp"

namespace mbrl::gui {

// The window's subset of LoopParams (core/learn/mbrl_loop.hpp): same keys, defaults, ranges and
// meanings. (`iterations` and `stop_on_success` have no window counterpart: the window loops on
// until paused or reset.)
struct LiveLoopParams {
  LoopVersion version = LoopVersion::V15;
  int random_episodes = 4;  // random-policy episodes before the first model [0, 10000]
  int random_steps = 50;    // steps per random episode [1, 100000]
  int episode_steps = 0;    // steps per model-based episode (0: the environment's default) [0, 100000]
  int retrain_every = 50;   // v1.5: real steps between retrainings [1, 100000]

  template <class V>
  void visit(V& v) {
    v.choice(
        "version", version, {"v0.5", "v1.0", "v1.5"},
        "Lecture MBRL version. v0.5: random data, train once, plan (no more data). v1.0: execute whole plans "
        "open-loop, append, retrain after each episode. v1.5: MPC, append every transition, retrain every N steps");
    v.field("random_episodes", random_episodes, 0, 10000,
            "Random-policy episodes before the first model is trained: the data of pi_0, whose state "
            "distribution p_pi0 differs from the one the planner later visits");
    v.field("random_steps", random_steps, 1, 100000, "Steps per random-policy episode");
    v.field("episode_steps", episode_steps, 0, 100000,
            "Steps per model-based episode before the environment is reset (0: its default length)");
    v.field("retrain_every", retrain_every, 1, 100000,
            "MBRL v1.5: every N real steps the ensemble is retrained (warm start) on all data so far, "
            "in the background; MPC keeps planning through the old model until the new one is in");
  }
  std::string validate() const { return ""; }
};

// How wrong the current model gets open-loop (seed 000's compounding error), computed on the
// worker each time a model is swapped in: from held-out start states under the recorded
// actions. Immutable once published (shared between threads).
struct ModelEvaluation {
  int version = 0;            // the model it was computed for
  std::string objective;      // how that model was trained: "1-step" or "K-step (K = k)"
  int horizon = 0;            // H steps
  bool held_out = true;       // start states held out from training (false: holdout = 0, training data)
  KStepError error;           // per member and the model as configured, over every window
  struct Ghost {              // one window, for the world view
    Mat truth;                // state_dim x (H+1): what really happened
    std::vector<Mat> member;  // per member, state_dim x (H+1): the member's open-loop prediction
  };
  std::vector<Ghost> ghosts;  // a spread of the windows (the slider picks one)
  // Dataset coverage in the slice of state dims 0 and 1 (the other dims at their data mean):
  // the visited states by source and the members' disagreement on a grid over the slice.
  struct Coverage {
    int dim_x = 0, dim_y = 1, grid = 0;
    float x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    std::vector<float> variance;  // grid x grid, row-major from (x0, y0); mean over 3 actions
    std::vector<float> px, py;    // visited states (a spread of at most 4000)
    std::vector<int> source;      // 0 = random data, k = chosen through model v_k
  } coverage;
};

// The ensemble fan (seed 001): every member's open-loop prediction of the plan's action
// sequence from the plan's start state, and how far the members disagree at each step.
struct EnsembleFan {
  std::vector<Mat> member;      // per member, state_dim x (H+1)
  std::vector<float> variance;  // H+1: sum over state dims of the variance across members (angles wrapped)
};

// How one model-based episode of the loop ended (the environment's own verdict).
struct LoopEpisode {
  int number = 0;         // 1, 2, ... model-based episodes since the learner started
  int model_version = 0;  // the model that planned most of it (the one in use when it ended)
  bool success = false;
  std::string detail;
};

// What the UI shows about the loop (a copy, published by the worker).
struct LearnStatus {
  int dataset = 0, cap = 0;
  int version = 0;       // trained models swapped in so far (0: none yet)
  int random_steps = 0;  // the random phase's length (episodes x steps)
  bool training = false;
  bool random_phase = false;                                     // still collecting the random episodes
  int epoch = 0, epochs = 0;                                     // of the running (or last) training run
  double train_loss = std::numeric_limits<double>::quiet_NaN();  // mean over members, last epoch
  double holdout_loss = std::numeric_limits<double>::quiet_NaN();
  std::string phase;                  // one line: what the loop is doing now
  std::string headline;               // a shorter line for the world view's status
  std::vector<LoopEpisode> episodes;  // the last model-based episodes (at most kKeptEpisodes), oldest first
  std::string warning;                // the last failed / diverged training run ("" if the last was fine)
  std::string file_note;              // the last model save / load that worked ("saved model v3 to ...")
  std::vector<EpochStats> history;    // epochs of the running run (history_running) or the last finished one
  bool history_running = false;
  std::shared_ptr<const ModelEvaluation> eval;  // null until the first model
};

class LiveLearner {
 public:
  // `env` must outlive the learner (it is the real system's cost for the pessimism term).
  LiveLearner(const Env& env, const ModelParams& mp, const LiveLoopParams& lp, uint64_t seed);
  ~LiveLearner();

  // Swaps in a finished training run's model. Returns true when the planning model changed.
  bool poll();
  bool ready() const { return model_ != nullptr; }  // a trained model to plan through
  bool random_phase() const { return !ready() && random_done_ < lp_.random_episodes; }
  bool waiting() const { return !ready() && !random_phase(); }  // random data done, first model training
  Vec random_action();                                          // the next random-policy action (uniform in bounds)
  // One real transition: appended (source: the current model version) unless v0.5 has its
  // model; counts the episode's steps and starts a retraining when due.
  void record(const Vec& s, const Vec& a, const Vec& next, int episode, int step);
  // True once when the current episode is over (a random episode's or a model-based one's
  // steps are done): the caller resets the environment. Clears the flag.
  bool take_reset();
  static constexpr size_t kKeptEpisodes = 40;
  // The caller reset the environment itself (a user reset): the episode's step count restarts.
  void episode_started();
  // v1.0 executes whole plans (the caller forces its MPC's open loop while this is true).
  bool executes_whole_plans() const { return lp_.version == LoopVersion::V10; }
  LoopVersion version() const { return lp_.version; }

  const LearnedModel& model() const { return *model_; }
  const CostModel& cost() const;  // env cost, + beta * member variance when beta > 0
  const Dataset& data() const { return data_; }
  // The fan of the current model over a plan (null without a model or a plan).
  std::shared_ptr<const EnsembleFan> fan(const Vec& s0, const Mat& actions) const;

  // Applies edited parameters: planning keys at once, training keys at the next run, a changed
  // architecture (members, layers, width, activation, head) trains a new network from scratch
  // on the data so far. Returns "" or one line naming the bad key (nothing changes then).
  std::string set_params(const ParamSet& model, const ParamSet& loop);
  // Stops the running training run; its weights are discarded and planning keeps the model it
  // had. The loop's next retraining is due as usual (the first model waits for retrain_now()).
  void cancel_training();
  // Trains now on all data so far (outside the random phase), whatever the schedule says.
  void retrain_now();
  // Saves the current model (core/learn/model_io: versioned, checksummed). "" or a message.
  std::string save_file(const std::string& path);
  // Plans through a model loaded from `path` from now on: the file must be for this
  // environment's interface; its architecture replaces the model.* architecture keys, the random
  // phase is skipped, the data so far is kept (the next retraining warm-starts from the loaded
  // weights). "" or a message naming the file; on error nothing changes.
  std::string load_file(const std::string& path);
  ParamSet model_params() const { return describe(mp_); }
  ParamSet loop_params() const { return describe(lp_); }
  LearnStatus status() const;

 private:
  void maybe_train();
  void start_training();
  void adopt_untrained_if_no_random_data();
  // model_ = a LearnedModel over ens_ (and the pessimism cost when beta > 0).
  void plan_through_new_model();
  void finish_episode();  // the environment's verdict on the model-based episode that just ended
  int episode_length() const { return lp_.episode_steps > 0 ? lp_.episode_steps : env_.default_steps(); }
  void evaluate();
  void coverage(ModelEvaluation& ev) const;

  const Env& env_;
  ObsMap obs_;
  ModelParams mp_;
  LiveLoopParams lp_;
  uint64_t seed_;
  Dataset data_;
  std::shared_ptr<const Ensemble> ens_;  // the latest good weights (warm start for the next run)
  std::unique_ptr<LearnedModel> model_;  // what the planner uses (null until the first model)
  std::unique_ptr<VariancePenaltyCost> penalty_;
  BackgroundTrainer trainer_;
  bool job_ = false;            // a run was started and not yet taken by poll()
  bool job_fresh_ = false;      // ... and it trains a new architecture
  bool fresh_pending_ = false;  // the architecture changed: next run starts from ens_ as is
  int version_ = 0, trainings_ = 0, since_train_ = 0;
  int random_done_ = 0;                      // random episodes completed
  int episode_step_ = 0;                     // steps of the current episode (random or model-based)
  bool reset_due_ = false;                   // the current episode is over
  bool train_at_end_ = false;                // v1.0: the episode that just ended asks for a retraining
  std::vector<Vec> ep_states_, ep_actions_;  // the model-based episode so far, for its verdict
  std::vector<LoopEpisode> episodes_;
  int episodes_done_ = 0;
  uint64_t random_draws_ = 0;
  std::string warning_;
  std::string file_note_;
  std::vector<EpochStats> last_history_;
  std::shared_ptr<const ModelEvaluation> eval_;
};

}  // namespace mbrl::gui
