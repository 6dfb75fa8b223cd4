#include "core/eigen_warnings.hpp"  // first: see there
#include "engine/engine.hpp"

#include <chrono>
#include <cstring>
#include <new>

#include "core/mcts/mcts.hpp"
#include "core/planners/registry.hpp"
#include "engine/build_info.hpp"
#include "engine/record/recording.hpp"
#include "engine/real_system.hpp"
#include "envs/registry.hpp"

namespace mbrl {

uint64_t hash_state(const Vec& s) {
  uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < s.size(); ++i) {
    uint32_t bits;
    const float x = s(i);
    std::memcpy(&bits, &x, sizeof bits);
    for (int k = 0; k < 4; ++k) {
      h ^= (bits >> (8 * k)) & 0xFFu;
      h *= 1099511628211ull;
    }
  }
  return h;
}

std::string Engine::create(const EngineSetup& setup, const EngineOptions& options, std::unique_ptr<Engine>& out) {
  KeyValues sets = setup.sets;
  MbrlSettings mbrl;
  if (std::string err = parse_mbrl_settings(setup.model, setup.loop, sets, mbrl); !err.empty()) return err;
  RunSetup rs;
  if (std::string err = build_setup(setup.env, setup.planner, sets, rs); !err.empty()) return err;
  std::unique_ptr<Engine> e(new Engine(std::move(rs.env), std::move(rs.planner), rs.mpc, setup.seed, options));
  if (std::string err = e->check_memory(e->planner().params()); !err.empty()) return "planner: " + err;
  e->env_name_ = setup.env;
  e->planner_name_ = setup.planner;
  e->model_kind_ = mbrl.model_kind;
  e->model_params_ = describe(mbrl.model);
  e->loop_params_ = describe(mbrl.loop);
  if (mbrl.learned) e->make_learner();
  e->setup_ = setup;
  e->begin_episode();
  out = std::move(e);
  return "";
}

Engine::Engine(std::unique_ptr<Env> env, std::unique_ptr<Planner> planner, const MpcParams& mpc, uint64_t seed,
               const EngineOptions& options)
    : env_(std::move(env)),
      mpc_(std::make_unique<MpcController>(std::move(planner), mpc)),
      env_name_(env_->name()),
      planner_name_(mpc_->planner().name()),
      model_params_(describe(ModelParams{})),
      loop_params_(describe(LoopParams{})),
      options_(options),
      trace_cap_(options.trace_cap),
      seed_(seed) {}

std::unique_ptr<Engine> Engine::from_parts(std::unique_ptr<Env> env, std::unique_ptr<Planner> planner,
                                           const MpcParams& mpc, uint64_t seed, const EngineOptions& options) {
  std::unique_ptr<Engine> e(new Engine(std::move(env), std::move(planner), mpc, seed, options));
  e->setup_.env = e->env_name_;
  e->setup_.planner = e->planner_name_;
  e->setup_.seed = seed;
  for (const auto& [key, value] : e->params().items())  // every parameter: the setup rebuilds it exactly
    if (key.rfind("model.", 0) != 0 && key.rfind("loop.", 0) != 0) e->setup_.sets.emplace_back(key, value);
  e->begin_episode();
  return e;
}

Engine::~Engine() = default;

void Engine::make_learner() {
  learner_.reset();
  learner_ = std::make_unique<Learner>(*env_, load<ModelParams>(model_params_), load<LoopParams>(loop_params_), seed_,
                                       options_.training, options_.model_views);
  learner_->set_stop(&stop_);
}

std::string Engine::check_memory(const ParamSet& planner_params) const {
  // What the planner itself needs (the trace is fitted to what is left: fitted_trace_cap()).
  return check_plan_memory(mpc_->planner().plan_memory(planner_params, env_->state_dim(), env_->action_dim(), 0));
}

int Engine::fitted_trace_cap() const {
  const Planner& p = mpc_->planner();
  const ParamSet ps = p.params();
  auto fits = [&](int cap) {
    return p.plan_memory(ps, env_->state_dim(), env_->action_dim(), cap).bytes <= kPlanMemoryCap;
  };
  if (trace_cap_ <= 0 || fits(trace_cap_)) return trace_cap_;
  int lo = 0, hi = trace_cap_;  // fits(lo), !fits(hi)
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (fits(mid) ? lo : hi) = mid;
  }
  return lo;
}

