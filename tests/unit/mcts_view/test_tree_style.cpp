// The tree inspector's words and colours: action paths name the actions from the root (long
// ones keep both ends), and the Q colour range ignores outliers but says when it clips.
#include <doctest/doctest.h>

#include "app/gui/tree/tree_style.hpp"
#include "synthetic_tree.hpp"

using namespace mbrl;
using namespace mbrl::gui;

TEST_CASE("action path: from the root through the action labels, long paths keep both ends") {
  MctsTrace t;
  t.action_labels = {"up", "right", "down"};
  t.nodes.resize(20);
  for (int i = 1; i < 20; ++i)
    t.nodes[size_t(i)].parent = i - 1, t.nodes[size_t(i)].action = i % 3, t.nodes[size_t(i)].depth = i;
  CHECK(action_path(t, 0) == "root");
  CHECK(action_path(t, 3) == "root -> right -> down -> up");
  const std::string long_path = action_path(t, 19, 6);  // 19 actions: first 3, last 3
  CHECK(long_path == "root -> right -> down -> up -> ... (13 more) -> down -> up -> right");
  t.nodes[1].action = 7;  // not in the label list
  CHECK(action_path(t, 1) == "root -> a7");
}

TEST_CASE("Q colour range: 5th to 95th percentile of shown visited nodes, clipping reported") {
  std::vector<MctsTraceNode> nodes(101);
  std::vector<uint8_t> visible(101, 1);
  for (int i = 0; i < 100; ++i) nodes[size_t(i)].visits = 1, nodes[size_t(i)].q = float(i);
  nodes[100].visits = 1, nodes[100].q = -1e6f;  // one outlier
  QColorRange r = q_color_range(nodes, visible);
  CHECK(r.lo >= 3.f);
  CHECK(r.lo <= 6.f);
  CHECK(r.hi >= 93.f);
  CHECK(r.hi <= 96.f);
  CHECK(r.clipped_lo);
  CHECK(r.clipped_hi);
  CHECK(q_unit(r.lo, r.lo, r.hi) == doctest::Approx(0.f));
  CHECK(q_unit(nodes[100].q, r.lo, r.hi) < 0.f);  // viridis clamps it to the low end

  // Hidden and unvisited nodes do not count; a constant range falls back to min/max.
  std::fill(visible.begin(), visible.end(), 0);
  visible[10] = visible[20] = 1;
  nodes[30].visits = 0;
  visible[30] = 1;
  r = q_color_range(nodes, visible);
  CHECK(r.lo == 10.f);
  CHECK(r.hi == 20.f);
  CHECK(!r.clipped_lo);
  CHECK(!r.clipped_hi);
}

TEST_CASE("a node's action path finds the same node again, in this trace and in a regrown one") {
  const MctsTrace t = test::synthetic_trace(3000, 4, 9);
  for (int i = 0; i < int(t.nodes.size()); i += 37) CHECK(node_by_actions(t, actions_to(t, i)) == i);
  CHECK(actions_to(t, 0).empty());
  CHECK(node_by_actions(t, {}) == 0);
  // A bigger tree grown from the same seed has other indices; the path still names the node.
  const MctsTrace big = test::synthetic_trace(6000, 4, 9);
  for (int i = 1; i < int(t.nodes.size()); i += 101) {
    const int j = node_by_actions(big, actions_to(t, i));
    REQUIRE(j >= 0);
    CHECK(actions_to(big, j) == actions_to(t, i));
  }
  CHECK(node_by_actions(t, {99}) == -1);  // no such action
  CHECK(node_by_actions(MctsTrace{}, {}) == -1);
}
