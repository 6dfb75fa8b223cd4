// The window's live MBRL v1.5 (app/gui/learn/live_learner): the random phase, the first model
// swapped in, and a diverging retraining that leaves the planning model in place.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>
#include <memory>
#include <thread>

#include "app/gui/learn/live_learner.hpp"
#include "engine/episode_runner.hpp"
#include "envs/registry.hpp"

using namespace mbrl;
using namespace mbrl::gui;

namespace {
ModelParams small_model(int members, int epochs) {
  ModelParams mp;
  mp.members = members;
  mp.width = 16;
  mp.epochs = epochs;
  return mp;
}

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

// `steps` real steps under a fixed action (these tests check the loop's bookkeeping: data,
// retraining, resets, not the control); resets the state when the learner says the episode is over.
int run_steps(LiveLearner& l, const Env& env, Vec& s, int steps, int& t) {
  int resets = 0;
  for (int i = 0; i < steps; ++i, ++t) {
    const Vec a = Vec::Constant(env.action_dim(), 0.3f);
    const Vec n = real_step(env, s, a, 0.f, 0, t);
    l.record(s, a, n, 1, t);
    s = n;
    if (l.take_reset()) {
      ++resets;
      s = env.reset(uint64_t(t));
    }
  }
  return resets;
}

std::unique_ptr<LiveLearner> trained_learner(const Env& env, LoopVersion v, Vec& s, int& t) {
  const ModelParams mp = small_model(2, 3);
  LiveLoopParams lp;
  lp.version = v;
  lp.random_episodes = 1;
  lp.random_steps = 40;
  lp.episode_steps = 25;
  lp.retrain_every = 10;
  auto l = std::make_unique<LiveLearner>(env, mp, lp, 3);
  run_steps(*l, env, s, 40, t);
  settle(*l);
  REQUIRE(l->ready());
  return l;
}
}  // namespace

TEST_CASE("Live MBRL keeps run's loop keys: the same names, defaults, ranges and versions") {
  const ParamSet live = describe(LiveLoopParams{}), run = describe(LoopParams{});
  for (const ParamInfo& p : live.infos) {
    CAPTURE(p.key);
    const ParamInfo* q = run.find(p.key);
    REQUIRE(q != nullptr);
    CHECK(p.def == q->def);
    CHECK(p.lo == q->lo);
    CHECK(p.hi == q->hi);
    CHECK(p.choices == q->choices);
  }
}

TEST_CASE("Live MBRL v0.5 adds no data after the random phase and never retrains") {
  auto env = find_env("pendulum")->make();
  Vec s = env->reset(0);
  int t = 0;
  auto owner = trained_learner(*env, LoopVersion::V05, s, t);
  LiveLearner& l = *owner;
  CHECK(run_steps(l, *env, s, 60, t) == 2);  // episodes of 25 steps still end and reset
  settle(l);
  const LearnStatus st = l.status();
  CHECK(st.dataset == 40);
  CHECK(st.version == 1);
  CHECK(st.phase.find("v0.5") != std::string::npos);
  // Both finished episodes got the environment's verdict (a fixed torque never swings it up).
  REQUIRE(st.episodes.size() == 2);
  CHECK(st.episodes[1].number == 2);
  CHECK(st.episodes[1].model_version == 1);
  CHECK_FALSE(st.episodes[1].success);
  CHECK_FALSE(st.episodes[1].detail.empty());
  CHECK_FALSE(l.executes_whole_plans());
}

TEST_CASE("Live MBRL v1.0 retrains when an episode ends, v1.5 every retrain_every steps") {
  auto env = find_env("pendulum")->make();
  {
    Vec s = env->reset(0);
    int t = 0;
    auto owner = trained_learner(*env, LoopVersion::V10, s, t);
    LiveLearner& l = *owner;
    CHECK(l.executes_whole_plans());
    CHECK(run_steps(l, *env, s, 24, t) == 0);
    settle(l);
    CHECK(l.status().version == 1);  // 24 new transitions, no retraining mid-episode
    CHECK(run_steps(l, *env, s, 1, t) == 1);
    settle(l);
    CHECK(l.status().version == 2);  // the episode ended: retrained on the aggregated data
    CHECK(l.status().dataset == 65);
  }
  {
    Vec s = env->reset(0);
    int t = 0;
    auto owner = trained_learner(*env, LoopVersion::V15, s, t);
    LiveLearner& l = *owner;
    CHECK_FALSE(l.executes_whole_plans());
    run_steps(l, *env, s, 10, t);
    settle(l);
    CHECK(l.status().version == 2);  // retrained after 10 steps, mid-episode
    CHECK(l.status().dataset == 50);
  }
}

TEST_CASE("Live MBRL with no random episodes plans through the untrained network at once, as run does") {
  auto env = find_env("hill")->make();
  const ModelParams mp = small_model(2, 30);
  LiveLoopParams lp;
  lp.random_episodes = 0;
  LiveLearner l(*env, mp, lp, 1);
  CHECK(l.ready());
  CHECK_FALSE(l.random_phase());
  CHECK(l.status().version == 0);
}