void Engine::begin_episode() {
  if (learner_) {
    const EpisodeSpec spec = learner_->begin_episode();
    state_ = env_->reset(spec.start_seed);
    noise_seed_ = spec.noise_seed;
    plan_seed_ = spec.plan_seed;
  } else {
    state_ = env_->reset(seed_);
    noise_seed_ = plan_seed_ = seed_;
  }
  step_ = 0;
  ++episode_;
  states_.assign(1, state_);
  actions_.clear();
  costs_.clear();
  mpc_->reset();
  sync_open_loop();
  has_trace_ = false;
  stale_ = false;
  fan_.reset();
}

bool Engine::can_plan() const { return !learner_ || (!learner_->random_phase() && learner_->ready()); }

bool Engine::can_step() const {
  if (stop_requested() || !plan_error_.empty()) return false;
  if (!learner_) return true;
  return !learner_->done() && !learner_->waiting();
}

bool Engine::plan_due() const {
  return can_plan() && !stop_requested() && plan_error_.empty() && (stale_ || mpc_->due());
}

void Engine::sync_open_loop() {
  // MBRL v1.0 executes whole plans; the user's open-loop setting applies otherwise.
  mpc_->force_open_loop(learner_ && learner_->executes_whole_plans());
}

ThreadPool* Engine::pool() {
  // Made by the thread that plans first: the window's worker runs at a lower priority, and the
  // pool's threads inherit it, so planning yields to the frame loop.
  if (!pool_) pool_ = std::make_unique<ThreadPool>(std::max(1, options_.threads));
  return pool_.get();
}

PlanRequest Engine::plan_request() {
  if (learner_ && learner_->model_generation() != model_generation_) {
    model_generation_ = learner_->model_generation();
    mpc_->planner().reset();  // a new model object: its workspaces differ
  }
  PlanRequest req;
  req.state = state_;
  req.model = env_.get();
  req.cost = env_.get();
  if (learner_) {
    req.model = &learner_->model();
    req.cost = &learner_->cost();
  }
  req.seed = plan_seed_;
  req.plan_index = mpc_->plans_made();
  req.pool = pool();
  req.trace_cap = fitted_trace_cap();
  req.stop = &stop_;
  return req;
}

bool Engine::plan() {
  if (!can_plan()) return false;
  const PlanRequest req = plan_request();
  const auto t0 = std::chrono::steady_clock::now();
  try {
    if (!mpc_->plan(req, trace_)) return false;  // cancelled: nothing counts (see plan())
  } catch (const std::bad_alloc&) {
    // The population's buffers are replaced, never half resized (core/rollout.cpp): the planner
    // stays usable. Its warm start and workspaces are dropped to give the memory back.
    mpc_->planner().reset();
    has_trace_ = false;
    plan_error_ =
        "planner: out of memory for one plan (" +
        mpc_->planner().plan_memory(mpc_->planner().params(), env_->state_dim(), env_->action_dim(), 0).product +
        "); lower samples or horizon";
    return false;
  }
  plan_error_.clear();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  plan_ms_.push_back(ms);
  nonfinite_ += trace_.nonfinite;
  ++plans_;
  has_trace_ = true;
  stale_ = false;
  if (learner_) {
    learner_->count_plan(ms);
    fan_ = options_.model_views ? learner_->fan(req.state, trace_.plan_actions) : nullptr;
  }
  if (rec_) rec_->on_plan(*this);
  return true;
}

