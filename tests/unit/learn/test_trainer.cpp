#include "learn_test_util.hpp"  // first: it sets up compiler diagnostics for Eigen

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "core/learn/learned_model.hpp"
#include "core/learn/trainer.hpp"

using namespace mbrl;
using namespace mbrl::testing;

namespace {
ModelParams small_params() {
  ModelParams p;
  p.members = 3;
  p.layers = 2;
  p.width = 32;
  p.epochs = 10;
  p.batch = 64;
  p.lr = 3e-3f;
  return p;
}
bool same_weights(const Ensemble& a, const Ensemble& b) {
  for (size_t k = 0; k < a.theta.size(); ++k)
    if (a.theta[k] != b.theta[k]) return false;
  return a.input.mean == b.input.mean && a.input.std == b.input.std && a.target.mean == b.target.mean &&
         a.target.std == b.target.std;
}
}  // namespace

TEST_CASE("Dataset: size cap drops the oldest, keeps source tags, and cuts K-step windows inside episodes") {
  Dataset d(2, 1, 50);
  fill_toy(d, 3, 20, 1.0f, 1, 0);  // 60 transitions: the first 10 are dropped
  CHECK(d.size() == 50);
  CHECK(d.episode(0) == 0);
  CHECK(d.step(0) == 10);
  CHECK(d.serial(0) == 10);
  fill_toy(d, 1, 5, 1.0f, 2, 3);  // source 3 = "iteration 3"
  CHECK(d.source(d.size() - 1) == 3);
  CHECK(d.source(0) == 0);
  std::vector<int> all(size_t(d.size()));
  for (int i = 0; i < d.size(); ++i) all[size_t(i)] = i;
  // Each window lies inside one episode: episodes of 5 (oldest, cut), 20, 20 and 5 (new,
  // episode id 0 again but its steps restart) transitions.
  for (int i : d.window_starts(all, 4)) {
    for (int j = 1; j < 4; ++j) {
      CHECK(d.episode(i + j) == d.episode(i));
      CHECK(d.step(i + j) == d.step(i) + j);
    }
  }
  CHECK(d.window_starts(all, 4).size() == size_t((5 - 3) + (20 - 3) + (20 - 3) + (5 - 3)));
  // The split is a stable property of each transition.
  std::vector<int> tr, ho;
  d.split(0.3f, 9, tr, ho);
  CHECK(tr.size() + ho.size() == size_t(d.size()));
  CHECK(!ho.empty());
  for (int i : ho) CHECK(Dataset::is_holdout(d.serial(i), 0.3f, 9));
  d.set_cap(20);
  CHECK(d.size() == 20);
  CHECK(d.source(19) == 3);
}

TEST_CASE("Training reduces train and holdout loss and reports them per member and epoch") {
  Dataset d(2, 1, 10000);
  fill_toy(d, 30, 30, 2.5f, 5);
  const ObsMap obs = ObsMap::angles(2, {0}, "toy");
  for (Head head : {Head::Deterministic, Head::Probabilistic}) {
    ModelParams p = small_params();
    p.head = head;
    Ensemble e;
    e.init(make_spec(p, obs, 1), 3);
    const TrainReport rep = train_ensemble(e, obs, d, p, 3);
    REQUIRE(rep.ok());
    REQUIRE(rep.history.size() == 10);
    for (int k = 0; k < 3; ++k) {
      CHECK(rep.history.back().train_loss[size_t(k)] < rep.history.front().train_loss[size_t(k)]);
      CHECK(rep.history.back().holdout_loss[size_t(k)] < rep.history.front().holdout_loss[size_t(k)]);
    }
    CHECK(e.all_finite());
  }
}

TEST_CASE("A diverging run (lr 10) is detected, reported and rolled back: the previous model stays") {
  Dataset d(2, 1, 10000);
  fill_toy(d, 20, 30, 2.5f, 5);
  const ObsMap obs = ObsMap::angles(2, {0}, "toy");
  ModelParams p = small_params();
  Ensemble e;
  e.init(make_spec(p, obs, 1), 3);
  REQUIRE(train_ensemble(e, obs, d, p, 3).ok());
  const Ensemble trained = e;

  ModelParams bad = p;
  bad.lr = 10.f;
  const TrainReport rep = train_ensemble(e, obs, d, bad, 4);
  CHECK(rep.diverged);
  CHECK(!rep.ok());
  CHECK(rep.error.find("diverged") != std::string::npos);
  CHECK(rep.error.find("rolled back") != std::string::npos);
  MESSAGE(rep.error);
  CHECK(same_weights(e, trained));
  CHECK(e.all_finite());
  // Nothing downstream sees NaN: planning through the model gives finite states.
  ActionBounds b{Vec::Constant(1, -1.f), Vec::Constant(1, 1.f)};
  LearnedModel m(std::make_shared<Ensemble>(e), obs, b);
  Mat s = Mat::Random(2, 64), a = Mat::Random(1, 64), n(2, 64);
  m.step(s, a, n, StepContext{});
  CHECK(n.allFinite());
}

