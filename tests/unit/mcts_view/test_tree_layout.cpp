// The tree inspector's layout: tidy (no overlaps on a level, parents centred over their
// children, left-to-right = breadth-first order), pruning by visits with correct hidden
// counts, deterministic.
#include <doctest/doctest.h>

#include <cmath>

#include "app/gui/tree/tree_layout.hpp"
#include "synthetic_tree.hpp"

using namespace mbrl;
using namespace mbrl::gui;

namespace {

// Checks every structural promise of the layout against the tree it came from.
void check_tidy(const std::vector<MctsTraceNode>& nodes, int min_visits, const TreeLayout& l) {
  const int n = int(nodes.size());
  int visible = 0;
  for (int i = 0; i < n; ++i) {
    const MctsTraceNode& v = nodes[size_t(i)];
    const bool want = i == 0 || (l.visible[size_t(v.parent)] && v.visits >= min_visits);
    REQUIRE(bool(l.visible[size_t(i)]) == want);
    if (!want) {
      CHECK(std::isnan(l.x[size_t(i)]));
      continue;
    }
    ++visible;
    CHECK(l.x[size_t(i)] >= 0.f);
    CHECK(l.x[size_t(i)] <= l.width);
    // Parent centred over its first and last visible child.
    int first = -1, last = -1;
    for (int c = v.first_child; c >= 0 && c < v.first_child + v.child_count; ++c)
      if (l.visible[size_t(c)]) last = c, first = first < 0 ? c : first;
    if (first >= 0)
      CHECK(l.x[size_t(i)] == doctest::Approx(0.5f * (l.x[size_t(first)] + l.x[size_t(last)])).epsilon(1e-5));
  }
  CHECK(l.visible_count == visible);
  CHECK(l.hidden_count == n - visible);
  // Levels: in breadth-first order, strictly left to right, at least one unit apart.
  int listed = 0;
  for (int d = 0; d < l.levels(); ++d) {
    for (int p = 0; p < l.level_size(d); ++p) {
      const int i = l.at(d, p);
      CHECK(nodes[size_t(i)].depth == d);
      CHECK(l.level_pos[size_t(i)] == p);
      if (p > 0) {
        CHECK(i > l.at(d, p - 1));
        CHECK(l.x[size_t(i)] - l.x[size_t(l.at(d, p - 1))] >= 1.f - 1e-3f);
      }
      ++listed;
    }
  }
  CHECK(listed == visible);
}

// Hidden descendants counted directly: walk up from every hidden node to its first visible ancestor.
std::vector<int> brute_hidden_below(const std::vector<MctsTraceNode>& nodes, const TreeLayout& l) {
  std::vector<int> h(nodes.size(), 0);
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (l.visible[i]) continue;
    int u = nodes[i].parent;
    while (!l.visible[size_t(u)]) u = nodes[size_t(u)].parent;
    ++h[size_t(u)];
  }
  return h;
}

}  // namespace

TEST_CASE("hand-made tree: children one unit apart, parents centred, leftmost node at 0") {
  // root -> a, b, c; a -> a0, a1; c -> c0.
  std::vector<MctsTraceNode> nodes(7);
  nodes[0] = {-1, 1, 3, 0, 0, 10, 0.f};
  nodes[1] = {0, 4, 2, 0, 1, 5, 0.f};
  nodes[2] = {0, -1, 0, 1, 1, 2, 0.f};
  nodes[3] = {0, 6, 1, 2, 1, 2, 0.f};
  nodes[4] = {1, -1, 0, 0, 2, 2, 0.f};
  nodes[5] = {1, -1, 0, 1, 2, 2, 0.f};
  nodes[6] = {3, -1, 0, 0, 2, 1, 0.f};
  TreeLayout l;
  layout_tree(nodes, 0, l);
  check_tidy(nodes, 0, l);
  CHECK(l.x[4] == doctest::Approx(0.f));
  CHECK(l.x[5] == doctest::Approx(1.f));
  CHECK(l.x[1] == doctest::Approx(0.5f));
  CHECK(l.x[2] == doctest::Approx(1.5f));  // packed next to a, not pushed past a's children
  CHECK(l.x[3] == doctest::Approx(2.5f));
  CHECK(l.x[6] == doctest::Approx(2.5f));
  CHECK(l.x[0] == doctest::Approx(1.5f));
  CHECK(l.width == doctest::Approx(2.5f));
  CHECK(l.depth == 2);
  CHECK(l.child_begin[3] == 2);
  CHECK(l.child_end[3] == 3);
  CHECK(l.child_begin[2] == l.child_end[2]);

  SUBCASE("pruning hides whole subtrees and counts them") {
    layout_tree(nodes, 3, l);  // b (2), c (2) and their children go; a0, a1 (2) too
    check_tidy(nodes, 3, l);
    CHECK(l.visible_count == 2);
    CHECK(l.hidden_below[0] == 3);  // b; c and c0
    CHECK(l.hidden_below[1] == 2);
    CHECK(l.x[1] == doctest::Approx(l.x[0]));
  }
}

TEST_CASE("random trees: tidy at every prune threshold, hidden counts exact, deterministic") {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const MctsTrace t = test::synthetic_trace(300 + int(seed) * 700, 2 + int(seed % 4), seed);
    for (int min_visits : {0, 2, 5, 40}) {
      CAPTURE(seed);
      CAPTURE(min_visits);
      TreeLayout l, again;
      layout_tree(t.nodes, min_visits, l);
      check_tidy(t.nodes, min_visits, l);
      const std::vector<int> h = brute_hidden_below(t.nodes, l);
      int sum = 0;
      for (size_t i = 0; i < h.size(); ++i) {
        if (l.visible[i]) CHECK(l.hidden_below[i] == h[i]);
        sum += l.visible[i] ? l.hidden_below[i] : 0;
      }
      CHECK(sum == l.hidden_count);
      layout_tree(t.nodes, min_visits, again);  // also reuses a filled layout's buffers
      layout_tree(t.nodes, min_visits, again);
      CHECK(again.x.size() == l.x.size());
      for (size_t i = 0; i < l.x.size(); ++i)
        if (l.visible[i]) CHECK(again.x[i] == l.x[i]);
    }
  }
}

TEST_CASE("a tidy layout is never wider than one slot per leaf") {
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    const MctsTrace t = test::synthetic_trace(20000, 2 + int(seed % 4), seed);
    TreeLayout l;
    layout_tree(t.nodes, 0, l);
    int leaves = 0;
    for (const MctsTraceNode& v : t.nodes) leaves += v.child_count == 0;
    CHECK(l.width <= float(leaves - 1));
    int widest = 0;
    for (int d = 0; d < l.levels(); ++d) widest = std::max(widest, l.level_size(d));
    CHECK(l.width >= float(widest - 1));
  }
}

TEST_CASE("empty and single-node traces") {
  TreeLayout l;
  layout_tree({}, 0, l);
  CHECK(l.visible_count == 0);
  CHECK(l.levels() == 0);
  std::vector<MctsTraceNode> one(1);
  layout_tree(one, 5, l);  // the root stays visible whatever the threshold
  CHECK(l.visible_count == 1);
  CHECK(l.x[0] == 0.f);
  CHECK(l.levels() == 1);
}