bool Engine::step() {
  if (!can_step()) return false;
  Vec a;
  if (learner_ && learner_->random_phase()) {
    a = learner_->random_action();
  } else {
    if (plan_due() && !plan()) return false;  // cancelled or out of memory: nothing executed
    a = mpc_->act();
  }
  Vec c(1);
  c.setZero();
  env_->running_cost(state_, a, step_, c);
  const Vec next = real_step(*env_, state_, a, mpc_->params().process_noise, noise_seed_, step_);
  const Vec prev = state_;
  state_ = next;
  ++step_;
  ++total_steps_;
  states_.push_back(next);
  actions_.push_back(a);
  costs_.push_back(c(0));
  if (learner_ && learner_->record(prev, a, next, c(0), states_, actions_) && !learner_->done()) begin_episode();
  if (rec_) rec_->on_step(*this, a, c(0));
  return true;
}

bool Engine::poll() {
  if (!learner_ || !learner_->job_pending()) return false;
  const bool changed = learner_->poll();
  if (!learner_->job_pending() && rec_) rec_->on_take(*this);
  if (changed) stale_ = true;  // plan through the new model at once
  return changed;
}

bool Engine::take_training() {
  if (!learner_ || !learner_->job_pending()) return false;
  learner_->wait_training();
  return poll();
}

std::string Engine::inspect_mcts(int kind, int count, PlanTrace& out) {
  auto* mcts = dynamic_cast<Mcts*>(&planner());
  if (!mcts || !can_plan()) return "";
  // The engine's own request: the learned model when it is on, the episode's planner stream.
  const PlanRequest req = plan_request();
  if (kind == 2 || !mcts->searching()) mcts->begin(req, /*empty_tree=*/kind == 2);  // New search: a lone root
  std::string caption;
  for (int i = 0; i < count && kind != 2; ++i) {
    if (kind == 0)
      caption = mcts->step_phase();
    else
      mcts->step_simulation();
  }
  mcts->snapshot(out);
  if (rec_) rec_->on_inspect(kind, count);
  return caption;
}

void Engine::set_recording(Recording* r, bool fresh) {
  rec_ = r;
  if (!r || !fresh) return;
  r->setup = setup_;
  r->training = options_.training;
  r->app_version = app_version();
  r->build = build_fingerprint();
  r->start(*this);
}

Outcome Engine::outcome() const { return env_->evaluate(EpisodeView{&states_, &actions_}); }

uint64_t Engine::state_hash() const {
  uint64_t h = hash_state(state_);
  return h ^ (uint64_t(total_steps_) * 0x9E3779B97F4A7C15ull);
}

ParamTree Engine::params() const {
  ParamTree t;
  t.add("planner", mpc_->planner().params());
  t.add("env", env_->params());
  t.add("mpc", describe(mpc_->params()));
  t.add("model", learner_ ? learner_->model_params() : model_params_);
  t.add("loop", learner_ ? learner_->loop_params() : loop_params_);
  return t;
}

std::string Engine::set_param(const std::string& key, const std::string& value) {
  ScopedKey k;
  if (std::string err = split_key(key, k); !err.empty()) return err;
  auto fail = [&](const std::string& err) { return k.full() + ": " + err; };
  if (k.scope == "planner") {
    ParamSet p = mpc_->planner().params();
    if (auto err = p.set_from_string(k.key, value)) return fail(*err);
    if (std::string err = check_memory(p); !err.empty()) return fail(err);
    if (std::string err = mpc_->planner().set_params(p); !err.empty()) return fail(err);
  } else if (k.scope == "env") {
    ParamSet p = env_->params();
    if (auto err = p.set_from_string(k.key, value)) return fail(*err);
    if (std::string err = env_->set_params(p); !err.empty()) return fail(err);
  } else if (k.scope == "mpc") {
    ParamSet p = describe(mpc_->params());
    if (auto err = p.set_from_string(k.key, value)) return fail(*err);
    if (std::string err = mpc_->set_params(p); !err.empty()) return fail(err);
  } else if (k.scope == "model" || k.scope == "loop") {
    ParamSet m = learner_ ? learner_->model_params() : model_params_;
    ParamSet l = learner_ ? learner_->loop_params() : loop_params_;
    if (auto err = (k.scope == "model" ? m : l).set_from_string(k.key, value)) return fail(*err);
    if (model_kind_ == "nn" && m.get("members") != 1)
      return fail("a single network (model nn); switch to the ensemble for several members");
    if (learner_) {
      if (std::string err = learner_->set_params(m, l); !err.empty()) return fail(err);
      m = learner_->model_params();
      l = learner_->loop_params();
    } else {
      if (std::string err = validate_params(load<ModelParams>(m)); !err.empty()) return fail(err);
      if (std::string err = validate_params(load<LoopParams>(l)); !err.empty()) return fail(err);
    }
    model_params_ = m;
    loop_params_ = l;
  } else {
    return k.full() + ": a window setting, not the episode's";
  }
  stale_ = true;
  return "";
}

