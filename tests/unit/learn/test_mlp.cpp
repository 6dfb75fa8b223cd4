#include "learn_test_util.hpp"  // first: it sets up compiler diagnostics for Eigen

#include <doctest/doctest.h>

#include "core/learn/adam.hpp"
#include "core/learn/mlp.hpp"
#include "core/learn/objective.hpp"

using namespace mbrl;
using namespace mbrl::testing;

TEST_CASE("An MLP with Adam fits sin(x) on [-3, 3] to RMSE < 0.03") {
  MlpShape s;
  s.sizes = {1, 32, 32, 1};
  s.act = Activation::Tanh;
  Vec theta(s.num_params()), grad(s.num_params());
  Rng rng(7, 0);
  mlp_init(s, theta.data(), rng);
  const int n = 256;
  Mat x(1, n), y(1, n);
  for (int i = 0; i < n; ++i) {
    x(0, i) = -3.0f + 6.0f * float(i) / float(n - 1);
    y(0, i) = std::sin(x(0, i));
  }
  Adam opt;
  opt.lr = 1e-2f;
  MlpCache c;
  Mat delta, tmp;
  for (int it = 0; it < 1500; ++it) {
    mlp_forward_train(s, theta.data(), x, c);
    const Mat g = (c.a.back() - y) * (2.0f / n);
    grad.setZero();
    mlp_backward(s, theta.data(), c, g, grad.data(), nullptr, delta, tmp);
    opt.step(theta, grad);
  }
  // Evaluate between the training points.
  Mat xt(1, 97);
  for (int i = 0; i < 97; ++i) xt(0, i) = -2.97f + 5.94f * float(i) / 96.0f;
  mlp_forward_train(s, theta.data(), xt, c);
  const float rmse = std::sqrt((c.a.back().array() - xt.array().sin()).square().mean());
  MESSAGE("sin fit RMSE " << rmse);
  CHECK(rmse < 0.03f);
}

TEST_CASE("MLP backprop matches finite differences for every activation (weights and input)") {
  for (Activation act : {Activation::SiLU, Activation::Tanh, Activation::ReLU}) {
    CAPTURE(int(act));
    MlpShape s;
    s.sizes = {3, 8, 6, 2};
    s.act = act;
    Vec theta(s.num_params());
    Rng rng(11, uint64_t(act));
    mlp_init(s, theta.data(), rng);
    Mat x = Mat::Random(3, 5), y = Mat::Random(2, 5);
    MlpCache c;
    Mat delta, tmp, gin;
    auto loss = [&]() {
      mlp_forward_train(s, theta.data(), x, c);
      return 0.5 * double((c.a.back() - y).squaredNorm());
    };
    loss();
    Vec grad = Vec::Zero(s.num_params());
    mlp_backward(s, theta.data(), c, c.a.back() - y, grad.data(), &gin, delta, tmp);
    const double err = gradient_error(theta, grad, loss, 80, rng, 3e-3f);
    CAPTURE(err);
    CHECK(err < 2e-2);
    // dL/dx
    double worst = 0;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 5; ++j) {
        const float keep = x(i, j);
        x(i, j) = keep + 3e-3f;
        const double lp = loss();
        x(i, j) = keep - 3e-3f;
        const double lm = loss();
        x(i, j) = keep;
        worst = std::max(worst, std::abs((lp - lm) / 6e-3 - double(gin(i, j))));
      }
    CHECK(worst < 1e-2);
  }
}

namespace {
// One member for the toy pendulum (obs = sin, cos, omega) with non-trivial normalisers and
// log-variance bounds, so that every term of the loss's chain rule is exercised.
Ensemble toy_member(Head head, Activation act) {
  NetSpec sp;
  sp.state_dim = 2;
  sp.action_dim = 1;
  sp.obs_dim = 3;
  sp.members = 1;
  sp.hidden = {10, 10};
  sp.act = act;
  sp.head = head;
  Ensemble e;
  e.init(sp, 5);
  e.input.mean << 0.1f, -0.2f, 0.3f, 0.0f;
  e.input.std << 0.7f, 0.8f, 1.5f, 0.6f;
  e.target.mean << 0.01f, -0.02f;
  e.target.std << 0.05f, 0.3f;
  if (head == Head::Probabilistic) {
    e.theta[0].segment(sp.bounds_offset(), 2) << 0.8f, 0.2f;
    e.theta[0].segment(sp.bounds_offset() + 2, 2) << -1.5f, -2.0f;
  }
  return e;
}
}  // namespace

