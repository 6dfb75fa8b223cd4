#pragma once
// The one MBRL loop (loop_params.hpp numbers its versions), stepped one real step at a time by the
// engine; `run --loop`, the window and lessons all run this code. The loop decides the schedule:
//   random phase  `random_episodes` episodes of `random_steps` uniformly random actions, each from
//                 its own start state; then the first model is trained.
//   model phase   model-based episodes k = 1, 2, ... of `episode_steps` (0: the env's default), each
//                 from its own start state, planned through the learned model; v0.5 adds no data,
//                 v1.0 executes whole plans and retrains when an episode ends, v1.5 retrains every
//                 `retrain_every` real steps. The loop is done after `iterations` model-based
//                 episodes, or at the first success with `stop_on_success`.
// Every transition is tagged with its source (0 = random data, k = model-based episode k).
//
// Training is synchronous (inside the step that makes it due: deterministic, for run, tests and
// lessons) or in the background (the window: planning goes on through the old model until poll()
// swaps the new one in; only the first model is waited for). For the same seed and keys a
// synchronous loop gives the same episode whoever steps it. Owned by one thread; GL-free.
#include <atomic>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/learn/dataset.hpp"
#include "core/learn/learned_model.hpp"
#include "core/learn/model_params.hpp"
#include "core/learn/trainer.hpp"
#include "core/learn/variance_penalty.hpp"
#include "core/rng.hpp"
#include "engine/loop_params.hpp"
#include "engine/model_views.hpp"
#include "envs/env.hpp"

namespace mbrl {

enum class TrainingMode { Synchronous, Background };

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
  std::string error;  // the last failed training (too few transitions, diverged): the loop went on
                      // with the previous weights (the trainer rolls back)
};

// Where the next episode starts and which streams it draws from (see Learner::begin_episode).
struct EpisodeSpec {
  uint64_t start_seed = 0;  // env.reset(start_seed)
  uint64_t noise_seed = 0;  // the real system's stream (process noise)
  uint64_t plan_seed = 0;   // the planner's stream
  bool random = false;      // actions from the random policy, not the planner
};

// How one model-based episode ended (the environment's own verdict).
struct LoopEpisode {
  int number = 0;         // model-based episode k
  int model_version = 0;  // trained models swapped in when it ended
  bool success = false;
  std::string detail;
};

// What the window shows about the loop (a copy).
struct LearnStatus {
  int dataset = 0, cap = 0;
  int version = 0;  // trained models swapped in so far (0: none yet)
  int random_steps = 0;
  bool training = false;
  bool random_phase = false;
  bool done = false;          // the loop has finished (iterations, or success with stop_on_success)
  int epoch = 0, epochs = 0;  // of the running (or last) training run
  double train_loss = std::numeric_limits<double>::quiet_NaN();
  double holdout_loss = std::numeric_limits<double>::quiet_NaN();
  std::string phase;                  // one line: what the loop is doing now
  std::string headline;               // a shorter line for the world view's status
  std::vector<LoopEpisode> episodes;  // the last model-based episodes (at most kKeptEpisodes), oldest first
  std::string warning;                // the last failed / diverged training run ("" if the last was fine)
  std::string file_note;              // the last model save / load that worked
  std::vector<EpochStats> history;    // epochs of the running run (history_running) or the last one
  bool history_running = false;
  std::shared_ptr<const ModelEvaluation> eval;  // null until the first trained model (views on)
};

class Learner {
 public:
  static constexpr size_t kKeptEpisodes = 40;
  // `env` must outlive the learner. `views`: compute ModelEvaluation when a model comes in.
  Learner(const Env& env, const ModelParams& mp, const LoopParams& lp, uint64_t seed, TrainingMode mode, bool views);
  ~Learner();
  Learner(const Learner&) = delete;
  Learner& operator=(const Learner&) = delete;

  // ---- the schedule (asked by the engine) ----
  bool random_phase() const;  // the current episode collects random-policy data
  bool ready() const;         // a model the planner may plan through
  bool waiting() const;       // background: random data done, the first model is training
  bool done() const { return done_; }
  bool executes_whole_plans() const { return lp_.version == LoopVersion::V10; }
  // The next episode: its streams; advances the schedule. Called at each episode start.
  EpisodeSpec begin_episode();
  Vec random_action();  // the next random-policy action (uniform in the bounds)
  // One real transition of the current episode (cost: its true running cost; states/actions: the
  // episode so far including it). Returns true when the episode is over.
  bool record(const Vec& s, const Vec& a, const Vec& next, float cost, const std::vector<Vec>& states,
              const std::vector<Vec>& actions);
  void count_plan(double ms);  // a plan was made for the current episode
  // Background training: swap in a finished run. True when the planning model changed.
  bool poll();
  bool job_pending() const { return job_; }  // a background run was started and not yet taken
  void wait_training();                      // until the pending run has finished (or no run)

