#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/mbrl_loop.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include "core/learn/variance_penalty.hpp"
#include "core/rng.hpp"

namespace mbrl {

namespace {
// Stream tags that keep the loop's draws apart from each other and from the planners'.
constexpr uint64_t kRandomPolicy = 0x4A4D0001ull, kRandomReset = 0x4A4D0002ull, kEpisodeReset = 0x4A4D0003ull,
                   kPlanSeed = 0x4A4D0004ull, kTrainSeed = 0x4A4D0005ull, kInitSeed = 0x4A4D0006ull;

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

MpcParams loop_mpc(MpcParams m, LoopVersion v) {
  if (v == LoopVersion::V10) m.open_loop = true;  // v1.0 executes each whole plan
  return m;
}

double mean_last(const std::vector<EpochStats>& h, bool holdout) {
  if (h.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto& v = holdout ? h.back().holdout_loss : h.back().train_loss;
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  double s = 0;
  for (double x : v) s += x;
  return s / double(v.size());
}
}  // namespace

const char* loop_version_name(LoopVersion v) {
  switch (v) {
    case LoopVersion::V05:
      return "v0.5";
    case LoopVersion::V10:
      return "v1.0";
    case LoopVersion::V15:
      return "v1.5";
  }
  return "?";
}

ModelParams with_architecture(ModelParams p, const NetSpec& spec) {
  p.members = spec.members;
  p.layers = int(spec.hidden.size());
  p.width = spec.hidden.empty() ? p.width : spec.hidden.front();
  p.activation = spec.act;
  p.head = spec.head;
  return p;
}

MbrlLoop::MbrlLoop(RealSystem sys, std::unique_ptr<Planner> planner, const MpcParams& mpc, const ModelParams& model,
                   const LoopParams& loop, uint64_t seed, ThreadPool* pool)
    : sys_(std::move(sys)),
      mpc_(std::move(planner), loop_mpc(mpc, loop.version)),
      mp_(model),
      lp_(loop),
      seed_(seed),
      pool_(pool),
      data_(sys_.dynamics->state_dim(), sys_.dynamics->action_dim(), model.dataset_cap) {
  ens_ = std::make_shared<Ensemble>();
  ens_->init(make_spec(mp_, sys_.obs, sys_.dynamics->action_dim()), stream_key(seed_, kInitSeed));
  make_model();
}

void MbrlLoop::make_model() {
  penalty_.reset();  // it refers to the old model_
  model_ = std::make_unique<LearnedModel>(ens_, sys_.obs, sys_.dynamics->action_bounds(), mp_);
  if (mp_.pessimism > 0.f) penalty_ = std::make_unique<VariancePenaltyCost>(*sys_.cost, *model_, mp_.pessimism);
}

std::string MbrlLoop::set_initial_ensemble(Ensemble initial) {
  if (next_iteration_ > 0) return "the loop has started: the initial model can no longer change";
  const NetSpec& want = ens_->spec;
  const NetSpec& got = initial.spec;
  if (got.state_dim != want.state_dim || got.action_dim != want.action_dim || got.obs_dim != want.obs_dim ||
      got.obs_name != want.obs_name || int(initial.theta.size()) != got.members)
    return "the model (" + got.describe() + ") does not fit this system (" + want.describe() + ")";
  initial.sync();
  ens_ = std::make_shared<Ensemble>(std::move(initial));
  mp_ = with_architecture(mp_, ens_->spec);
  make_model();
  return "";
}

bool MbrlLoop::done() const { return stop_ || next_iteration_ > lp_.iterations; }

LoopResult MbrlLoop::run(const std::function<void(const IterationRecord&)>& on_iteration) {
  while (!done()) {
    const IterationRecord rec = next();
    if (on_iteration) on_iteration(rec);
  }
  return result_;
}

IterationRecord MbrlLoop::next() {
  IterationRecord rec;
  rec.iteration = next_iteration_;
  if (next_iteration_ == 0) {
    collect_random(rec);
    train(rec);
  } else {
    model_episode(next_iteration_, rec);
    // v1.0 retrains after each episode on the aggregated data; v1.5 retrained during the episode.
    if (lp_.version == LoopVersion::V10 && !stop_) train(rec);
  }
  ++next_iteration_;
  rec.real_steps = result_.real_steps;
  rec.dataset_size = data_.size();
  rec.trainings = trainings_;
  rec.train_loss = mean_last(last_report_.history, false);
  rec.holdout_loss = mean_last(last_report_.history, true);
  rec.train_summary = last_report_.summary;
  result_.iterations.push_back(rec);
  return rec;
}

void MbrlLoop::collect_random(IterationRecord& rec) {
  const ActionBounds b = sys_.dynamics->action_bounds();
  const int ad = sys_.dynamics->action_dim();
  for (int e = 0; e < lp_.random_episodes; ++e) {
    const int ep = episodes_++;
    Vec s = sys_.reset(stream_key(seed_, kRandomReset, uint64_t(e)));
    Rng rng(seed_, kRandomPolicy, uint64_t(e));
    Vec a(ad);
    for (int t = 0; t < lp_.random_steps; ++t) {
      for (int i = 0; i < ad; ++i) a(i) = rng.uniform(b.lo(i), b.hi(i));
      const Vec n = sys_.step(s, a, stream_key(seed_, kRandomReset, uint64_t(e)), t);
      data_.add(s, a, n, 0, ep, t);
      s = n;
      ++result_.real_steps;
      ++rec.episode_steps;
    }
  }
  rec.detail = std::to_string(lp_.random_episodes) + " random-policy episodes";
}

void MbrlLoop::train(IterationRecord& rec) {
  if (data_.size() == 0) return;  // nothing to learn from: plan through the initial network
  const auto t0 = std::chrono::steady_clock::now();
  // One training seed for every run: the holdout split (a hash of it per transition) stays the
  // same as the data grows, so a warm-started run never trains on what an earlier run held out
  // and the holdout loss stays honest (the window's loop does the same).
  last_report_ = train_ensemble(*ens_, sys_.obs, data_, mp_, stream_key(seed_, kTrainSeed));
  ++trainings_;
  if (!last_report_.ok()) result_.error = last_report_.error;
  rec.train_ms += ms_since(t0);
}

void MbrlLoop::model_episode(int k, IterationRecord& rec) {
  const uint64_t ep_seed = stream_key(seed_, kEpisodeReset, uint64_t(k));
  const int steps = lp_.episode_steps > 0 ? lp_.episode_steps : sys_.default_steps;
  const bool grow = lp_.version == LoopVersion::V15;  // v1.5 appends and retrains during the episode
  const bool keep = lp_.version != LoopVersion::V05;  // v0.5 never adds data
  const int ep = episodes_++;
  const CostModel& plan_cost = penalty_ ? *penalty_ : *sys_.cost;

  mpc_.reset();
  std::vector<Vec> states{sys_.reset(ep_seed)}, actions;
  states.reserve(size_t(steps) + 1);
  actions.reserve(size_t(steps));
  PlanTrace trace;
  Vec c(1);
  for (int t = 0; t < steps; ++t) {
    const Vec& s = states.back();
    if (mpc_.due()) {
      PlanRequest req;
      req.state = s;
      req.model = model_.get();
      req.cost = &plan_cost;
      req.seed = stream_key(seed_, kPlanSeed, uint64_t(k));
      req.pool = pool_;
      req.trace_cap = 0;
      const auto t0 = std::chrono::steady_clock::now();
      mpc_.plan(req, trace);
      rec.plan_ms += ms_since(t0);
      ++rec.plans;
    }
    const Vec a = mpc_.act();
    c.setZero();
    sys_.cost->running_cost(s, a, t, c);
    rec.episode_cost += double(c(0));
    const Vec n = sys_.step(s, a, ep_seed, t);
    if (keep) data_.add(s, a, n, k, ep, t);
    actions.push_back(a);
    states.push_back(n);
    ++result_.real_steps;
    ++rec.episode_steps;
    std::string detail;
    const bool ok = sys_.success(states, actions, detail);
    if (ok && !result_.success) {
      result_.success = true;
      result_.real_steps_at_success = result_.real_steps;
    }
    rec.success = ok;
    rec.detail = detail;
    if (ok && lp_.stop_on_success) {
      stop_ = true;
      break;
    }
    if (grow && result_.real_steps % lp_.retrain_every == 0) train(rec);
  }
  result_.last_states = std::move(states);
  result_.last_actions = std::move(actions);
}

}  // namespace mbrl