std::string Engine::apply(const Event& e) {
  std::string err = apply_event(e);
  sync_open_loop();
  if (err.empty()) plan_error_.clear();  // something changed: planning may succeed now
  if (err.empty() && rec_) rec_->on_event(*this, e);
  return err;
}

std::string Engine::apply_event(const Event& e) {
  switch (e.kind) {
    case Event::Kind::Set:
      return set_param(e.key, e.value);
    case Event::Kind::SwitchEnv: {
      const EnvEntry* entry = find_env(e.value);
      if (!entry) return "unknown environment '" + e.value + "' (valid: " + env_names() + ")";
      learner_.reset();  // it refers to the old env
      env_ = entry->make();
      env_name_ = e.value;
      ParamSet pp = mpc_->planner().params();
      pp.reset_defaults();
      apply_recommended(*env_, pp);
      mpc_->planner().set_params(pp);
      if (model_kind_ != "true") make_learner();
      begin_episode();
      return "";
    }
    case Event::Kind::SwitchPlanner: {
      const PlannerEntry* entry = find_planner(e.value);
      if (!entry) return "unknown planner '" + e.value + "' (valid: " + planner_names() + ")";
      auto planner = entry->make();
      ParamSet pp = planner->params();
      apply_recommended(*env_, pp);
      planner->set_params(pp);
      mpc_ = std::make_unique<MpcController>(std::move(planner), mpc_->params());
      planner_name_ = e.value;
      model_generation_ = -1;
      has_trace_ = false;
      stale_ = true;
      return "";
    }
    case Event::Kind::SwitchModel: {
      if (e.value != "true" && e.value != "nn" && e.value != "ensemble")
        return "unknown model '" + e.value + "' (valid: true, nn, ensemble)";
      if (e.value == model_kind_) return "";
      if (e.value == "nn") {
        ParamSet m = model_params_;
        m.set("members", 1);
        m.set("bootstrap", 0);
        model_params_ = m;
      }
      model_kind_ = e.value;
      learner_.reset();
      if (model_kind_ != "true") make_learner();
      begin_episode();
      return "";
    }
    case Event::Kind::Reset:
      seed_ = e.seed;
      if (learner_) make_learner();  // the loop from its start
      begin_episode();
      return "";
    case Event::Kind::Plan:
      stale_ = true;
      return "";
    case Event::Kind::Click:
      if (env_->on_click(e.a, state_)) {
        states_.back() = state_;
        stale_ = true;
      }
      return "";
    case Event::Kind::Drag:
      if (env_->on_drag(e.a, e.b, state_)) {
        states_.back() = state_;
        stale_ = true;
      }
      return "";
    case Event::Kind::PlannerDefaults: {
      ParamSet pp = mpc_->planner().params();
      pp.reset_defaults();
      apply_recommended(*env_, pp);
      mpc_->planner().set_params(pp);
      mpc_->reset();
      stale_ = true;
      return "";
    }
    case Event::Kind::TrainNow:
      if (!learner_) return "train: turn on the learned model first";
      learner_->retrain_now();
      stale_ = true;
      return "";
    case Event::Kind::CancelTraining:
      if (learner_) learner_->cancel_training();
      return "";
    case Event::Kind::LoadModel: {
      if (!learner_) return "load model: turn on the learned model first";
      const bool before_start = total_steps_ == 0;
      if (std::string err = learner_->load_file(e.value); !err.empty()) return err;
      model_params_ = learner_->model_params();
      if (!before_start) begin_episode();  // a model-based episode through the loaded model
      stale_ = true;
      return "";
    }
  }
  return "unknown event";
}

}  // namespace mbrl
