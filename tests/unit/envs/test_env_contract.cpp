// Properties every registered environment must have: batched step == single step bit for bit,
// costs batched consistently, bad parameters rejected by name with the old ones kept, a
// picture made of finite primitives, and the registry entries. The tests iterate
// env_registry(), so a new entry is checked without touching this file; checks that only make
// sense for continuous actions (the action arrow, a sampling "sigma") are filtered by kind.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "core/mcts/discrete_action_space.hpp"
#include "core/rng.hpp"
#include "envs/draw.hpp"
#include "envs/registry.hpp"

using namespace mbrl;

namespace {
bool continuous(const EnvEntry& e) { return e.actions == ActionKind::Continuous; }

// Random states around the start (spread by a multiple of the noise scale) and random actions
// up to 1.5x the bounds, so that clipping paths are exercised too.
void random_batch(const Env& env, int n, uint64_t seed, Mat& S, Mat& A) {
  Rng rng(seed, 1);
  const Vec s0 = env.reset(seed), scale = env.process_noise_scale();
  const ActionBounds b = env.action_bounds();
  S.resize(env.state_dim(), n);
  A.resize(env.action_dim(), n);
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < env.state_dim(); ++k) S(k, i) = s0(k) + 10.f * scale(k) * rng.normal();
    for (int k = 0; k < env.action_dim(); ++k) {
      const float mid = 0.5f * (b.lo(k) + b.hi(k)), half = 0.5f * (b.hi(k) - b.lo(k));
      A(k, i) = mid + 1.5f * half * rng.uniform(-1.f, 1.f);
    }
  }
}

bool bit_equal(const Vec& a, const Vec& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * size_t(a.size())) == 0;
}

bool all_finite(const RecordingDrawList& d) {
  for (const auto& it : d.items)
    for (const auto& p : it.pts)
      if (!p.allFinite()) return false;
  return true;
}
}  // namespace

TEST_CASE("envs: the batched step equals the single step bit for bit, also on column blocks") {
  for (const EnvEntry& entry : env_registry()) {
    CAPTURE(entry.name);
    auto env = entry.make();
    Mat S, A;
    random_batch(*env, 53, 7, S, A);
    Mat next(env->state_dim(), 53);
    env->step(S, A, next, StepContext{});
    // The same columns stepped as a block in the middle of a larger matrix, as planners do.
    Mat wide_s = Mat::Zero(env->state_dim(), 60), wide_a = Mat::Zero(env->action_dim(), 60);
    wide_s.middleCols(5, 53) = S;
    wide_a.middleCols(5, 53) = A;
    Mat wide_next = Mat::Zero(env->state_dim(), 60);
    env->step(wide_s.middleCols(5, 53), wide_a.middleCols(5, 53), wide_next.middleCols(5, 53), StepContext{});
    // And as row blocks of taller matrices (column stride > rows: the generic path).
    Mat tall_s = Mat::Zero(env->state_dim() + 3, 53), tall_a = Mat::Zero(env->action_dim() + 2, 53);
    tall_s.topRows(env->state_dim()) = S;
    tall_a.bottomRows(env->action_dim()) = A;
    Mat tall_next = Mat::Zero(env->state_dim() + 1, 53);
    env->step(tall_s.topRows(env->state_dim()), tall_a.bottomRows(env->action_dim()),
              tall_next.topRows(env->state_dim()), StepContext{});
    for (int i = 0; i < 53; ++i) {
      // Column i of a batch draws from sample index sample_begin + i (gridworld's slip), so the
      // single step is told its index; deterministic envs ignore it.
      StepContext one;
      one.sample_begin = i;
      const Vec single = env->step_one(S.col(i), A.col(i), one);
      CHECK(bit_equal(single, tall_next.col(i).head(env->state_dim())));
      CHECK(single.allFinite());
      CHECK(bit_equal(single, next.col(i)));
      CHECK(bit_equal(single, wide_next.col(5 + i)));
    }
    // Costs: batched == one column at a time, and they accumulate.
    Vec c = Vec::Constant(53, 1.f), ct = Vec::Zero(53);
    env->running_cost(S, A, 3, c);
    env->terminal_cost(S, ct);
    for (int i = 0; i < 53; ++i) {
      Vec c1 = Vec::Constant(1, 1.f), ct1 = Vec::Zero(1);
      env->running_cost(S.col(i), A.col(i), 3, c1);
      env->terminal_cost(S.col(i), ct1);
      CHECK(c1(0) == c(i));
      Vec c2 = Vec::Constant(1, 1.f);
      env->running_cost(tall_s.col(i).head(env->state_dim()), tall_a.col(i).tail(env->action_dim()), 3, c2);
      CHECK(c2(0) == c(i));
      CHECK(ct1(0) == ct(i));
      CHECK(std::isfinite(c(i)));
      CHECK(c(i) >= 1.f);  // costs are non-negative
    }
  }
}