TEST_CASE("Live MBRL: random data first, then a trained model, a diverging retraining keeps the old model") {
  auto env = find_env("pendulum")->make();
  const ModelParams mp = small_model(3, 5);
  LiveLoopParams lp;
  lp.random_episodes = 2;
  lp.random_steps = 30;
  lp.retrain_every = 20;
  LiveLearner l(*env, mp, lp, 7);
  Vec s = env->reset(0);
  int t = 0;
  CHECK(l.random_phase());
  run_random(l, *env, s, 29, t);
  CHECK_FALSE(l.take_reset());
  run_random(l, *env, s, 1, t);
  CHECK(l.take_reset());  // the first random episode is over: the caller resets the environment
  CHECK_FALSE(l.take_reset());
  run_random(l, *env, s, 29, t);
  CHECK(l.random_phase());
  CHECK_FALSE(l.ready());
  run_random(l, *env, s, 1, t);
  CHECK(l.take_reset());
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
  CHECK(st.version == 1);  // nothing swapped in
  CHECK(st.warning.find("diverged") != std::string::npos);
  CHECK(&l.model().ensemble() == before);  // planning still uses the old weights
  for (size_t k = 0; k < w_before.size(); ++k)
    CHECK((l.model().ensemble().theta[k].array() == w_before[k].array()).all());
  CHECK(l.model().ensemble().all_finite());

  // A bad value is refused with the key named, and nothing changes.
  ParamSet bad = l.model_params();
  bad.values[size_t(bad.index_of("members"))] = 99;
  const std::string err = l.set_params(bad, l.loop_params());
  CHECK(err.find("members") != std::string::npos);
  CHECK(l.model_params().get("members") == 3);
}

TEST_CASE("Live MBRL saves its model and a new learner plans through the loaded one, a bad file changes nothing") {
  auto env = find_env("pendulum")->make();
  Vec s = env->reset(0);
  int t = 0;
  auto trained = trained_learner(*env, LoopVersion::V15, s, t);
  const std::string dir = std::filesystem::temp_directory_path() / ("mbrl-live-model-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/model.bin";
  REQUIRE(trained->save_file(path).empty());
  CHECK(trained->status().file_note.find(path) != std::string::npos);

  LiveLoopParams lp;  // 4 random episodes by default: loading skips them
  LiveLearner fresh(*env, small_model(5, 3), lp, 99);
  CHECK(fresh.random_phase());
  CHECK_FALSE(fresh.save_file(dir + "/none.bin").empty());  // nothing to save yet

  // Truncated: refused with the file named; the learner is as it was.
  {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(dir + "/cut.bin", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  const std::string err = fresh.load_file(dir + "/cut.bin");
  CHECK(err.find("cut.bin") != std::string::npos);
  CHECK(fresh.random_phase());
  CHECK_FALSE(fresh.ready());
  // Saved for another environment (hill: same dims but another observation map): refused.
  {
    auto hill = find_env("hill")->make();
    Vec hs = hill->reset(0);
    int ht = 0;
    auto other = trained_learner(*hill, LoopVersion::V15, hs, ht);
    REQUIRE(other->save_file(dir + "/hill.bin").empty());
    CHECK_FALSE(fresh.load_file(dir + "/hill.bin").empty());
    CHECK_FALSE(fresh.ready());
  }

  REQUIRE(fresh.load_file(path).empty());
  CHECK(fresh.ready());
  CHECK_FALSE(fresh.random_phase());
  CHECK(fresh.model_params().get("members") == 2);  // the file's architecture, not the 5 asked for
  // The loaded model predicts exactly what the saved one did.
  const Mat states = Mat::Random(2, 16), actions = Mat::Random(1, 16);
  Mat a(4, 16), b(4, 16);
  trained->model().predict_members(states, actions, a);
  fresh.model().predict_members(states, actions, b);
  CHECK(a == b);
  std::filesystem::remove_all(dir);
}

TEST_CASE("Live MBRL: a cancelled training run is discarded, and Train now retrains on demand") {
  auto env = find_env("pendulum")->make();
  Vec s = env->reset(0);
  int t = 0;
  auto owner = trained_learner(*env, LoopVersion::V05, s, t);  // v0.5: nothing retrains on its own
  LiveLearner& l = *owner;
  const std::vector<Vec> before = l.model().ensemble().theta;
  ParamSet m = l.model_params();
  REQUIRE_FALSE(m.set("epochs", 10000.0).has_value());  // far longer than this test waits
  REQUIRE(l.set_params(m, l.loop_params()).empty());
  l.retrain_now();
  REQUIRE(l.status().training);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  l.cancel_training();
  settle(l);
  const LearnStatus st = l.status();
  CHECK_FALSE(st.training);
  CHECK(st.version == 1);
  CHECK(st.warning.find("cancelled") != std::string::npos);
  for (size_t k = 0; k < before.size(); ++k) CHECK((l.model().ensemble().theta[k].array() == before[k].array()).all());
  // Train now with a short run swaps in a new model.
  REQUIRE_FALSE(m.set("epochs", 2.0).has_value());
  REQUIRE(l.set_params(m, l.loop_params()).empty());
  l.retrain_now();
  settle(l);
  CHECK(l.status().version == 2);
  CHECK(l.status().warning.empty());
}
