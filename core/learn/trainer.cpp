#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/learn/adam.hpp"
#include "core/learn/objective.hpp"
#include "core/rng.hpp"

namespace mbrl {

NetSpec make_spec(const ModelParams& p, const ObsMap& obs, int action_dim) {
  NetSpec s;
  s.state_dim = obs.state_dim;
  s.action_dim = action_dim;
  s.obs_dim = obs.obs_dim;
  s.obs_name = obs.name;
  s.members = p.members;
  s.hidden.assign(size_t(p.layers), p.width);
  s.act = p.activation;
  s.head = p.head;
  return s;
}

namespace {

void fit_normalizers(Ensemble& ens, const ObsMap& obs, const Dataset& data, const std::vector<int>& idx) {
  const int n = int(idx.size()), sd = data.state_dim(), ad = data.action_dim();
  Mat S(sd, n), A(ad, n), dS(sd, n);
  for (int c = 0; c < n; ++c) {
    S.col(c) = data.state(idx[size_t(c)]);
    A.col(c) = data.action(idx[size_t(c)]);
    dS.col(c) = data.next_state(idx[size_t(c)]) - data.state(idx[size_t(c)]);
  }
  for (int a : obs.angle_dims) dS.row(a) = dS.row(a).unaryExpr([](float v) { return wrap_angle(v); });
  Mat X(obs.obs_dim + ad, n);
  obs.apply(S, X.topRows(obs.obs_dim));
  X.bottomRows(ad) = A;
  ens.input.fit(X, 1e-3f);
  ens.target.fit(dS, 1e-5f);
}

void shuffle(std::vector<int>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(uint32_t(i))]);
}

bool exploded(double loss, double ref) { return !std::isfinite(loss) || loss > 1000.0 * std::max(1.0, std::abs(ref)); }

}  // namespace

double evaluate_loss(const Ensemble& ens, int k, const ObsMap& obs, const Dataset& data, const std::vector<int>& starts,
                     int K, const std::atomic<bool>* cancel) {
  if (starts.empty()) return std::numeric_limits<double>::quiet_NaN();
  WindowBatch b;
  UnrollScratch sc;
  double total = 0;
  const size_t chunk = 512;
  for (size_t i = 0; i < starts.size(); i += chunk) {
    if (cancel && cancel->load()) return std::numeric_limits<double>::quiet_NaN();
    const size_t n = std::min(chunk, starts.size() - i);
    b.gather(data, starts, i, n, K);
    total += unroll_loss(ens, ens.theta[size_t(k)].data(), obs, b, 0.f, nullptr, sc) * double(n);
  }
  return total / double(starts.size());
}

