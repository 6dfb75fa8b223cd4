#include "core/eigen_warnings.hpp"  // first: see there
#include "engine/learner.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/learn/model_eval.hpp"
#include "core/learn/model_io.hpp"
#include "engine/real_system.hpp"

namespace mbrl {

namespace {
// Stream tags that keep the loop's draws apart from each other and from the planners'.
constexpr uint64_t kRandomPolicy = 0x4A4D0001ull, kRandomReset = 0x4A4D0002ull, kEpisodeReset = 0x4A4D0003ull,
                   kPlanSeed = 0x4A4D0004ull, kTrainSeed = 0x4A4D0005ull, kInitSeed = 0x4A4D0006ull;

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  double s = 0;
  for (double x : v) s += x;
  return s / double(v.size());
}

double mean_last(const std::vector<EpochStats>& h, bool holdout) {
  if (h.empty()) return std::numeric_limits<double>::quiet_NaN();
  return mean_of(holdout ? h.back().holdout_loss : h.back().train_loss);
}

bool same_architecture(const ModelParams& a, const ModelParams& b) {
  return a.members == b.members && a.layers == b.layers && a.width == b.width && a.activation == b.activation &&
         a.head == b.head;
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

Learner::Learner(const Env& env, const ModelParams& mp, const LoopParams& lp, uint64_t seed, TrainingMode mode,
                 bool views)
    : env_(env),
      obs_(obs_map_for(env)),
      mp_(mp),
      lp_(lp),
      seed_(seed),
      mode_(mode),
      views_(views),
      data_(env.state_dim(), env.action_dim(), mp.dataset_cap) {
  auto e = std::make_shared<Ensemble>();
  e->init(make_spec(mp_, obs_, env.action_dim()), stream_key(seed_, kInitSeed));
  ens_ = std::move(e);
  make_model();
}

Learner::~Learner() = default;  // the trainer cancels and joins its run

void Learner::make_model() {
  penalty_.reset();  // it refers to the old model
  model_ = std::make_unique<LearnedModel>(ens_, obs_, env_.action_bounds(), mp_);
  if (mp_.pessimism > 0.f) penalty_ = std::make_unique<VariancePenaltyCost>(env_, *model_, mp_.pessimism);
  ++model_generation_;
}

const CostModel& Learner::cost() const {
  if (penalty_) return *penalty_;
  return env_;
}

bool Learner::random_phase() const { return in_random_; }

bool Learner::ready() const {
  if (in_random_) return false;
  // Synchronous: the model is trained inside the step that ends the random phase (if training
  // fails, the loop plans through the weights it has, as a headless run must go on). Background:
  // the first trained model is waited for, unless there is no random data to train on.
  return mode_ == TrainingMode::Synchronous || version_ > 0 || lp_.random_episodes == 0 || data_.size() == 0;
}

bool Learner::waiting() const { return started_ && !in_random_ && !ready(); }

EpisodeSpec Learner::begin_episode() {
  started_ = true;
  EpisodeSpec spec;
  episode_step_ = 0;
  if (!loaded_ && random_done_ < lp_.random_episodes) {
    const int e = random_done_;
    in_random_ = true;
    ep_id_ = episodes_++;
    spec.start_seed = spec.noise_seed = stream_key(seed_, kRandomReset, uint64_t(e));
    spec.plan_seed = seed_;
    spec.random = true;
    policy_rng_ = Rng(seed_, kRandomPolicy, uint64_t(e));
    return spec;
  }
  in_random_ = false;
  if (!random_finished_) finish_random_phase();
  const int k = ++model_episode_;
  ep_id_ = episodes_++;
  rec_ = IterationRecord{};
  rec_.iteration = k;
  spec.start_seed = spec.noise_seed = stream_key(seed_, kEpisodeReset, uint64_t(k));
  spec.plan_seed = stream_key(seed_, kPlanSeed, uint64_t(k));
  return spec;
}

Vec Learner::random_action() {
  const ActionBounds b = env_.action_bounds();
  Vec a(env_.action_dim());
  for (int i = 0; i < a.size(); ++i) a(i) = policy_rng_.uniform(b.lo(i), b.hi(i));
  return a;
}

void Learner::count_plan(double ms) {
  rec_.plan_ms += ms;
  ++rec_.plans;
}

bool Learner::record(const Vec& s, const Vec& a, const Vec& next, float cost, const std::vector<Vec>& states,
                     const std::vector<Vec>& actions) {
  const int t = episode_step_++;
  ++result_.real_steps;
  ++rec_.episode_steps;
  if (in_random_) {
    data_.add(s, a, next, 0, ep_id_, t);
    if (episode_step_ < lp_.random_steps) return false;
    if (++random_done_ >= lp_.random_episodes) finish_random_phase();
    return true;
  }
  rec_.episode_cost += double(cost);
  if (lp_.version != LoopVersion::V05) data_.add(s, a, next, model_episode_, ep_id_, t);  // v0.5 never adds data
  const Outcome o = env_.evaluate(EpisodeView{&states, &actions});
  if (o.success && !result_.success) {
    result_.success = true;
    result_.real_steps_at_success = result_.real_steps;
  }
  rec_.success = o.success;
  rec_.detail = o.detail;
  bool over = episode_step_ >= episode_length();
  if (o.success && lp_.stop_on_success) {
    done_ = true;
    over = true;
  } else if (lp_.version == LoopVersion::V15 && result_.real_steps % lp_.retrain_every == 0) {
    train(rec_);
  }
  if (over) finish_model_episode();
  return over;
}

void Learner::finish_random_phase() {
  random_finished_ = true;
  in_random_ = false;
  rec_.iteration = 0;
  rec_.detail = std::to_string(lp_.random_episodes) + " random-policy episodes";
  if (!loaded_) train(rec_);
  push_record();
}

void Learner::finish_model_episode() {
  // v1.0 retrains after each episode on the aggregated data; v1.5 retrained during the episode.
  if (lp_.version == LoopVersion::V10 && !done_) train(rec_);
  LoopEpisode e;
  e.number = model_episode_;
  e.model_version = version_;
  e.success = rec_.success;
  e.detail = rec_.detail;
  episodes_kept_.push_back(std::move(e));
  if (episodes_kept_.size() > kKeptEpisodes) episodes_kept_.erase(episodes_kept_.begin());
  push_record();
  if (model_episode_ >= lp_.iterations) done_ = true;
}

void Learner::push_record() {
  rec_.real_steps = result_.real_steps;
  rec_.dataset_size = data_.size();
  rec_.trainings = trainings_;
  rec_.train_loss = mean_last(last_report_.history, false);
  rec_.holdout_loss = mean_last(last_report_.history, true);
  rec_.train_summary = last_report_.summary;
  result_.iterations.push_back(rec_);
  rec_ = IterationRecord{};
}

void Learner::train(IterationRecord& rec) {
  if (data_.size() == 0) return;  // nothing to learn from: plan through the initial network
  // One training seed for every run: the holdout split (a hash of it per transition) stays the same
  // as the data grows, so a warm-started run never trains on what an earlier run held out.
  const uint64_t train_seed = stream_key(seed_, kTrainSeed);
  const Ensemble& from = fresh_init_ ? *fresh_init_ : *ens_;
  if (mode_ == TrainingMode::Background) {
    if (job_ || trainer_.running()) return;  // a finished job is taken by poll() first
    job_ = true;
    job_fresh_ = fresh_init_ != nullptr;
    fresh_init_.reset();
    ++trainings_;
    trainer_.start(from, obs_, data_, mp_, train_seed);
    return;
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto e = std::make_shared<Ensemble>(from);
  last_report_ = train_ensemble(*e, obs_, data_, mp_, train_seed, stop_);
  ++trainings_;
  last_history_ = last_report_.history;
  const bool fresh = fresh_init_ != nullptr;
  fresh_init_.reset();
  if (!last_report_.ok()) {
    result_.error = last_report_.error;
    warning_ = last_report_.summary.empty() ? last_report_.error : last_report_.summary;
  } else {
    warning_.clear();
  }
  // The trainer rolls a diverged run back to its starting weights, so these are always usable.
  adopt(std::move(e), fresh);
  rec.train_ms += ms_since(t0);
}

void Learner::adopt(std::shared_ptr<const Ensemble> ens, bool fresh) {
  ens_ = std::move(ens);
  if (fresh)
    make_model();
  else
    model_->set_ensemble(ens_);
  ++version_;
  refresh_views();
}

void Learner::refresh_views() {
  if (!views_) return;
  if (auto ev = evaluate_model(*model_, data_, mp_, stream_key(seed_, kTrainSeed), version_, env_.action_bounds()))
    eval_ = std::move(ev);
}

bool Learner::poll() {
  if (!job_ || trainer_.running()) return false;
  job_ = false;
  trainer_.wait();
  const TrainReport rep = trainer_.report();
  std::shared_ptr<const Ensemble> result = trainer_.result();
  last_report_ = rep;
  last_history_ = rep.history;
  char buf[360];
  if (rep.cancelled) {
    if (version_ > 0)
      std::snprintf(buf, sizeof buf, "training cancelled after %d epochs; planning keeps model v%d", rep.epochs_done,
                    version_);
    else
      std::snprintf(buf, sizeof buf, "training cancelled after %d epochs; no model yet: press Train now",
                    rep.epochs_done);
    warning_ = buf;
    return false;
  }
  if (!rep.ok() || !result) {
    // The trainer's summary names the epoch, the member and the loss of a divergence.
    std::string why = !rep.summary.empty() ? rep.summary : rep.error;
    if (const size_t cut = why.find("; rolled back"); cut != std::string::npos) why.resize(cut);
    if (version_ > 0)
      std::snprintf(buf, sizeof buf, "%s; planning keeps model v%d", why.c_str(), version_);
    else
      std::snprintf(buf, sizeof buf, "%s; no model yet: change a model parameter (e.g. a smaller lr) to retry",
                    why.c_str());
    warning_ = buf;
    result_.error = rep.error.empty() ? why : rep.error;
    return false;
  }
  warning_.clear();
  adopt(std::move(result), job_fresh_);
  return true;
}

std::shared_ptr<const EnsembleFan> Learner::fan(const Vec& s0, const Mat& actions) const {
  if (!ready()) return nullptr;
  return ensemble_fan(*model_, obs_, s0, actions);
}

double Learner::kstep_error_at(int k) const {
  constexpr size_t kMaxWindows = 200;
  if (k < 1) return std::numeric_limits<double>::quiet_NaN();
  std::vector<int> all(size_t(data_.size()));
  for (int i = 0; i < data_.size(); ++i) all[size_t(i)] = i;
  const std::vector<int> windows = data_.window_starts(all, k);
  std::vector<int> starts;
  for (int i : windows)
    if (Dataset::is_holdout(data_.serial(i), mp_.holdout, stream_key(seed_, kTrainSeed))) starts.push_back(i);
  if (starts.empty()) starts = windows;
  if (starts.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (starts.size() > kMaxWindows) {  // an even spread
    std::vector<int> spread;
    for (size_t j = 0; j < kMaxWindows; ++j) spread.push_back(starts[j * starts.size() / kMaxWindows]);
    starts.swap(spread);
  }
  return kstep_error(*model_, data_, starts, k).model[size_t(k - 1)];
}

double Learner::variance_ratio() const {
  constexpr int kMaxPoints = 2000;
  const int n = data_.size();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  const int stride = std::max(1, n / kMaxPoints), m = (n + stride - 1) / stride;
  Mat S(data_.state_dim(), m), A(data_.action_dim(), m);
  Vec mean = Vec::Zero(data_.state_dim());
  for (int j = 0; j < m; ++j) {
    S.col(j) = data_.state(j * stride);
    A.col(j) = data_.action(j * stride);
    mean += S.col(j) / float(m);
  }
  Vec on(m), off(m);
  model_->member_variance(S, A, on);
  const Mat far = (3.f * (S.colwise() - mean)).colwise() + mean;
  model_->member_variance(far, A, off);
  return off.mean() / std::max(on.mean(), 1e-12f);
}

std::string Learner::set_params(const ParamSet& model, const ParamSet& loop) {
  if (std::string e = validate_ranges(model); !e.empty()) return "model: " + e;
  if (std::string e = validate_ranges(loop); !e.empty()) return "loop: " + e;
  const ModelParams nm = load<ModelParams>(model);
  const LoopParams nl = load<LoopParams>(loop);
  if (std::string e = validate_params(nm); !e.empty()) return "model: " + e;
  if (std::string e = validate_params(nl); !e.empty()) return "loop: " + e;
  const bool arch = !same_architecture(nm, mp_);
  mp_ = nm;
  lp_ = nl;
  if (data_.cap() != mp_.dataset_cap) data_.set_cap(mp_.dataset_cap);
  warning_.clear();
  model_->set_options(mp_);
  if (mp_.pessimism <= 0.f)
    penalty_.reset();
  else if (penalty_)
    penalty_->set_beta(mp_.pessimism);
  else
    penalty_ = std::make_unique<VariancePenaltyCost>(env_, *model_, mp_.pessimism);
  if (arch) {
    if (job_) {
      trainer_.cancel();
      trainer_.wait();
      job_ = false;
    }
    auto e = std::make_shared<Ensemble>();
    e->init(make_spec(mp_, obs_, env_.action_dim()), stream_key(seed_, kInitSeed, uint64_t(trainings_)));
    fresh_init_ = std::move(e);
    if (!in_random_ && random_finished_) train(rec_);  // the new network learns the data so far
  }
  if (model_episode_ < lp_.iterations && !(result_.success && lp_.stop_on_success)) done_ = false;
  return "";
}

void Learner::wait_training() {
  if (job_) trainer_.wait();
}

void Learner::cancel_training() {
  if (job_ && trainer_.running()) trainer_.cancel();
}

void Learner::retrain_now() {
  if (job_ || in_random_ || data_.size() == 0) return;
  warning_.clear();
  train(rec_);
}

std::string Learner::set_initial_ensemble(Ensemble initial) {
  if (result_.real_steps > 0) return "the loop has started: the initial model can no longer change";
  const NetSpec& want = ens_->spec;
  const NetSpec& got = initial.spec;
  if (got.state_dim != want.state_dim || got.action_dim != want.action_dim || got.obs_dim != want.obs_dim ||
      got.obs_name != want.obs_name || int(initial.theta.size()) != got.members)
    return "the model (" + got.describe() + ") does not fit this system (" + want.describe() + ")";
  initial.sync();
  ens_ = std::make_shared<const Ensemble>(std::move(initial));
  mp_ = with_architecture(mp_, ens_->spec);
  make_model();
  return "";
}

std::string Learner::load_file(const std::string& path) {
  const NetSpec expect = make_spec(mp_, obs_, env_.action_dim());
  Ensemble e;
  if (std::string err = load_model(path, e, &expect); !err.empty()) return err;
  if (result_.real_steps == 0) {  // before the first step: the loop's initial model
    if (std::string err = set_initial_ensemble(std::move(e)); !err.empty()) return err;
    file_note_ = "loaded " + path + " as the initial model";
    return "";
  }
  if (job_) {  // a run on the old weights would overwrite the loaded ones
    trainer_.cancel();
    trainer_.wait();
    job_ = false;
  }
  fresh_init_.reset();
  mp_ = with_architecture(mp_, e.spec);  // the file decides the architecture; the panel shows it
  ens_ = std::make_shared<const Ensemble>(std::move(e));
  make_model();
  loaded_ = true;
  random_finished_ = true;
  ++version_;
  warning_.clear();
  file_note_ = "loaded " + path + " as model v" + std::to_string(version_);
  refresh_views();
  return "";
}

std::string Learner::save_file(const std::string& path) {
  if (!ready()) return "no model to save yet: it is still collecting random data or training";
  if (std::string err = save_model(path, model_->ensemble()); !err.empty()) return err;
  file_note_ = "saved model v" + std::to_string(version_) + " to " + path;
  return "";
}

LearnStatus Learner::status() const {
  LearnStatus st;
  st.dataset = data_.size();
  st.cap = data_.cap();
  st.version = version_;
  st.random_steps = lp_.random_episodes * lp_.random_steps;
  st.training = trainer_.running();
  st.random_phase = in_random_;
  st.done = done_;
  st.epochs = mp_.epochs;
  if (st.training) st.history = trainer_.history();
  st.history_running = !st.history.empty();
  if (st.history.empty()) st.history = last_history_;
  if (!st.history.empty()) {
    st.epoch = st.history.back().epoch;
    st.train_loss = mean_of(st.history.back().train_loss);
    st.holdout_loss = mean_of(st.history.back().holdout_loss);
  }
  st.warning = warning_;
  st.file_note = file_note_;
  st.eval = eval_;
  st.episodes = episodes_kept_;
  const int running_epoch = st.history_running ? st.epoch : 0;
  const char* v = loop_version_name(lp_.version);
  char buf[240];
  if (in_random_)
    std::snprintf(buf, sizeof buf, "random episode %d of %d: step %d of %d (%d transitions)", random_done_ + 1,
                  lp_.random_episodes, episode_step_, lp_.random_steps, data_.size());
  else if (done_)
    std::snprintf(buf, sizeof buf, "%s: the loop has finished after %d model-based episodes (%s); R restarts it", v,
                  model_episode_, result_.success ? "solved" : "not solved");
  else if (!ready() && !st.training)
    std::snprintf(buf, sizeof buf, "no model yet: the first training run failed");
  else if (!ready())
    std::snprintf(buf, sizeof buf, "training the first model (epoch %d of %d); stepping waits for it", running_epoch,
                  st.epochs);
  else if (st.training)
    std::snprintf(buf, sizeof buf, "%s: %s model v%d; training v%d (epoch %d of %d)", v,
                  executes_whole_plans() ? "open-loop plans through" : "MPC through", version_, version_ + 1,
                  running_epoch, st.epochs);
  else if (lp_.version == LoopVersion::V05)
    std::snprintf(buf, sizeof buf,
                  "v0.5: MPC through model v%d; no new data, no retraining (episode %d, step %d of %d)", version_,
                  model_episode_, episode_step_, episode_length());
  else if (lp_.version == LoopVersion::V10)
    std::snprintf(buf, sizeof buf,
                  "v1.0: open-loop plans through model v%d; retrain when episode %d ends (step %d of %d)", version_,
                  model_episode_, episode_step_, episode_length());
  else
    std::snprintf(buf, sizeof buf, "v1.5: MPC through model v%d; retrain in %d steps (episode %d)", version_,
                  lp_.retrain_every - result_.real_steps % lp_.retrain_every, model_episode_);
  st.phase = buf;
  char head[240];
  if (in_random_)
    std::snprintf(head, sizeof head, "MBRL %s \xC2\xB7 random episode %d of %d \xC2\xB7 %d transitions", v,
                  random_done_ + 1, lp_.random_episodes, data_.size());
  else if (!ready())
    std::snprintf(head, sizeof head, "MBRL %s \xC2\xB7 training the first model (epoch %d of %d)", v, running_epoch,
                  st.epochs);
  else
    std::snprintf(head, sizeof head, "MBRL %s \xC2\xB7 model v%d%s \xC2\xB7 %d transitions%s", v, version_,
                  st.training ? " (training the next)" : "", data_.size(),
                  lp_.version == LoopVersion::V05 ? " (frozen)" : "");
  st.headline = head;
  if (!episodes_kept_.empty()) {
    const LoopEpisode& e = episodes_kept_.back();
    st.headline +=
        std::string(" \xC2\xB7 episode ") + std::to_string(e.number) + (e.success ? ": success" : ": not solved");
  }
  if (done_) st.headline += " \xC2\xB7 loop finished";
  return st;
}

}  // namespace mbrl