  // ---- what the planner plans through ----
  const LearnedModel& model() const { return *model_; }
  // Bumps whenever model() is a new object (a new architecture): planners must drop their workspaces.
  int model_generation() const { return model_generation_; }
  const CostModel& cost() const;  // env cost, + pessimism * member variance when pessimism > 0
  const Dataset& data() const { return data_; }
  const ObsMap& obs() const { return obs_; }
  std::shared_ptr<const EnsembleFan> fan(const Vec& s0, const Mat& actions) const;
  // The model's mean k-step open-loop error on held-out windows of its data (all windows when none
  // is held out); NaN without a window of k steps.
  double kstep_error_at(int k) const;
  // Mean member variance at states scaled 3x away from the data's mean over that on the data
  // states themselves (same actions): how much more the members disagree off the data. NaN
  // without data.
  double variance_ratio() const;

  // ---- events ----
  // Planning keys apply at once, training keys at the next run; a changed architecture (members,
  // layers, width, activation, head) trains a new network from scratch on the data so far. "" or
  // one line naming the key (nothing changes then).
  std::string set_params(const ParamSet& model, const ParamSet& loop);
  void cancel_training();  // the running run's weights are discarded
  // A flag (the engine's stop) that ends a synchronous training run after its current minibatch
  // (the weights so far are kept, as the trainer's cancel does); background runs end when the
  // learner is destroyed. Null: none.
  void set_stop(const std::atomic<bool>* stop) { stop_ = stop; }
  void retrain_now();  // trains on all data so far (outside the random phase)
  // Before the first step: the loop's initial model (the random phase still runs and trains from
  // it). Later: plans through it from now on (ends the random phase; data kept). The file must be
  // for this environment's interface; its architecture replaces the model.* architecture keys.
  std::string load_file(const std::string& path);
  std::string save_file(const std::string& path);
  // Same as load_file before the first step, from an ensemble in memory (checked the same way).
  std::string set_initial_ensemble(Ensemble initial);

  ParamSet model_params() const { return describe(mp_); }
  ParamSet loop_params() const { return describe(lp_); }
  const ModelParams& model_settings() const { return mp_; }
  const LoopParams& loop_settings() const { return lp_; }
  const LoopResult& result() const { return result_; }
  LearnStatus status() const;

 private:
  void train(IterationRecord& rec);  // synchronous run, or starts a background one
  void finish_random_phase();
  void finish_model_episode();
  void push_record();  // rec_ completed and appended to the result
  void adopt(std::shared_ptr<const Ensemble> ens, bool fresh);
  void make_model();
  void refresh_views();
  int episode_length() const { return lp_.episode_steps > 0 ? lp_.episode_steps : env_.default_steps(); }

  const Env& env_;
  ObsMap obs_;
  ModelParams mp_;
  LoopParams lp_;
  uint64_t seed_;
  TrainingMode mode_;
  bool views_;
  Dataset data_;
  std::shared_ptr<const Ensemble> ens_;         // the latest good weights
  std::shared_ptr<const Ensemble> fresh_init_;  // a new architecture's initial weights, not yet trained
  std::unique_ptr<LearnedModel> model_;         // what the planner uses
  std::unique_ptr<VariancePenaltyCost> penalty_;
  BackgroundTrainer trainer_;
  const std::atomic<bool>* stop_ = nullptr;
  bool job_ = false;        // a background run was started and not yet taken by poll()
  bool job_fresh_ = false;  // ... and it trains a new architecture
  int version_ = 0;         // trained (or loaded) models swapped in
  int trainings_ = 0;
  bool started_ = false;  // an episode has begun
  bool loaded_ = false;   // a model was loaded mid-run: the random phase is over
  bool random_finished_ = false;
  int model_generation_ = 0;
  int random_done_ = 0;     // random episodes completed
  int model_episode_ = 0;   // the current (or last) model-based episode k
  bool in_random_ = false;  // the current episode is a random one
  int episodes_ = 0;        // episode ids in the dataset
  int ep_id_ = 0;           // the current episode's id
  int episode_step_ = 0;
  Rng policy_rng_;
  bool done_ = false;
  IterationRecord rec_;  // the iteration in progress
  TrainReport last_report_;
  std::vector<LoopEpisode> episodes_kept_;
  std::string warning_, file_note_;
  std::vector<EpochStats> last_history_;
  std::shared_ptr<const ModelEvaluation> eval_;
  LoopResult result_;
};

}  // namespace mbrl
