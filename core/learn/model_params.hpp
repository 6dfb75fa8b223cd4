#pragma once
// Every knob of the learned dynamics model in one flat Params struct (see core/params.hpp), so
// that the CLI can say `--set model.KEY=VALUE` and the app can draw one panel. Three groups:
// architecture (changing it means a new, untrained network), training, and planning-time use
// (propagation, aleatoric noise, pessimism), which can change between plans.
#include <string>

namespace mbrl {

enum class Activation { SiLU, Tanh, ReLU };
enum class Head { Deterministic, Probabilistic };  // MSE on the mean / Gaussian NLL (PETS)
enum class Objective { OneStep, KStep };           // equation error / simulation error (the compounding-error lecture)
// How a planner's particles move through the ensemble (PETS names).
enum class Propagation { Mean, TS1, TSinf, Expectation };

struct ModelParams {
  // --- architecture ---
  int members = 5;  // K ensemble members [1, 16]
  int layers = 2;   // hidden layers [1, 8]
  int width = 64;   // units per hidden layer [4, 1024]
  Activation activation = Activation::SiLU;
  Head head = Head::Deterministic;
  // --- training ---
  float lr = 1e-3f;          // Adam learning rate [1e-6, 100] (10 diverges: the rollback demo)
  int epochs = 30;           // passes over each member's data per train() call [1, 10000]
  int batch = 64;            // minibatch (windows) [1, 65536]
  float weight_decay = 0.f;  // L2 on weights (not biases) [0, 1]
  bool bootstrap = true;     // each member trains on a resample with replacement (else: same data, own init)
  float holdout = 0.1f;      // fraction of transitions kept out for the holdout loss [0, 0.5]
  Objective objective = Objective::OneStep;
  int k = 5;                // unroll length of the K-step objective [1, 64]
  bool reinit = false;      // re-initialise the weights before training (else continue: warm start)
  int dataset_cap = 50000;  // transitions kept (oldest dropped first) [100, 10000000]
  // --- planning through the model ---
  Propagation propagation = Propagation::TSinf;
  bool sample_noise = false;  // probabilistic head: sample aleatoric noise (else use the mean)
  int particles = 1;          // particles per candidate, costs averaged (expectation: one per member) [1, 64]
  float pessimism = 0.f;      // beta in cost + beta * ensemble variance [0, 1e6]

  template <class V>
  void visit(V& v) {
    v.field("members", members, 1, 16, "Ensemble size K (bootstrap ensemble)");
    v.field("layers", layers, 1, 8, "Hidden layers per member");
    v.field("width", width, 4, 1024, "Units per hidden layer");
    v.choice("activation", activation, {"silu", "tanh", "relu"}, "Hidden activation");
    v.choice("head", head, {"deterministic", "probabilistic"},
             "Deterministic (MSE) or Gaussian mean + log-variance (NLL, PETS)");
    v.field("lr", lr, 1e-6, 100.0, "Adam learning rate (10 diverges and is rolled back)", true);
    v.field("epochs", epochs, 1, 10000, "Epochs per training run");
    v.field("batch", batch, 1, 65536, "Minibatch size (windows of K steps for the K-step objective)");
    v.field("weight_decay", weight_decay, 0.0, 1.0, "L2 penalty on weights");
    v.flag("bootstrap", bootstrap, "Train each member on a bootstrap resample (else same data, different init)");
    v.field("holdout", holdout, 0.0, 0.5, "Fraction of transitions held out to measure generalisation");
    v.choice("objective", objective, {"one_step", "k_step"},
             "1-step equation error or K-step simulation error (unroll + backprop through time)");
    v.field("k", k, 1, 64, "Unroll length of the K-step objective");
    v.flag("reinit", reinit, "Re-initialise weights before each training run (else warm start)");
    v.field("dataset_cap", dataset_cap, 100, 10000000, "Transitions kept in the dataset (oldest dropped)");
    v.choice("propagation", propagation, {"mean", "ts1", "tsinf", "expectation"},
             "Ensemble propagation (PETS): mean of members, random member per step, fixed member per "
             "particle, or every candidate under every member with the costs averaged");
    v.flag("sample_noise", sample_noise, "Probabilistic head: sample aleatoric noise (else use the mean)");
    v.field("particles", particles, 1, 64,
            "Particles per candidate: each plan candidate is rolled P times and its costs averaged "
            "(mean, ts1, tsinf; expectation always uses one per member). Planning time grows with P");
    v.field("pessimism", pessimism, 0.0, 1e6, "Pessimism beta: plan on cost + beta * ensemble variance");
  }
  std::string validate() const { return ""; }
};

}  // namespace mbrl
