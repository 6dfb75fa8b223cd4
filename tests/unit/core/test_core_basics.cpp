#include <doctest/doctest.h>

#include <atomic>

#include "core/params.hpp"
#include "core/rng.hpp"
#include "core/thread_pool.hpp"

using namespace mbrl;

namespace {
struct DemoParams {
  int samples = 100;   // K
  float sigma = 0.5f;  // noise std
  bool warm = true;    // warm start
  enum class Mode { A, B } mode = Mode::A;
  template <class V>
  void visit(V& v) {
    v.field("samples", samples, 1, 1000, "samples");
    v.field("sigma", sigma, 0.0, 10.0, "sigma");
    v.flag("warm", warm, "warm start");
    v.choice("mode", mode, {"a", "b"}, "mode");
  }
  std::string validate() const { return samples == 7 ? "samples: 7 is unlucky" : ""; }
};
}  // namespace

TEST_CASE("ParamSet round-trips a Params struct and rejects bad values by name") {
  DemoParams p;
  p.samples = 42;
  ParamSet s = describe(p);
  CHECK(s.get("samples") == 42);
  CHECK(s.find("samples")->def == 100);
  CHECK_FALSE(s.set_from_string("mode", "b").has_value());
  CHECK_FALSE(s.set_from_string("sigma", "1.5").has_value());
  auto err = s.set_from_string("samples", "5000");
  REQUIRE(err.has_value());
  CHECK(err->find("samples") != std::string::npos);
  CHECK(s.get("samples") == 42);  // unchanged after a rejected set
  CHECK(s.set_from_string("sigma", "nan").has_value());
  CHECK(s.set_from_string("sigma", "abc").has_value());
  CHECK(s.set_from_string("samples", "2.5").has_value());
  CHECK(s.set("nope", 1).value().find("valid: samples") != std::string::npos);
  DemoParams q = load<DemoParams>(s);
  CHECK(q.samples == 42);
  CHECK(q.sigma == doctest::Approx(1.5f));
  CHECK(q.mode == DemoParams::Mode::B);
  q.samples = 7;
  CHECK(validate_params(q).find("unlucky") != std::string::npos);
}

TEST_CASE("Rng streams are deterministic and roughly standard normal") {
  Rng a(1, 2, 3), b(1, 2, 3), c(1, 2, 4);
  CHECK(a.next_u64() == b.next_u64());
  CHECK(a.next_u64() != c.next_u64());
  Rng r(7, 0);
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = r.normal();
    sum += x;
    sq += x * x;
  }
  CHECK(std::abs(sum / n) < 0.01);
  CHECK(std::abs(sq / n - 1.0) < 0.02);
}

TEST_CASE("ThreadPool runs every task exactly once") {
  ThreadPool pool(2);
  std::vector<std::atomic<int>> hits(1000);
  for (int rep = 0; rep < 50; ++rep) {
    pool.parallel_for(1000, [&](int task, int) { hits[size_t(task)]++; });
  }
  for (auto& h : hits) CHECK(h.load() == 50);
}
