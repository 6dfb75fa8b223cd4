#include "envs/navigation.hpp"

#include <cmath>
#include <cstdio>

#include "core/rng.hpp"
#include "envs/env_util.hpp"

namespace mbrl {

using envutil::clip;

namespace {
constexpr float kArenaX = 3.5f, kArenaY = 2.5f;  // the framed region and the click clamp
}

std::string NavigationEnv::description() const {
  return "A point mass (double integrator) accelerates towards a goal past circular obstacles. The "
         "straight line is blocked, so a planner must find a detour: with a short horizon or too few "
         "samples it heads straight into the obstacle where the distance cost is lowest. Collisions "
         "are penalised (a large cost per step inside, a smooth band around each obstacle) and "
         "reported. Click to move the goal, drag an obstacle to move it. Success: ending inside the "
         "goal radius without any collision.";
}

ActionBounds NavigationEnv::action_bounds() const {
  return {Vec::Constant(2, -p_.max_accel), Vec::Constant(2, p_.max_accel)};
}

void NavigationEnv::step(CMatRef states, CMatRef actions, MatRef next, const StepContext&) const {
  const float dt = p_.dt, amax = p_.max_accel;
  envutil::for_each_column<4, 2>(states, actions, next, [=](const float* s, const float* a, float* out) {
    const float ax = clip(a[0], -amax, amax), ay = clip(a[1], -amax, amax);
    const float vx = s[2] + ax * dt, vy = s[3] + ay * dt;
    out[0] = s[0] + vx * dt;
    out[1] = s[1] + vy * dt;
    out[2] = vx;
    out[3] = vy;
  });
}

// Costs are accumulated in passes over the batch (goal/speed/action, then one pass per obstacle)
// so that each pass is a simple loop the compiler vectorises; a single column goes through the
// same passes, so batched and single costs agree bit for bit.
void NavigationEnv::add_state_costs(CMatRef states, VecRef cost) const {
  const NavigationParams p = p_;
  envutil::for_each_terminal_cost<4>(states, cost, [=](const float* s) {
    const float gx = s[0] - p.goal_x, gy = s[1] - p.goal_y;
    return p.w_goal * std::sqrt(gx * gx + gy * gy) + p.w_speed * (s[2] * s[2] + s[3] * s[3]);
  });
  const float inv_margin = 1.f / p.margin;
  for (int k = 0; k < p.obstacles; ++k) {
    const float ox = p.obs[size_t(k)].x, oy = p.obs[size_t(k)].y, R = p.obs[size_t(k)].r + p.body_radius;
    const float outer = R + p.margin, wc = p.w_collision, wb = p.w_clearance;
    envutil::for_each_terminal_cost<4>(states, cost, [=](const float* s) {
      const float dx = s[0] - ox, dy = s[1] - oy;
      const float d = std::sqrt(dx * dx + dy * dy);
      const float band = std::max(outer - d, 0.f) * inv_margin;
      return (d < R ? wc : 0.f) + wb * band * band;
    });
  }
}

void NavigationEnv::running_cost(CMatRef states, CMatRef actions, int, VecRef cost) const {
  const float amax = p_.max_accel, inv = 1.f / p_.max_accel, wa = p_.w_accel;
  envutil::for_each_cost<4, 2>(states, actions, cost, [=](const float*, const float* a) {
    const float ax = clip(a[0], -amax, amax) * inv, ay = clip(a[1], -amax, amax) * inv;
    return wa * (ax * ax + ay * ay);
  });
  add_state_costs(states, cost);
}

void NavigationEnv::terminal_cost(CMatRef states, VecRef cost) const { add_state_costs(states, cost); }

int NavigationEnv::colliding_obstacle(float x, float y) const {
  for (int k = 0; k < p_.obstacles; ++k) {
    const auto& o = p_.obs[size_t(k)];
    const float dx = x - o.x, dy = y - o.y, R = o.r + p_.body_radius;
    if (dx * dx + dy * dy < R * R) return k;
  }
  return -1;
}

Vec NavigationEnv::reset(uint64_t seed) const {
  Vec s(4);
  s << p_.start_x, p_.start_y, 0.f, 0.f;
  if (p_.init_noise > 0.f) {
    Rng rng(seed, 0x4a71);
    s(0) += rng.uniform(-p_.init_noise, p_.init_noise);
    s(1) += rng.uniform(-p_.init_noise, p_.init_noise);
  }
  return s;
}

Vec NavigationEnv::process_noise_scale() const {
  Vec s(4);
  s << 0.05f, 0.05f, 0.3f, 0.3f;  // process_noise = 1 is a strong shove
  return s;
}

Outcome NavigationEnv::evaluate(const EpisodeView& ep) const {
  Outcome o;
  if (!ep.states || ep.states->empty()) {
    o.detail = "no states";
    return o;
  }
  const auto& st = *ep.states;
  int hit_step = -1, hit_obstacle = -1;
  o.collisions = 0;
  for (size_t t = 0; t < st.size(); ++t) {
    const int hit = colliding_obstacle(st[t](0), st[t](1));
    if (hit < 0) continue;
    ++o.collisions;
    if (hit_step < 0) hit_step = int(t), hit_obstacle = hit;
  }
  const P2 last(st.back()(0), st.back()(1)), goal(p_.goal_x, p_.goal_y);
  const float dist = (last - goal).norm();
  o.distance = dist;
  int reached = -1;
  for (size_t t = 0; t < st.size() && reached < 0; ++t)
    if ((P2(st[t](0), st[t](1)) - goal).norm() <= p_.goal_radius) reached = int(t);
  o.success = hit_step < 0 && dist <= p_.goal_radius;
  char buf[160];
  if (hit_step >= 0)
    std::snprintf(buf, sizeof buf, "collided with obstacle %d at step %d", hit_obstacle + 1, hit_step);
  else if (o.success)
    std::snprintf(buf, sizeof buf, "reached the goal at step %d without a collision", reached);
  else
    std::snprintf(buf, sizeof buf, "no collision, but ended %.2f m from the goal (radius %.2f)", double(dist),
                  double(p_.goal_radius));
  o.detail = buf;
  return o;
}

std::map<std::string, double> NavigationEnv::recommended_planner_settings() const {
  return {{"horizon", 30}, {"sigma", 0.7}, {"lambda", 1.0}};
}

void NavigationEnv::draw(const Vec& s, DrawList& d) const {
  const P2 corners[4] = {{-kArenaX, -kArenaY}, {kArenaX, -kArenaY}, {kArenaX, kArenaY}, {-kArenaX, kArenaY}};
  d.polyline(corners, 4, d.role(Role::Ground), 2.f, true);
  for (int k = 0; k < p_.obstacles; ++k) {
    const auto& o = p_.obs[size_t(k)];
    d.solid_circle(P2(o.x, o.y), o.r, d.role(Role::Obstacle));
    d.circle(P2(o.x, o.y), o.r + p_.body_radius + p_.margin, d.role(Role::Obstacle).with_alpha(0.35f), 1.f);
  }
  const P2 goal(p_.goal_x, p_.goal_y), start(p_.start_x, p_.start_y);
  d.solid_circle(goal, p_.goal_radius, d.role(Role::Goal).with_alpha(0.3f));
  d.circle(goal, p_.goal_radius, d.role(Role::Goal), 2.f);
  d.circle(start, 0.08f, d.role(Role::Ground), 1.5f);  // the start, a small ring
  const P2 pos(s(0), s(1));
  const bool hit = colliding_obstacle(s(0), s(1)) >= 0;
  d.solid_circle(pos, std::max(p_.body_radius, 0.05f), d.role(hit ? Role::Hazard : Role::Body));
}

void NavigationEnv::draw_action(const Vec& s, const Vec& a, DrawList& d) const {
  if (a.size() < 2) return;
  const P2 acc(clip(a(0), -p_.max_accel, p_.max_accel), clip(a(1), -p_.max_accel, p_.max_accel));
  if (acc.norm() < 1e-4f) return;
  const P2 pos(s(0), s(1));
  const P2 dir = acc / p_.max_accel;  // length up to sqrt(2) at the corner of the box
  const P2 from = pos + std::max(p_.body_radius, 0.05f) * dir.normalized();
  d.arrow(from, from + 0.4f * dir, d.role(Role::BodyAccent), 3.f);
}

Rect2 NavigationEnv::world_view() const {
  return {P2(-kArenaX - 0.2f, -kArenaY - 0.2f), P2(kArenaX + 0.2f, kArenaY + 0.2f)};
}

bool NavigationEnv::on_click(P2 world, Vec&) {
  p_.goal_x = clip(world.x(), -kArenaX, kArenaX);
  p_.goal_y = clip(world.y(), -kArenaY, kArenaY);
  return true;
}

bool NavigationEnv::on_drag(P2 from, P2 to, Vec&) {
  const P2 delta = to - from;
  for (int k = 0; k < p_.obstacles; ++k) {
    auto& o = p_.obs[size_t(k)];
    if ((from - P2(o.x, o.y)).norm() <= o.r) {
      o.x = clip(o.x + delta.x(), -5.f, 5.f);
      o.y = clip(o.y + delta.y(), -5.f, 5.f);
      return true;
    }
  }
  if ((from - P2(p_.goal_x, p_.goal_y)).norm() <= std::max(p_.goal_radius, 0.2f)) {
    p_.goal_x = clip(p_.goal_x + delta.x(), -kArenaX, kArenaX);
    p_.goal_y = clip(p_.goal_y + delta.y(), -kArenaY, kArenaY);
    return true;
  }
  return false;
}

}  // namespace mbrl
