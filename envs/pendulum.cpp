#include "envs/pendulum.hpp"

#include <cmath>
#include <cstdio>

#include "core/rng.hpp"
#include "envs/env_util.hpp"

namespace mbrl {

using envutil::angle_normalize;
using envutil::clip;

std::string PendulumEnv::description() const {
  return "Gymnasium's Pendulum-v1: swing a pendulum up from hanging down and balance it. The torque "
         "bound (2 N m) is below the gravity torque (5 N m), so the motor cannot lift it directly: a "
         "planner must look ahead far enough to pump energy by swinging back and forth. Cost "
         "theta^2 + 0.1 theta_dot^2 + 0.001 u^2 per step; success is staying within 0.1 rad of upright "
         "for the last 20 steps.";
}

ActionBounds PendulumEnv::action_bounds() const {
  return {Vec::Constant(1, -p_.max_torque), Vec::Constant(1, p_.max_torque)};
}

void PendulumEnv::step(CMatRef states, CMatRef actions, MatRef next, const StepContext&) const {
  const float gain_g = 3.f * p_.g / (2.f * p_.l);
  const float gain_u = 3.f / (p_.m * p_.l * p_.l);
  const float dt = p_.dt, umax = p_.max_torque, vmax = p_.max_speed;
  envutil::for_each_column<2, 1>(states, actions, next, [=](const float* s, const float* a, float* out) {
    const float th = s[0], thdot = s[1];
    const float u = clip(a[0], -umax, umax);
    const float newthdot = clip(thdot + (gain_g * envutil::sin_fast(th) + gain_u * u) * dt, -vmax, vmax);
    out[0] = th + newthdot * dt;
    out[1] = newthdot;
  });
}

void PendulumEnv::running_cost(CMatRef states, CMatRef actions, int, VecRef cost) const {
  const float umax = p_.max_torque, ws = p_.w_speed, wu = p_.w_torque;
  envutil::for_each_cost<2, 1>(states, actions, cost, [=](const float* s, const float* a) {
    const float th = angle_normalize(s[0]), thdot = s[1];
    const float u = clip(a[0], -umax, umax);
    return th * th + ws * thdot * thdot + wu * u * u;
  });
}

void PendulumEnv::terminal_cost(CMatRef states, VecRef cost) const {
  const float ws = p_.w_speed;
  envutil::for_each_terminal_cost<2>(states, cost, [=](const float* s) {
    const float th = angle_normalize(s[0]), thdot = s[1];
    return th * th + ws * thdot * thdot;
  });
}

Vec PendulumEnv::reset(uint64_t seed) const {
  Vec s(2);
  s << envutil::kPi, 0.f;
  if (p_.init_noise > 0.f) {
    Rng rng(seed, 0x9e5e7);
    s(0) += rng.uniform(-p_.init_noise, p_.init_noise);
    s(1) += rng.uniform(-p_.init_noise, p_.init_noise);
  }
  return s;
}

Vec PendulumEnv::process_noise_scale() const {
  Vec s(2);
  s << 0.2f, 1.0f;  // process_noise = 1 is a strong shove: 0.2 rad and 1 rad/s per step
  return s;
}

Outcome PendulumEnv::evaluate(const EpisodeView& ep) const {
  Outcome o;
  if (!ep.states || ep.states->empty()) {
    o.detail = "no states";
    return o;
  }
  const int held =
      envutil::trailing_count(*ep.states, [](const Vec& s) { return std::abs(angle_normalize(s(0))) < kUprightTol; });
  const int total = int(ep.states->size());
  o.success = held >= kHoldSteps;
  char buf[128];
  const float th = angle_normalize(ep.states->back()(0));
  o.distance = std::abs(th);
  if (o.success)
    std::snprintf(buf, sizeof buf, "upright for the last %d steps (|theta| < %.2g)", held, double(kUprightTol));
  else if (held > 0)
    std::snprintf(buf, sizeof buf, "upright for only %d of the required %d final steps", held, kHoldSteps);
  else
    std::snprintf(buf, sizeof buf, "not upright at the end (theta = %.2f rad after %d steps)", double(th), total - 1);
  o.detail = buf;
  return o;
}

std::map<std::string, double> PendulumEnv::recommended_planner_settings() const {
  return {{"horizon", 30}, {"sigma", 0.5}, {"lambda", 1.0}};
}

void PendulumEnv::draw(const Vec& s, DrawList& d) const {
  const float l = p_.l, th = s(0);
  const P2 pivot(0.f, 0.f);
  const P2 dir(-std::sin(th), std::cos(th));  // theta = 0 points up, positive is counter-clockwise
  const P2 tip = pivot + l * dir;
  // Goal: the upright position, faint.
  d.segment(pivot, P2(0.f, l), d.role(Role::Goal).with_alpha(0.35f), 1.5f);
  d.circle(P2(0.f, l), 0.12f * l, d.role(Role::Goal), 1.5f);
  // Mount.
  d.rect(P2(-0.25f * l, -0.04f * l), P2(0.25f * l, 0.04f * l), d.role(Role::Ground));
  // Rod and bob.
  d.segment(pivot, tip, d.role(Role::Body), 8.f);
  d.solid_circle(tip, 0.08f * l, d.role(Role::Body));
  d.solid_circle(pivot, 0.04f * l, d.role(Role::BodyAccent));
}

void PendulumEnv::draw_action(const Vec& s, const Vec& a, DrawList& d) const {
  if (a.size() < 1 || p_.max_torque <= 0.f) return;
  // Torque as an arrow at the bob along its direction of motion (counter-clockwise positive).
  const float th = s(0), frac = clip(a(0) / p_.max_torque, -1.f, 1.f);
  const P2 tip(-p_.l * std::sin(th), p_.l * std::cos(th));
  const P2 tangent(-std::cos(th), -std::sin(th));
  if (std::abs(frac) < 1e-3f) return;
  d.arrow(tip, tip + 0.45f * p_.l * frac * tangent, d.role(Role::BodyAccent), 3.f);
}

void PendulumEnv::world_points(CMatRef states, Eigen::Ref<Eigen::Matrix2Xf> out) const {
  for (Eigen::Index i = 0; i < states.cols(); ++i) {
    const float th = states(0, i);
    out(0, i) = -p_.l * std::sin(th);
    out(1, i) = p_.l * std::cos(th);
  }
}

Rect2 PendulumEnv::world_view() const {
  const float r = 1.35f * p_.l;
  return {P2(-r, -r), P2(r, r)};
}

bool PendulumEnv::on_drag(P2 from, P2 to, Vec& state) {
  if (state.size() != 2) return false;
  // A push: the drag's component along the bob's direction of motion becomes angular velocity.
  const float th = state(0);
  const P2 tangent(-std::cos(th), -std::sin(th));  // d tip / d theta (unit length)
  const float push = (to - from).dot(tangent) / p_.l;
  state(1) = clip(state(1) + 4.f * push, -p_.max_speed, p_.max_speed);
  return push != 0.f;
}

}  // namespace mbrl
