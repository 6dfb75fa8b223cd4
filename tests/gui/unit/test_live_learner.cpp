// The window's live MBRL v1.5 (app/gui/learn/live_learner): the random phase, the first model
// swapped in, and a diverging retraining that leaves the planning model in place.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/gui/learn/live_learner.hpp"
#include "envs/episode.hpp"
#include "envs/registry.hpp"

using namespace mbrl;
using namespace mbrl::gui;

namespace {
// Polls until the running training run has been taken (bounded: a run here takes well under a second).
void settle(LiveLearner& l) {
  for (int i = 0; i < 3000 && (l.status().training || l.waiting()); ++i) {
    l.poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  l.poll();
}

void run_random(LiveLearner& l, const Env& env, Vec& s, int steps, int& t) {
  for (int i = 0; i < steps; ++i, ++t) {
    const Vec a = l.random_action();
    for (int d = 0; d < a.size(); ++d) {
      CHECK(a(d) >= env.action_bounds().lo(d));
      CHECK(a(d) <= env.action_bounds().hi(d));
    }
    const Vec n = real_step(env, s, a, 0.f, 0, t);
    l.record(s, a, n, 0, t);
    s = n;
  }
}
}  // namespace

TEST_CASE("Live MBRL: random data first, then a trained model, a diverging retraining keeps the old model") {
  auto env = find_env("pendulum")->make();
  ModelParams mp;
  mp.members = 3;
  mp.width = 16;
  mp.epochs = 5;
  LiveLoopParams lp;
  lp.random_steps = 60;
  lp.retrain_every = 20;
  LiveLearner l(*env, mp, lp, 7);
  Vec s = env->reset(0);
  int t = 0;
  CHECK(l.random_phase());
  run_random(l, *env, s, 59, t);
  CHECK(l.random_phase());
  CHECK_FALSE(l.ready());
  run_random(l, *env, s, 1, t);
  CHECK_FALSE(l.random_phase());
  CHECK(l.waiting());  // the first model trains; the real system waits for it
  settle(l);
  REQUIRE(l.ready());
  LearnStatus st = l.status();
  CHECK(st.version == 1);
  CHECK(st.dataset == 60);
  CHECK(st.warning.empty());
  REQUIRE(st.eval);
  CHECK(st.eval->horizon >= 10);
  CHECK(st.eval->error.member.size() == 3);
  CHECK(st.eval->coverage.grid > 0);
  const Ensemble* before = &l.model().ensemble();
  const std::vector<Vec> w_before = before->theta;

  // lr = 10 (a training key: no new architecture) makes the next retraining diverge.
  ParamSet m = l.model_params();
  REQUIRE_FALSE(m.set("lr", 10.0).has_value());
  CHECK(l.set_params(m, l.loop_params()).empty());
  run_random(l, *env, s, 20, t);
  settle(l);
  st = l.status();
  CHECK(st.version == 1);                       // nothing swapped in
  CHECK(st.warning.find("diverged") != std::string::npos);
  CHECK(&l.model().ensemble() == before);       // planning still uses the old weights
  for (size_t k = 0; k < w_before.size(); ++k) CHECK((l.model().ensemble().theta[k].array() == w_before[k].array()).all());
  CHECK(l.model().ensemble().all_finite());

  // A bad value is refused with the key named, and nothing changes.
  ParamSet bad = l.model_params();
  bad.values[size_t(bad.index_of("members"))] = 99;
  const std::string err = l.set_params(bad, l.loop_params());
  CHECK(err.find("members") != std::string::npos);
  CHECK(l.model_params().get("members") == 3);
}