TEST_CASE("envs: bad parameters are rejected naming the key, the old ones are kept") {
  for (const EnvEntry& entry : env_registry()) {
    CAPTURE(entry.name);
    auto env = entry.make();
    const ParamSet before = env->params();
    REQUIRE_FALSE(before.infos.empty());
    for (size_t k = 0; k < before.infos.size(); ++k) {
      const ParamInfo& info = before.infos[k];
      CAPTURE(info.key);
      ParamSet bad = before;
      bad.values[k] = info.hi + 1000.0;
      std::string err = env->set_params(bad);
      CHECK(err.find("'" + info.key + "'") != std::string::npos);
      CHECK(env->params().values == before.values);
      bad.values[k] = std::nan("");
      err = env->set_params(bad);
      CHECK(err.find("'" + info.key + "'") != std::string::npos);
      CHECK(env->params().values == before.values);
    }
    // An unknown key is named too; a valid change is applied.
    ParamSet unknown;
    ParamInfo nope;
    nope.key = "nope";
    unknown.infos.push_back(nope);
    unknown.values.push_back(1.0);
    CHECK(env->set_params(unknown).find("'nope'") != std::string::npos);
    ParamSet good = before;
    const int k = 0;
    good.values[k] = 0.5 * (before.infos[k].lo + before.infos[k].hi);
    if (before.infos[k].kind != ParamKind::Float) good.values[k] = std::round(good.values[k]);  // whole numbers
    CHECK(env->set_params(good) == "");
    CHECK(env->params().values[k] == doctest::Approx(good.values[k]).epsilon(1e-6));  // stored as float
    CHECK(env->params().infos[k].def == before.infos[k].def);
  }
}

TEST_CASE("envs: draw() makes a finite picture, draw_action an arrow, world points are finite") {
  for (const EnvEntry& entry : env_registry()) {
    CAPTURE(entry.name);
    auto env = entry.make();
    Mat S, A;
    random_batch(*env, 20, 3, S, A);
    for (int i = 0; i < 20; ++i) {
      RecordingDrawList d;
      env->draw(S.col(i), d);
      CHECK(d.items.size() >= 4);
      CHECK(d.count("solid_polygon") + d.count("solid_circle") >= 1);  // a body
      CHECK(all_finite(d));
      if (!continuous(entry)) continue;  // an action index has no arrow to show
      RecordingDrawList da;
      Vec a = env->action_bounds().hi;
      env->draw_action(S.col(i), a, da);
      CHECK(da.count("segment") >= 1);        // the arrow's shaft
      CHECK(da.count("solid_polygon") >= 1);  // and head
      CHECK(all_finite(da));
    }
    Eigen::Matrix2Xf pts(2, 20);
    env->world_points(S, pts);
    CHECK(pts.allFinite());
    const Rect2 view = env->world_view();
    CHECK((view.hi - view.lo).minCoeff() > 0.f);
    // The start state's world point is inside the default view.
    Eigen::Matrix2Xf p0(2, 1);
    env->world_points(env->reset(0), p0);
    CHECK((p0.col(0).array() >= view.lo.array()).all());
    CHECK((p0.col(0).array() <= view.hi.array()).all());
  }
}

TEST_CASE("envs: names, dimensions, recommended settings and clones are consistent") {
  for (const EnvEntry& entry : env_registry()) {
    CAPTURE(entry.name);
    auto env = entry.make();
    CHECK(env->name() == entry.name);
    CHECK(env->display_name() == entry.display_name);
    CHECK(env->description() == entry.description);
    CHECK(int(env->state_names().size()) == env->state_dim());
    CHECK(int(env->action_names().size()) == env->action_dim());
    CHECK(env->process_noise_scale().size() == env->state_dim());
    CHECK(env->reset(0).size() == env->state_dim());
    CHECK(env->default_steps() > 0);
    const ActionBounds b = env->action_bounds();
    CHECK((b.lo.array() < b.hi.array()).all());
    const auto rec = env->recommended_planner_settings();
    CHECK(rec.count("horizon") == 1);
    if (continuous(entry)) {
      CHECK(rec.count("sigma") == 1);  // the sampling planners' noise
      CHECK(dynamic_cast<const DiscreteActionSpace*>(env.get()) == nullptr);
    } else {
      // One action dimension holding an index into the fixed action vectors MCTS branches over.
      const auto* space = dynamic_cast<const DiscreteActionSpace*>(env.get());
      REQUIRE(space != nullptr);
      CHECK(env->action_dim() == 1);
      const Mat table = space->discrete_actions();
      CHECK(table.rows() == env->action_dim());
      CHECK(table.cols() >= 2);
      CHECK(int(space->discrete_action_labels().size()) == int(table.cols()));
    }
    auto copy = env->clone();
    Mat S, A;
    random_batch(*env, 5, 11, S, A);
    for (int i = 0; i < 5; ++i) CHECK(bit_equal(copy->step_one(S.col(i), A.col(i)), env->step_one(S.col(i), A.col(i))));
  }
}

TEST_CASE("envs: the registry lists both kinds of environment under unique names and rejects unknown names") {
  int n_continuous = 0, n_discrete = 0;
  for (const EnvEntry& e : env_registry()) {
    CAPTURE(e.name);
    CHECK(find_env(e.name) == &e);  // names are unique
    CHECK_FALSE(e.display_name.empty());
    CHECK_FALSE(e.category.empty());
    CHECK_FALSE(e.description.empty());
    CHECK(env_names().find(e.name) != std::string::npos);
    (continuous(e) ? n_continuous : n_discrete) += 1;
  }
  CHECK(n_continuous >= 4);  // pendulum, cartpole, navigation, hill
  CHECK(n_discrete >= 1);
  for (const char* name : {"pendulum", "cartpole", "navigation", "hill"}) {
    const EnvEntry* e = find_env(name);
    REQUIRE(e != nullptr);
    CHECK(continuous(*e));
  }
  CHECK(find_env("nope") == nullptr);
}
