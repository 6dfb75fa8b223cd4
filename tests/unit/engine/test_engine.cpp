// The episode engine: events at steps replay bit for bit (in-process, and for 1 vs 2 planning
// threads), every kind of event is taken or refused with one line and no change, the scoped
// parameter tree routes every key, and MCTS stepping searches the model the engine plans through.
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <map>

#include "core/mcts/mcts.hpp"
#include "engine/engine.hpp"

using namespace mbrl;

namespace {

std::unique_ptr<Engine> make(EngineSetup s, int threads = 2) {
  EngineOptions o;
  o.threads = threads;
  std::unique_ptr<Engine> e;
  const std::string err = Engine::create(s, o, e);
  REQUIRE_MESSAGE(err.empty(), err);
  return e;
}

EngineSetup pendulum(const std::string& planner = "mppi") {
  EngineSetup s;
  s.env = "pendulum";
  s.planner = planner;
  s.seed = 7;
  s.sets = {{"samples", "200"}, {"mpc.process_noise", "0.01"}};
  return s;
}

// A session as a user makes one: parameter changes mid-episode in every scope, a push (drag), a
// planner switch, a reset with a new seed, a model switch to a learned ensemble (its loop trains
// synchronously here) and back. Returns the state hash after every step.
std::vector<uint64_t> play_session(int threads) {
  auto e = make(pendulum(), threads);
  const std::map<int, std::vector<Event>> events = {
      {10, {Event::set("planner.lambda", "0.3"), Event::set("env.m", "1.2")}},
      {20, {Event::drag({0.f, 1.f}, {0.6f, 1.f})}},
      {30, {Event::set("mpc.replan_every", "3"), Event::set("horizon", "20")}},
      {45, {Event::planner("cem")}},
      {60, {Event::reset(11)}},
      {70,
       {Event::set("model.epochs", "3"), Event::set("loop.random_episodes", "1"), Event::set("loop.random_steps", "20"),
        Event::model("ensemble")}},
      {110, {Event::model("true")}},
  };
  std::vector<uint64_t> hashes;
  for (int t = 0; t < 130; ++t) {
    if (auto it = events.find(t); it != events.end())
      for (const Event& ev : it->second) REQUIRE_MESSAGE(e->apply(ev).empty(), ev.describe());
    REQUIRE(e->step());
    hashes.push_back(e->state_hash());
  }
  return hashes;
}

}  // namespace

TEST_CASE(
    "engine: a session of events (params in every scope, push, switches, reset, learned model) replays bit for bit") {
  const std::vector<uint64_t> a = play_session(2), b = play_session(2);
  REQUIRE(a.size() == b.size());
  for (size_t t = 0; t < a.size(); ++t) REQUIRE_MESSAGE(a[t] == b[t], "step " << t);
}

TEST_CASE("engine: the same events give the same episode with 1 and 2 planning threads") {
  const std::vector<uint64_t> one = play_session(1), two = play_session(2);
  REQUIRE(one.size() == two.size());
  for (size_t t = 0; t < one.size(); ++t) REQUIRE_MESSAGE(one[t] == two[t], "step " << t);
}

TEST_CASE("engine: events change what they say (a push moves the state, a reset restarts from the seed's start)") {
  auto e = make(pendulum());
  for (int t = 0; t < 5; ++t) REQUIRE(e->step());
  const Vec before = e->state();
  REQUIRE(e->apply(Event::drag({0.f, 1.f}, {0.8f, 1.f})).empty());
  CHECK(e->state() != before);
  CHECK(e->plan_due());  // the plan is stale after a push
  const int64_t episode = e->episode();
  REQUIRE(e->apply(Event::reset(3)).empty());
  CHECK(e->episode() == episode + 1);
  CHECK(e->step_index() == 0);
  CHECK(e->seed() == 3);
  CHECK(e->state() == e->env().reset(3));
  // A reset equals a fresh engine with that seed: the next 20 steps agree bit for bit.
  EngineSetup s = pendulum();
  s.seed = 3;
  auto fresh = make(s);
  REQUIRE(e->apply(Event::set("samples", "200")).empty());  // no change of value: still the same episode
  for (int t = 0; t < 20; ++t) {
    REQUIRE(e->step());
    REQUIRE(fresh->step());
    REQUIRE(hash_state(e->state()) == hash_state(fresh->state()));
  }
}

