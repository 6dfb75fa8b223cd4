#pragma once
// Minibatch training of every ensemble member with Adam on the 1-step or K-step objective
// (objective.hpp), each member on its own bootstrap resample of the training windows (or the
// same windows with its own init and shuffle). Progress per epoch: train and holdout loss per
// member. A diverging run (a non-finite loss or weight, or a loss 1000x above where it started,
// e.g. lr = 10) stops, is reported, and the ensemble is rolled back to its last good weights
// (before the first epoch: the model exactly as it was handed in). Nothing downstream sees NaN.
//
// train_ensemble() runs on the calling thread; BackgroundTrainer runs it on its own thread on a
// copy of the model and the data, so planners keep using the old model until the caller swaps.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/learn/dataset.hpp"
#include "core/learn/ensemble.hpp"
#include "core/learn/model_params.hpp"
#include "core/learn/obs_map.hpp"

namespace mbrl {

struct EpochStats {
  int epoch = 0;                     // 1-based
  std::vector<double> train_loss;    // per member: mean minibatch loss of this epoch
  std::vector<double> holdout_loss;  // per member (NaN when there is no holdout data)
};

struct TrainReport {
  std::vector<EpochStats> history;
  int epochs_done = 0;
  bool cancelled = false;
  bool diverged = false;
  bool ok() const { return !diverged && error.empty(); }
  std::string error;    // why training did not run (e.g. too few transitions), or the divergence
  std::string summary;  // one line for a status bar
};

// A fresh ensemble for `params` (architecture keys) and an observation map.
NetSpec make_spec(const ModelParams& params, const ObsMap& obs, int action_dim);

// Trains `ens` in place. Fits the normalisers on the training data first. `cancel` (optional)
// stops after the current minibatch or holdout chunk (the weights so far are kept; an epoch cut
// short is not reported); `on_epoch` (optional) is called after every epoch.
TrainReport train_ensemble(Ensemble& ens, const ObsMap& obs, const Dataset& data, const ModelParams& params,
                           uint64_t seed, const std::atomic<bool>* cancel = nullptr,
                           const std::function<void(const EpochStats&)>& on_epoch = {});

// Mean loss of member k on the given windows (no gradient): the holdout/evaluation helper. NaN
// when `cancel` (optional) is set before it finishes (checked every 512 windows).
double evaluate_loss(const Ensemble& ens, int k, const ObsMap& obs, const Dataset& data, const std::vector<int>& starts,
                     int K, const std::atomic<bool>* cancel = nullptr);

class BackgroundTrainer {
 public:
  BackgroundTrainer() = default;
  ~BackgroundTrainer();
  BackgroundTrainer(const BackgroundTrainer&) = delete;
  BackgroundTrainer& operator=(const BackgroundTrainer&) = delete;

  // Starts training a copy of `ens` on a copy of `data`. Returns false if a run is still going.
  bool start(const Ensemble& ens, const ObsMap& obs, const Dataset& data, const ModelParams& params, uint64_t seed);
  bool running() const { return running_.load(); }
  void cancel() { cancel_.store(true); }
  void wait();  // join the thread (if any)
  // Epochs finished so far (copy, safe while running).
  std::vector<EpochStats> history() const;
  // After the run: the trained (or rolled-back) ensemble and the report; null while running.
  std::shared_ptr<const Ensemble> result() const;
  TrainReport report() const;

 private:
  std::thread thread_;
  std::atomic<bool> running_{false}, cancel_{false};
  mutable std::mutex mu_;
  std::vector<EpochStats> history_;
  std::shared_ptr<const Ensemble> result_;
  TrainReport report_;
};

}  // namespace mbrl
