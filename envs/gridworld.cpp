#include "envs/gridworld.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include "core/rng.hpp"

namespace mbrl {

namespace {
// '#' wall, 'T' trap, 'G' goal, 'S' start, '.' free. Every free cell reaches the goal
// (checked by a unit test); the start is 18 (10 x 10) and 49 (20 x 20) moves from the goal.
// Traps lie off the shortest path and never in a dead end (a random walk passes through).
const char* const kMaze10[] = {
    "S..#......", ".#.#.####.", ".#..T...#.", ".####.###.", ".....#....",
    "###.####.#", ".T........", ".#####.##.", ".#.T.#....", "...#...#.G",
};
const char* const kMaze20[] = {
    "S.......#...........", ".######.#.########..", ".#......#.#......#..", ".#.######.#.####.#..",
    ".#........#.#T...#..", ".########.#.#.####..", "......T...#.#.......", "#####.#####.#######.",
    "....#.......#.......", ".##.#.#####.#.#####.", ".#..#.#...#...#...#.", ".#.##.#.#.#####.#.#.",
    ".#....#.#.......#.#.", ".######.#########.#.", "........#.....T...#.", "#######.#.#######.#.",
    ".......T#.#.....#.#.", ".#######..#.###.#.#.", ".........#..#G..#...", "####.......##.......",
};
constexpr int kDr[4] = {-1, 0, 1, 0};  // up, right, down, left
constexpr int kDc[4] = {0, 1, 0, -1};

int round_clamped(float x, int lo, int hi) {
  if (!std::isfinite(x)) return lo;
  return std::clamp(int(std::lround(std::clamp(x, -1e6f, 1e6f))), lo, hi);
}
}  // namespace

Gridworld::Gridworld(GridworldParams p) : EnvWithParams(p) { load_layout(); }

void Gridworld::load_layout() {
  const bool big = p_.layout == GridworldParams::Layout::Maze20;
  const char* const* rows = big ? kMaze20 : kMaze10;
  rows_ = cols_ = big ? 20 : 10;
  cells_.assign(size_t(rows_ * cols_), Free);
  for (int r = 0; r < rows_; ++r)
    for (int c = 0; c < cols_; ++c) {
      const char ch = rows[r][c];
      uint8_t& cell = cells_[size_t(r * cols_ + c)];
      if (ch == '#')
        cell = Wall;
      else if (ch == 'T')
        cell = Trap;
      else if (ch == 'G')
        cell = Goal;
      else if (ch == 'S')
        start_r_ = r, start_c_ = c;
    }
  update_distances();
}

void Gridworld::update_distances() {
  dist_.assign(cells_.size(), -1);
  std::deque<int> queue;
  for (int i = 0; i < int(cells_.size()); ++i)
    if (cells_[size_t(i)] == Goal) dist_[size_t(i)] = 0, queue.push_back(i);
  while (!queue.empty()) {
    const int i = queue.front();
    queue.pop_front();
    const int r = i / cols_, c = i % cols_;
    for (int d = 0; d < 4; ++d) {
      const int nr = r + kDr[d], nc = c + kDc[d];
      if (nr < 0 || nr >= rows_ || nc < 0 || nc >= cols_) continue;
      const int j = nr * cols_ + nc;
      if (cells_[size_t(j)] == Wall || dist_[size_t(j)] >= 0) continue;
      dist_[size_t(j)] = dist_[size_t(i)] + 1;
      queue.push_back(j);
    }
  }
}

int Gridworld::distance_to_goal(int r, int c) const { return dist_[size_t(r * cols_ + c)]; }

int Gridworld::cell_index(float row, float col) const {
  return round_clamped(row, 0, rows_ - 1) * cols_ + round_clamped(col, 0, cols_ - 1);
}

bool Gridworld::at_goal(const Vec& s) const { return cells_[size_t(cell_index(s(0), s(1)))] == Goal; }

ActionBounds Gridworld::action_bounds() const {
  ActionBounds b;
  b.lo = Vec::Zero(1);
  b.hi = Vec::Constant(1, float(action_count() - 1));
  return b;
}

void Gridworld::step(CMatRef states, CMatRef actions, MatRef next, const StepContext& ctx) const {
  const int last_action = action_count() - 1;
  for (int i = 0; i < int(states.cols()); ++i) {
    const int idx = cell_index(states(0, i), states(1, i));
    int r = idx / cols_, c = idx % cols_;
    const int a = round_clamped(actions(0, i), 0, last_action);
    if (cells_[size_t(idx)] != Goal && a < 4) {
      int dir = a;
      if (p_.slip > 0.f) {
        Rng rng(ctx.seed, uint64_t(ctx.t), uint64_t(ctx.sample_begin + i));
        if (rng.uniform() < p_.slip) dir = (dir + (rng.below(2) ? 1 : 3)) % 4;
      }
      const int nr = r + kDr[dir], nc = c + kDc[dir];
      if (nr >= 0 && nr < rows_ && nc >= 0 && nc < cols_ && cells_[size_t(nr * cols_ + nc)] != Wall) r = nr, c = nc;
    }
    next(0, i) = float(r);
    next(1, i) = float(c);
  }
}

void Gridworld::running_cost(CMatRef states, CMatRef, int, VecRef cost) const {
  for (int i = 0; i < int(states.cols()); ++i) {
    const uint8_t cell = cells_[size_t(cell_index(states(0, i), states(1, i)))];
    if (cell != Goal) cost(i) += p_.step_cost + (cell == Trap ? p_.trap_penalty : 0.f);
  }
}

void Gridworld::terminal_cost(CMatRef states, VecRef cost) const {
  if (p_.distance_cost == 0.f) return;
  for (int i = 0; i < int(states.cols()); ++i) {
    const int d = dist_[size_t(cell_index(states(0, i), states(1, i)))];
    cost(i) += p_.distance_cost * float(d >= 0 ? d : rows_ * cols_);
  }
}

Mat Gridworld::discrete_actions() const {
  Mat a(1, action_count());
  for (int i = 0; i < action_count(); ++i) a(0, i) = float(i);
  return a;
}

std::vector<std::string> Gridworld::discrete_action_labels() const {
  std::vector<std::string> l = {"up", "right", "down", "left", "stay"};
  l.resize(size_t(action_count()));
  return l;
}

std::string Gridworld::description() const {
  return "A maze with walls, traps (extra cost) and an absorbing goal. With probability 'slip' a move goes "
         "sideways, so a plan is a bet on an uncertain outcome. Discrete actions (up, right, down, left, stay): "
         "the setting of the lectures' Monte-Carlo tree search. Click a cell to toggle a wall; drag the goal.";
}

Vec Gridworld::reset(uint64_t) const {
  Vec s(2);
  s << float(start_r_), float(start_c_);
  return s;
}

Outcome Gridworld::evaluate(const EpisodeView& ep) const {
  Outcome o;
  if (!ep.states || ep.states->empty()) return {false, "no steps"};
  int best = -1;
  const Vec& last = ep.states->back();
  const int last_d = dist_[size_t(cell_index(last(0), last(1)))];
  if (last_d >= 0) o.distance = last_d;
  for (size_t t = 0; t < ep.states->size(); ++t) {
    const Vec& s = (*ep.states)[t];
    if (at_goal(s)) {
      o.success = true;
      o.detail = "reached the goal at step " + std::to_string(t);
      return o;
    }
    const int d = dist_[size_t(cell_index(s(0), s(1)))];
    if (d >= 0 && (best < 0 || d < best)) best = d;
  }
  o.detail = best < 0 ? "goal unreachable" : "closest: " + std::to_string(best) + " moves from the goal";
  return o;
}

std::string Gridworld::set_params(const ParamSet& set) {
  GridworldParams next = p_;
  const std::string err = apply_params(next, set);
  if (!err.empty()) return err;
  const bool relayout = next.layout != p_.layout;
  p_ = next;
  if (relayout) load_layout();
  return "";
}

std::map<std::string, double> Gridworld::recommended_planner_settings() const {
  const bool big = p_.layout == GridworldParams::Layout::Maze20;
  // MCTS: short random rollouts, then the maze distance as cost-to-go (long random walks linger
  // on traps and make every cell near one look expensive). 10 x 10: the unit test's budget. 20 x 20:
  // leaves valued by the distance alone and less exploration (measured: 5 of 5 seeds in 150 steps;
  // with c = 1 the mean backups of trap neighbours drag whole corridors down).
  if (big)
    return {{"horizon", 40}, {"simulations", 1000}, {"rollout_depth", 0}, {"max_depth", 40},
            {"c", 0.3},      {"discount", 0.98}};
  return {{"horizon", 20},   {"simulations", 300}, {"rollout_depth", 2},
          {"max_depth", 20}, {"c", 1.0},           {"discount", 0.98}};
}

void Gridworld::draw(const Vec& state, DrawList& d) const {
  const Color grid = d.role(Role::Grid);
  for (int r = 0; r < rows_; ++r)
    for (int c = 0; c < cols_; ++c) {
      const P2 lo(float(c), float(rows_ - r - 1)), hi = lo + P2(1, 1);
      switch (cell(r, c)) {
        case Wall:
          d.rect(lo, hi, d.role(Role::Obstacle));
          break;
        case Trap:
          d.rect(lo, hi, d.role(Role::Hazard).with_alpha(0.7f));
          break;
        case Goal:
          d.rect(lo, hi, d.role(Role::Goal));
          break;
        default:
          break;
      }
    }
  for (int r = 0; r <= rows_; ++r) d.segment({0.f, float(r)}, {float(cols_), float(r)}, grid, 1.f);
  for (int c = 0; c <= cols_; ++c) d.segment({float(c), 0.f}, {float(c), float(rows_)}, grid, 1.f);
  d.circle(cell_center(start_r_, start_c_), 0.2f, d.role(Role::Text).with_alpha(0.5f), 1.f);
  if (state.size() >= 2) {
    const int idx = cell_index(state(0), state(1));
    d.solid_circle(cell_center(idx / cols_, idx % cols_), 0.35f, d.role(Role::BodyAccent));
  }
}

void Gridworld::world_points(CMatRef states, Eigen::Ref<Eigen::Matrix2Xf> out) const {
  for (int i = 0; i < int(states.cols()); ++i) {
    out(0, i) = states(1, i) + 0.5f;
    out(1, i) = float(rows_) - states(0, i) - 0.5f;
  }
}

Rect2 Gridworld::world_view() const { return {{-0.5f, -0.5f}, {float(cols_) + 0.5f, float(rows_) + 0.5f}}; }

int Gridworld::cell_at(P2 w) const {
  if (!std::isfinite(w.x()) || !std::isfinite(w.y())) return -1;
  const int c = int(std::floor(w.x())), r = rows_ - 1 - int(std::floor(w.y()));
  if (r < 0 || r >= rows_ || c < 0 || c >= cols_) return -1;
  return r * cols_ + c;
}

bool Gridworld::on_click(P2 world, Vec& state) {
  const int i = cell_at(world);
  if (i < 0 || cells_[size_t(i)] == Goal || i == start_r_ * cols_ + start_c_) return false;
  if (state.size() >= 2 && cell_index(state(0), state(1)) == i) return false;  // never wall in the agent
  cells_[size_t(i)] = cells_[size_t(i)] == Wall ? Free : Wall;
  update_distances();
  return true;
}

bool Gridworld::on_drag(P2 from, P2 to, Vec&) {
  const int a = cell_at(from), b = cell_at(to);
  if (a < 0 || b < 0 || a == b || cells_[size_t(a)] != Goal || cells_[size_t(b)] == Wall) return false;
  cells_[size_t(a)] = Free;
  cells_[size_t(b)] = Goal;
  update_distances();
  return true;
}

}  // namespace mbrl
