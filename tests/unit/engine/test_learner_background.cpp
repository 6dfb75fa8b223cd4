// The MBRL loop as the window runs it: the engine with background training. The random phase, the
// first model waited for and swapped in, v0.5 / v1.0 / v1.5 bookkeeping, a diverging retraining
// that leaves the planning model in place, save / load through events, cancel and train now.
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <unistd.h>

#include "engine/engine.hpp"

using namespace mbrl;

namespace {

std::unique_ptr<Engine> live(const std::string& env, const std::string& version, KeyValues sets, uint64_t seed = 3) {
  EngineSetup s;
  s.env = env;
  s.model = "ensemble";
  s.loop = version;
  s.seed = seed;
  s.sets = {{"model.width", "16"}, {"samples", "50"}, {"loop.iterations", "1000"}};
  s.sets.insert(s.sets.end(), sets.begin(), sets.end());
  EngineOptions o;
  o.threads = 1;
  o.training = TrainingMode::Background;
  o.model_views = true;
  std::unique_ptr<Engine> e;
  const std::string err = Engine::create(s, o, e);
  REQUIRE_MESSAGE(err.empty(), err);
  return e;
}

// Polls until no training run is going and the first model is not awaited (bounded: runs here
// take well under a second).
void settle(Engine& e) {
  for (int i = 0; i < 3000 && (e.learner()->status().training || e.learner()->waiting()); ++i) {
    e.poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  e.poll();
}

void steps(Engine& e, int n) {
  for (int i = 0; i < n; ++i) REQUIRE(e.step());
}

// Two members, three epochs, one random episode of 40 steps: trained and ready to plan.
std::unique_ptr<Engine> trained(const std::string& env, const std::string& version, uint64_t seed = 3) {
  auto e = live(env, version,
                {{"model.members", "2"},
                 {"model.epochs", "3"},
                 {"loop.random_episodes", "1"},
                 {"loop.random_steps", "40"},
                 {"loop.episode_steps", "25"},
                 {"loop.retrain_every", "10"}},
                seed);
  steps(*e, 40);
  CHECK(e->learner()->waiting());
  CHECK_FALSE(e->can_step());  // the real system waits for the first model
  settle(*e);
  REQUIRE(e->learner()->ready());
  return e;
}

}  // namespace

TEST_CASE("background loop: random data, then the first model with its evaluation, a diverging retraining keeps it") {
  auto e = live("pendulum", "v1.5",
                {{"model.members", "3"},
                 {"model.epochs", "5"},
                 {"loop.random_episodes", "2"},
                 {"loop.random_steps", "30"},
                 {"loop.retrain_every", "20"}},
                7);
  const int64_t first_episode = e->episode();
  CHECK(e->learner()->random_phase());
  CHECK_FALSE(e->can_plan());
  steps(*e, 30);
  CHECK(e->episode() == first_episode + 1);  // each random episode starts from its own state
  steps(*e, 30);
  CHECK_FALSE(e->learner()->random_phase());
  CHECK(e->learner()->waiting());
  settle(*e);
  LearnStatus st = e->learner()->status();
  CHECK(st.version == 1);
  CHECK(st.dataset == 60);
  CHECK(st.warning.empty());
  REQUIRE(st.eval);
  CHECK(st.eval->horizon >= 10);
  CHECK(st.eval->error.member.size() == 3);
  CHECK(st.eval->coverage.grid > 0);
  const std::vector<Vec> before = e->learner()->model().ensemble().theta;

  REQUIRE(e->apply(Event::set("model.lr", "10")).empty());  // a training key: the next run diverges
  steps(*e, 20);
  settle(*e);
  st = e->learner()->status();
  CHECK(st.version == 1);  // nothing swapped in
  CHECK(st.warning.find("diverged") != std::string::npos);
  const auto& now = e->learner()->model().ensemble().theta;
  for (size_t k = 0; k < before.size(); ++k) CHECK((now[k].array() == before[k].array()).all());
  CHECK(e->learner()->model().ensemble().all_finite());

  const std::string err = e->apply(Event::set("model.members", "99"));
  CHECK(err.find("model.members") != std::string::npos);
  CHECK(e->learner()->model_params().get("members") == 3);
}

TEST_CASE("background loop: v0.5 adds no data and never retrains, v1.0 retrains when an episode ends, v1.5 every N") {
  {
    auto e = trained("pendulum", "v0.5");
    steps(*e, 60);
    settle(*e);
    const LearnStatus st = e->learner()->status();
    CHECK(st.dataset == 40);
    CHECK(st.version == 1);
    CHECK(st.phase.find("v0.5") != std::string::npos);
    REQUIRE(st.episodes.size() == 2);  // episodes of 25 steps still end, each with the env's verdict
    CHECK(st.episodes[1].number == 2);
    CHECK_FALSE(st.episodes[1].detail.empty());
  }
  {
    auto e = trained("pendulum", "v1.0");
    CHECK(e->learner()->executes_whole_plans());
    steps(*e, 24);
    settle(*e);
    CHECK(e->learner()->status().version == 1);  // no retraining mid-episode
    steps(*e, 1);
    settle(*e);
    CHECK(e->learner()->status().version == 2);  // the episode ended: retrained on all data
    CHECK(e->learner()->status().dataset == 65);
  }
  {
    auto e = trained("pendulum", "v1.5");
    steps(*e, 10);
    settle(*e);
    CHECK(e->learner()->status().version == 2);  // retrained 10 steps later, mid-episode
    CHECK(e->learner()->status().dataset == 50);
  }
}

TEST_CASE("background loop: with no random episodes it plans through the untrained network at once") {
  auto e = live("hill", "v1.5", {{"loop.random_episodes", "0"}});
  CHECK(e->learner()->ready());
  CHECK(e->can_plan());
  CHECK(e->learner()->status().version == 0);
}

TEST_CASE("background loop: save, then load into a new session through an event, bad files change nothing") {
  auto saved = trained("pendulum", "v1.5");
  const std::string dir = std::filesystem::temp_directory_path() / ("mbrl-engine-model-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/model.bin";
  REQUIRE(saved->learner()->save_file(path).empty());
  CHECK(saved->learner()->status().file_note.find(path) != std::string::npos);

  auto fresh = live("pendulum", "v1.5", {{"model.members", "5"}}, 99);  // 4 random episodes by default
  steps(*fresh, 3);
  CHECK(fresh->learner()->random_phase());
  {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(dir + "/cut.bin", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  const uint64_t hash = fresh->state_hash();
  CHECK(fresh->apply(Event::load_model(dir + "/cut.bin")).find("cut.bin") != std::string::npos);
  CHECK(fresh->learner()->random_phase());
  CHECK(fresh->state_hash() == hash);
  {
    auto hill = trained("hill", "v1.5");  // same dimensions, another observation map
    REQUIRE(hill->learner()->save_file(dir + "/hill.bin").empty());
    CHECK_FALSE(fresh->apply(Event::load_model(dir + "/hill.bin")).empty());
    CHECK(fresh->learner()->random_phase());
  }
  REQUIRE(fresh->apply(Event::load_model(path)).empty());
  CHECK_FALSE(fresh->learner()->random_phase());
  CHECK(fresh->can_plan());
  CHECK(fresh->learner()->model_params().get("members") == 2);  // the file's architecture
  const Mat states = Mat::Random(2, 16), actions = Mat::Random(1, 16);
  Mat a(4, 16), b(4, 16);
  saved->learner()->model().predict_members(states, actions, a);
  fresh->learner()->model().predict_members(states, actions, b);
  CHECK(a == b);
  steps(*fresh, 5);  // and plans through it
  CHECK(fresh->plans() > 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("background loop: a cancelled run is discarded, and Train now retrains on demand") {
  auto e = trained("pendulum", "v0.5");  // v0.5: nothing retrains on its own
  const std::vector<Vec> before = e->learner()->model().ensemble().theta;
  REQUIRE(e->apply(Event::set("model.epochs", "10000")).empty());  // far longer than this test waits
  REQUIRE(e->apply(Event::train_now()).empty());
  REQUIRE(e->learner()->status().training);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(e->apply(Event::cancel_training()).empty());
  settle(*e);
  const LearnStatus st = e->learner()->status();
  CHECK_FALSE(st.training);
  CHECK(st.version == 1);
  CHECK(st.warning.find("cancelled") != std::string::npos);
  for (size_t k = 0; k < before.size(); ++k)
    CHECK((e->learner()->model().ensemble().theta[k].array() == before[k].array()).all());
  REQUIRE(e->apply(Event::set("model.epochs", "2")).empty());
  REQUIRE(e->apply(Event::train_now()).empty());
  settle(*e);
  CHECK(e->learner()->status().version == 2);
  CHECK(e->learner()->status().warning.empty());
}