TEST_CASE("Training loss gradient matches finite differences: both heads, every activation, 1-step and K-step") {
  Dataset d(2, 1, 1000);
  fill_toy(d, 4, 12, 2.5f, 3);
  const ObsMap obs = ObsMap::angles(2, {0}, "toy");
  for (Head head : {Head::Deterministic, Head::Probabilistic})
    for (Activation act : {Activation::SiLU, Activation::Tanh, Activation::ReLU})
      for (int K : {1, 4}) {
        CAPTURE(int(head));
        CAPTURE(int(act));
        CAPTURE(K);
        Ensemble e = toy_member(head, act);
        const NetSpec& sp = e.spec;
        std::vector<int> all(size_t(d.size()));
        for (int i = 0; i < d.size(); ++i) all[size_t(i)] = i;
        const std::vector<int> w = d.window_starts(all, K);
        REQUIRE(w.size() >= 6);
        WindowBatch b;
        b.gather(d, w, 0, 6, K);
        UnrollScratch sc;
        Vec& th = e.theta[0];
        Vec grad(th.size());
        unroll_loss(e, th.data(), obs, b, 1e-3f, grad.data(), sc);
        auto loss = [&]() { return unroll_loss(e, th.data(), obs, b, 1e-3f, nullptr, sc); };
        Rng rng(99, uint64_t(K));
        const double err = gradient_error(th, grad, loss, 120, rng, act == Activation::ReLU ? 1e-3f : 3e-3f);
        CAPTURE(err);
        CHECK(err < 3e-2);
        if (head == Head::Probabilistic) {
          // The log-variance bounds get their gradients too.
          Vec bgrad = grad.segment(sp.bounds_offset(), 4);
          for (int i = 0; i < 4; ++i) {
            const Eigen::Index j = sp.bounds_offset() + i;
            const float keep = th(j);
            th(j) = keep + 1e-2f;
            const double lp = loss();
            th(j) = keep - 1e-2f;
            const double lm = loss();
            th(j) = keep;
            CHECK(std::abs((lp - lm) / 2e-2 - double(bgrad(i))) < 1e-3 + 2e-2 * std::abs(double(bgrad(i))));
          }
        }
      }
}

TEST_CASE("The angle observation map's analytic backward matches finite differences") {
  const ObsMap m = ObsMap::angles(3, {0, 2}, "t");
  REQUIRE(m.obs_dim == 5);
  ObsMap fd = m;
  fd.backward = nullptr;  // forces central differences
  Mat s = Mat::Random(3, 4) * 3.0f, g = Mat::Random(5, 4), ga(3, 4), gf(3, 4);
  m.vjp(s, g, ga);
  fd.vjp(s, g, gf);
  CHECK((ga - gf).cwiseAbs().maxCoeff() < 1e-2f);
  Mat o(5, 4);
  m.apply(s, o);
  CHECK(o(0, 1) == doctest::Approx(std::sin(s(0, 1))));
  CHECK(o(1, 1) == doctest::Approx(std::cos(s(0, 1))));
  CHECK(o(2, 1) == doctest::Approx(s(1, 1)));
}

// A transition no smooth network can fit (the hill car's wall stop: ~30 target stds off) must
// not dominate a member's training: beyond the Huber threshold its pull stops growing.
TEST_CASE("A transition 300 target stds off pulls no harder than one 30 off (both heads: at most linearly)") {
  Dataset d(2, 1, 1000);
  fill_toy(d, 1, 8, 2.5f, 3);
  const ObsMap obs = ObsMap::angles(2, {0}, "toy");
  std::vector<int> all(size_t(d.size()));
  for (int i = 0; i < d.size(); ++i) all[size_t(i)] = i;
  for (Head head : {Head::Deterministic, Head::Probabilistic}) {
    CAPTURE(int(head));
    Ensemble e = toy_member(head, Activation::SiLU);
    Vec& th = e.theta[0];
    WindowBatch b;
    b.gather(d, all, 0, 6, 1);
    UnrollScratch sc;
    Vec g30(th.size()), g300(th.size());
    unroll_loss(e, th.data(), obs, b, 0.f, nullptr, sc);
    const Vec predicted = sc.s[1].col(0);  // s^_1 of window 0
    auto grad_with_target_off = [&](float stds, Vec& g) {
      b.targets[0].col(0) = predicted + stds * e.target.std;
      return unroll_loss(e, th.data(), obs, b, 0.f, g.data(), sc);
    };
    const double l30 = grad_with_target_off(30.f, g30);
    const double l300 = grad_with_target_off(300.f, g300);
    // The outlier still costs more the farther off it is, but linearly, not quadratically (100x).
    CHECK(l300 > l30);
    CHECK(l300 < 20.0 * l30);
    if (head == Head::Deterministic) {
      CHECK((g300 - g30).norm() < 1e-3f * g30.norm());  // the same pull
    } else {
      // The mean's pull is the same; the log-variance's grows linearly (1 - delta |u|).
      CHECK(g300.norm() < 20.f * g30.norm());
    }
    // The gradient stays exact with the outlier in the batch (linear part of the loss).
    grad_with_target_off(30.f, g30);
    auto loss = [&]() { return unroll_loss(e, th.data(), obs, b, 0.f, nullptr, sc); };
    Rng rng(98, 0);
    const double err = gradient_error(th, g30, loss, 120, rng, 3e-3f);
    CAPTURE(err);
    CHECK(err < 3e-2);
  }
}