TEST_CASE("engine: a bad event is refused with one line naming the key, and nothing changes") {
  auto e = make(pendulum());
  for (int t = 0; t < 3; ++t) REQUIRE(e->step());
  const uint64_t hash = e->state_hash();
  const KeyValues before = e->params().items();
  struct Bad {
    Event ev;
    const char* names;
  };
  const Bad bad[] = {
      {Event::set("planner.samples", "-5"), "planner.samples"},
      {Event::set("lambda", "0"), "planner.lambda"},
      {Event::set("env.no_such_key", "1"), "env.no_such_key"},
      {Event::set("mpc.replan_every", "nan"), "mpc.replan_every"},
      {Event::set("model.width", "2"), "model.width"},
      {Event::set("loop.version", "v3"), "loop.version"},
      {Event::set("gui.speed", "2"), "gui.speed"},
      {Event::set("foo.bar", "1"), "foo.bar"},
      {Event::env("no_such_env"), "no_such_env"},
      {Event::planner("no_such_planner"), "no_such_planner"},
      {Event::model("gp"), "gp"},
      {Event::load_model("/nonexistent/m.bin"), "learned model"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.ev.describe());
    const std::string err = e->apply(b.ev);
    CHECK_MESSAGE(err.find(b.names) != std::string::npos, err);
    CHECK(err.find('\n') == std::string::npos);
    CHECK(e->params().items() == before);
    CHECK(e->state_hash() == hash);
  }
}

TEST_CASE("parameter tree: scoped keys, the bare planner form, and one name for the softmin temperature") {
  ScopedKey k;
  REQUIRE(split_key("samples", k).empty());
  CHECK(k.full() == "planner.samples");
  REQUIRE(split_key("env.g", k).empty());
  CHECK((k.scope == "env" && k.key == "g"));
  const std::string err = split_key("foo.bar", k);
  CHECK(err.find("unknown scope 'foo'") != std::string::npos);
  CHECK(err.find("loop.KEY") != std::string::npos);

  // Every scope lists every key of its parameter struct, and setting through the tree checks ranges.
  auto e = make(pendulum());
  ParamTree t = e->params();
  for (const char* scope : {"planner", "env", "mpc", "model", "loop"}) CHECK(t.find(scope) != nullptr);
  CHECK(t.set("planner.samples", "300").empty());
  CHECK(t.find("planner")->get("samples") == 300);
  CHECK(t.set("loop.retrain_every", "0").find("loop") != std::string::npos);

  // The environment's recommended lambda reaches every sampling planner under the same key.
  const auto rec = e->env().recommended_planner_settings();
  REQUIRE(rec.count("lambda"));
  for (const char* planner : {"shooting", "cem", "mppi"}) {
    CAPTURE(planner);
    auto p = make(pendulum(planner));
    const ParamTree tree = p->params();  // held: find() points into it (a temporary's was read after it was freed)
    const ParamSet* ps = tree.find("planner");
    REQUIRE(ps->find("lambda"));
    CHECK(ps->get("lambda") == doctest::Approx(rec.at("lambda")));
    CHECK_FALSE(ps->find("temperature"));
    CHECK_FALSE(ps->find("beta"));
  }
}

TEST_CASE("MCTS stepping searches the learned model when it is on (the inspector uses the engine's request)") {
  EngineSetup s;
  s.env = "pendulum_discrete";
  s.planner = "mcts";
  s.model = "ensemble";
  s.seed = 2;
  s.sets = {{"loop.random_episodes", "1"}, {"loop.random_steps", "30"}, {"model.epochs", "3"}, {"simulations", "50"}};
  auto e = make(s);
  while (!e->can_plan()) REQUIRE(e->step());
  const PlanRequest req = e->plan_request();
  CHECK(req.model == &e->learner()->model());
  CHECK(req.cost == &e->learner()->cost());
  auto* mcts = dynamic_cast<Mcts*>(&e->planner());
  REQUIRE(mcts);
  mcts->begin(req);
  for (int i = 0; i < 20; ++i) mcts->step_simulation();
  PlanTrace tr;
  mcts->snapshot(tr);
  REQUIRE(tr.mcts);
  CHECK(tr.mcts->nodes.size() > 1);
}

TEST_CASE("engine: model nn is one network, whatever way the member count is spelled") {
  auto e = make(pendulum());
  REQUIRE(e->apply(Event::model("nn")).empty());
  CHECK(e->params().find("model")->get("members") == 1);
  CHECK(e->apply(Event::set("model.members", "3")).find("model.members") != std::string::npos);
  CHECK(e->apply(Event::set("model.members", "1.0")).empty());
  CHECK(e->params().find("model")->get("members") == 1);
}