TEST_CASE("Too little data is an error that leaves the model untouched") {
  Dataset d(2, 1, 100);
  fill_toy(d, 1, 1, 1.0f, 5);
  const ObsMap obs = ObsMap::angles(2, {0}, "toy");
  ModelParams p = small_params();
  Ensemble e;
  e.init(make_spec(p, obs, 1), 3);
  const Ensemble before = e;
  const TrainReport rep = train_ensemble(e, obs, d, p, 3);
  CHECK(!rep.ok());
  CHECK(rep.error.find("at least") != std::string::npos);
  CHECK(same_weights(e, before));
}

TEST_CASE("Background training reports progress, can be cancelled, and leaves the caller's model alone") {
  Dataset d(2, 1, 20000);
  fill_toy(d, 60, 50, 2.5f, 6);
  const ObsMap obs = ObsMap::angles(2, {0}, "toy");
  ModelParams p = small_params();
  p.epochs = 4;
  Ensemble e;
  e.init(make_spec(p, obs, 1), 3);
  const Ensemble before = e;
  {
    BackgroundTrainer bt;
    REQUIRE(bt.start(e, obs, d, p, 1));
    bt.wait();
    CHECK(!bt.running());
    const TrainReport rep = bt.report();
    CHECK(rep.ok());
    CHECK(bt.history().size() == 4);
    REQUIRE(bt.result());
    CHECK(bt.result()->all_finite());
    CHECK(!same_weights(*bt.result(), e));
    CHECK(same_weights(e, before));
  }
  {
    ModelParams longp = p;
    longp.epochs = 10000;  // would take minutes
    BackgroundTrainer bt;
    REQUIRE(bt.start(e, obs, d, longp, 1));
    CHECK(!bt.start(e, obs, d, longp, 1));  // one run at a time
    // Wait for a first epoch, then cancel.
    for (int i = 0; i < 2000 && bt.history().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(!bt.history().empty());
    bt.cancel();
    bt.wait();
    const TrainReport rep = bt.report();
    CHECK(rep.cancelled);
    CHECK(rep.epochs_done < 10000);
    REQUIRE(bt.result());
    CHECK(bt.result()->all_finite());
  }
}

TEST_CASE("The probabilistic head learns the aleatoric noise level of the data (NLL)") {
  // s' = s + 0.1 sin(s) + 0.05 a + noise, noise std 0.02 on dim 0 and 0.1 on dim 1.
  Dataset d(2, 1, 20000);
  Rng rng(12, 0);
  for (int i = 0; i < 6000; ++i) {
    Vec s(2), a(1), n(2);
    s << rng.uniform(-2.f, 2.f), rng.uniform(-2.f, 2.f);
    a << rng.uniform(-1.f, 1.f);
    n(0) = s(0) + 0.1f * std::sin(s(0)) + 0.05f * a(0) + 0.02f * rng.normal();
    n(1) = s(1) + 0.1f * std::sin(s(1)) + 0.05f * a(0) + 0.1f * rng.normal();
    d.add(s, a, n, 0, i, 0);
  }
  const ObsMap obs = ObsMap::identity(2, "noisy");
  ModelParams p = small_params();
  p.head = Head::Probabilistic;
  p.members = 2;
  p.epochs = 20;
  Ensemble e;
  e.init(make_spec(p, obs, 1), 3);
  const TrainReport rep = train_ensemble(e, obs, d, p, 3);
  REQUIRE(rep.ok());
  // Predicted std at fresh inputs, in state units.
  Mat x(3, 200);
  for (int c = 0; c < 200; ++c) x.col(c) << rng.uniform(-1.5f, 1.5f), rng.uniform(-1.5f, 1.5f), rng.uniform(-1.f, 1.f);
  e.input.normalize(x, x);
  Mat out(2 * 4, 200);
  EnsembleWorkspace ws;
  e.forward_all(x, out, ws);
  for (int k = 0; k < 2; ++k)
    for (int dim = 0; dim < 2; ++dim) {
      double sd = 0;
      for (int c = 0; c < 200; ++c)
        sd += std::exp(0.5 * soft_logvar(out(k * 4 + 2 + dim, c), e.max_logvar(k)[dim], e.min_logvar(k)[dim])) *
              e.target.std(dim) / 200.0;
      const double truth = dim == 0 ? 0.02 : 0.1;
      CAPTURE(k);
      CAPTURE(dim);
      CAPTURE(sd);
      MESSAGE("member " << k << " dim " << dim << ": learned noise std " << sd << " (true " << truth << ")");
      CHECK(sd == doctest::Approx(truth).epsilon(0.15));
    }
}