TrainReport train_ensemble(Ensemble& ens, const ObsMap& obs, const Dataset& data, const ModelParams& p, uint64_t seed,
                           const std::atomic<bool>* cancel, const std::function<void(const EpochStats&)>& on_epoch) {
  TrainReport rep;
  if (ens.spec.state_dim != data.state_dim() || ens.spec.action_dim != data.action_dim() ||
      ens.spec.state_dim != obs.state_dim || ens.spec.obs_dim != obs.obs_dim) {
    rep.error = "the model (" + ens.spec.describe() + ") does not fit the data (state " +
                std::to_string(data.state_dim()) + ", action " + std::to_string(data.action_dim()) +
                ") or the observation map '" + obs.name + "'";
    rep.summary = rep.error;
    return rep;
  }
  const int K = p.objective == Objective::KStep ? p.k : 1;
  const int M = ens.members();
  std::vector<int> train, hold;
  data.split(p.holdout, seed, train, hold);
  std::vector<int> train_w = data.window_starts(train, K);
  std::vector<int> hold_w = data.window_starts(hold, K);
  if (hold_w.size() > 2048) hold_w.resize(2048);  // the holdout curve needs a sample, not everything
  if (train_w.size() < 2) {
    std::ostringstream os;
    os << "training needs at least 2 windows of " << K << " consecutive transitions; the dataset has " << data.size()
       << " transitions (" << train_w.size() << " usable windows)";
    rep.error = os.str();
    rep.summary = rep.error;
    return rep;
  }
  const Ensemble before = ens;  // the model exactly as handed in
  if (p.reinit)
    for (int k = 0; k < M; ++k) ens.init_member(k, seed + 0x9E37);
  fit_normalizers(ens, obs, data, train);
  ens.sync();

  std::vector<std::vector<int>> member_w(static_cast<size_t>(M));
  for (int k = 0; k < M; ++k) member_w[size_t(k)] = p.bootstrap ? Dataset::bootstrap(train_w, seed, k) : train_w;
  std::vector<Adam> opt(static_cast<size_t>(M));
  std::vector<double> ref(static_cast<size_t>(M));
  {
    std::vector<int> probe(train_w.begin(), train_w.begin() + std::min<size_t>(train_w.size(), 1024));
    for (int k = 0; k < M; ++k) ref[size_t(k)] = evaluate_loss(ens, k, obs, data, probe, K, cancel);
  }
  for (auto& o : opt) o.lr = p.lr;

  Ensemble good = ens;  // last weights known to be finite and not exploding
  bool good_is_before = true;
  WindowBatch b;
  UnrollScratch sc;
  Vec grad(ens.spec.member_params());
  const size_t bs = size_t(p.batch);
  for (int e = 1; e <= p.epochs; ++e) {
    EpochStats st;
    st.epoch = e;
    st.train_loss.assign(size_t(M), 0.0);
    st.holdout_loss.assign(size_t(M), std::numeric_limits<double>::quiet_NaN());
    int bad_member = -1;
    for (int k = 0; k < M && bad_member < 0 && !rep.cancelled; ++k) {
      std::vector<int>& w = member_w[size_t(k)];
      Rng rng(seed, 0x5EED + uint64_t(e), uint64_t(k));
      shuffle(w, rng);
      double sum = 0;
      size_t batches = 0;
      for (size_t i = 0; i < w.size(); i += bs) {
        if (cancel && cancel->load()) {
          rep.cancelled = true;
          break;
        }
        const size_t n = std::min(bs, w.size() - i);
        b.gather(data, w, i, n, K);
        Vec& th = ens.theta[size_t(k)];
        const double loss = unroll_loss(ens, th.data(), obs, b, p.weight_decay, grad.data(), sc);
        if (exploded(loss, ref[size_t(k)]) || !grad.allFinite()) {
          bad_member = k;
          sum = loss;
          batches = 1;
          break;
        }
        opt[size_t(k)].step(th, grad);
        sum += loss;
        ++batches;
      }
      st.train_loss[size_t(k)] = batches ? sum / double(batches) : std::numeric_limits<double>::quiet_NaN();
      if (bad_member < 0 && !ens.theta[size_t(k)].allFinite()) bad_member = k;
    }
    if (rep.cancelled) break;
    if (bad_member >= 0) {
      rep.diverged = true;
      std::ostringstream os;
      os << "training diverged in epoch " << e << " (member " << bad_member + 1 << ", loss "
         << st.train_loss[size_t(bad_member)] << ", lr " << p.lr << "); rolled back to "
         << (good_is_before ? "the model before this run" : "the weights after epoch " + std::to_string(e - 1));
      rep.error = os.str();
      ens = good_is_before ? before : good;
      ens.sync();
      break;
    }
    ens.sync();
    for (int k = 0; k < M && !rep.cancelled; ++k) {
      st.holdout_loss[size_t(k)] = evaluate_loss(ens, k, obs, data, hold_w, K, cancel);
      rep.cancelled = cancel && cancel->load();
    }
    if (rep.cancelled) break;  // this epoch's weights are kept, its stats incomplete: not reported
    good = ens;
    good_is_before = false;
    rep.history.push_back(st);
    rep.epochs_done = e;
    if (on_epoch) on_epoch(st);
  }
  ens.sync();
  std::ostringstream os;
  if (rep.diverged) {
    os << rep.error;
  } else {
    os << (rep.cancelled ? "cancelled after " : "trained ") << rep.epochs_done << " epochs on " << train.size()
       << " transitions (" << M << (M == 1 ? " member, " : " members, ")
       << (K > 1 ? std::to_string(K) + "-step" : "1-step") << ")";
    if (!rep.history.empty()) {
      const EpochStats& last = rep.history.back();
      double tr = 0, ho = 0;
      for (int k = 0; k < M; ++k) {
        tr += last.train_loss[size_t(k)] / M;
        ho += last.holdout_loss[size_t(k)] / M;
      }
      os << ": train loss " << tr;
      if (std::isfinite(ho))
        os << ", holdout " << ho;
      else
        os << ", no holdout data";
    }
  }
  rep.summary = os.str();
  return rep;
}

BackgroundTrainer::~BackgroundTrainer() {
  cancel();
  wait();
}

void BackgroundTrainer::wait() {
  if (thread_.joinable()) thread_.join();
}

bool BackgroundTrainer::start(const Ensemble& ens, const ObsMap& obs, const Dataset& data, const ModelParams& params,
                              uint64_t seed) {
  if (running_.load()) return false;
  wait();
  {
    std::lock_guard<std::mutex> lock(mu_);
    history_.clear();
    result_.reset();
    report_ = {};
  }
  cancel_.store(false);
  running_.store(true);
  thread_ = std::thread([this, e = ens, obs, d = data, params, seed]() mutable {
    TrainReport rep = train_ensemble(e, obs, d, params, seed, &cancel_, [this](const EpochStats& st) {
      std::lock_guard<std::mutex> lock(mu_);
      history_.push_back(st);
    });
    {
      std::lock_guard<std::mutex> lock(mu_);
      result_ = std::make_shared<const Ensemble>(std::move(e));
      report_ = std::move(rep);
    }
    running_.store(false);
  });
  return true;
}

std::vector<EpochStats> BackgroundTrainer::history() const {
  std::lock_guard<std::mutex> lock(mu_);
  return history_;
}

std::shared_ptr<const Ensemble> BackgroundTrainer::result() const {
  std::lock_guard<std::mutex> lock(mu_);
  return result_;
}

TrainReport BackgroundTrainer::report() const {
  std::lock_guard<std::mutex> lock(mu_);
  return report_;
}

}  // namespace mbrl
