#include "learn_test_util.hpp"  // first: it sets up compiler diagnostics for Eigen

#include <doctest/doctest.h>

#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <vector>

#include "core/learn/model_io.hpp"

using namespace mbrl;

namespace {

Ensemble make(int members, Head head, uint64_t seed) {
  NetSpec sp;
  sp.state_dim = 2;
  sp.action_dim = 1;
  sp.obs_dim = 3;
  sp.obs_name = "pendulum";
  sp.members = members;
  sp.hidden = {12, 8};
  sp.act = Activation::Tanh;
  sp.head = head;
  Ensemble e;
  e.init(sp, seed);
  e.input.mean << 0.1f, 0.2f, 0.3f, 0.4f;
  e.target.std << 0.5f, 0.25f;
  return e;
}

std::string tmp_path(const char* name) {
  return (std::filesystem::temp_directory_path() / (std::string("mbrl_learn_test_") + name)).string();
}

std::vector<char> read_all(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}
void write_all(const std::string& p, const std::vector<char>& b) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(b.data(), std::streamsize(b.size()));
}

bool same(const Ensemble& a, const Ensemble& b) {
  if (!(a.spec == b.spec) || a.theta.size() != b.theta.size()) return false;
  for (size_t k = 0; k < a.theta.size(); ++k)
    if (a.theta[k] != b.theta[k]) return false;
  return a.input.mean == b.input.mean && a.input.std == b.input.std && a.target.mean == b.target.mean &&
         a.target.std == b.target.std;
}

}  // namespace

TEST_CASE("A saved model loads back bit-exactly and predicts identically") {
  for (Head head : {Head::Deterministic, Head::Probabilistic}) {
    const Ensemble e = make(3, head, 4);
    const std::string path = tmp_path("roundtrip.bin");
    REQUIRE(save_model(path, e) == "");
    Ensemble back = make(1, Head::Deterministic, 9);
    REQUIRE(load_model(path, back, &e.spec, true) == "");
    CHECK(same(e, back));
    const Mat x = Mat::Random(4, 50);
    Mat y1(3 * e.spec.net_out(), 50), y2(3 * e.spec.net_out(), 50);
    EnsembleWorkspace w1, w2;
    e.forward_all(x, y1, w1);
    back.forward_all(x, y2, w2);
    CHECK(y1 == y2);
    std::remove(path.c_str());
  }
}

TEST_CASE("Corrupt, truncated, foreign or mismatched model files fail clearly and change nothing") {
  const Ensemble e = make(2, Head::Probabilistic, 4);
  const std::string path = tmp_path("good.bin"), bad = tmp_path("bad.bin");
  REQUIRE(save_model(path, e) == "");
  const std::vector<char> good = read_all(path);
  const Ensemble current = make(2, Head::Probabilistic, 77);  // the model in use before the load
  auto attempt = [&](const std::vector<char>& bytes, const NetSpec* expect = nullptr) {
    write_all(bad, bytes);
    Ensemble target = current;
    const std::string err = load_model(bad, target, expect);
    CHECK(same(target, current));               // unchanged
    CHECK(err.find(bad) != std::string::npos);  // names the file
    return err;
  };

  SUBCASE("flipped payload byte") {
    std::vector<char> b = good;
    b[b.size() - 40] ^= 0x10;
    CHECK(attempt(b).find("checksum") != std::string::npos);
  }
  SUBCASE("truncated") {
    for (size_t cut : {size_t(10), size_t(30), good.size() / 2, good.size() - 1}) {
      std::vector<char> b(good.begin(), good.begin() + std::ptrdiff_t(cut));
      const std::string err = attempt(b);
      CAPTURE(err);
      CHECK((err.find("truncated") != std::string::npos ||
             err.find("not an mbrl-playground model") != std::string::npos));
    }
  }
  SUBCASE("not a model") {
    std::vector<char> b(200, 'x');
    CHECK(attempt(b).find("expected the magic") != std::string::npos);
  }
  SUBCASE("newer format version") {
    std::vector<char> b = good;
    b[8] = 9;
    CHECK(attempt(b).find("version 9, expected 1") != std::string::npos);
  }
  SUBCASE("header shape corrupted") {
    std::vector<char> b = good;
    b[12] = 100;  // state_dim 2 -> 100: payload size no longer matches
    CHECK(attempt(b).find("corrupt") != std::string::npos);
  }
  SUBCASE("trailing garbage") {
    std::vector<char> b = good;
    b.push_back(0);
    CHECK(attempt(b).find("trailing") != std::string::npos);
  }
  SUBCASE("a model for another environment") {
    NetSpec other = e.spec;
    other.obs_name = "cartpole";
    other.state_dim = 4;
    other.obs_dim = 5;
    const std::string err = attempt(good, &other);
    CAPTURE(err);
    CHECK(err.find("expected 'cartpole") != std::string::npos);
  }
  SUBCASE("missing file") {
    Ensemble target = current;
    const std::string err = load_model(tmp_path("does_not_exist.bin"), target);
    CHECK(err.find("cannot open") != std::string::npos);
    CHECK(same(target, current));
  }
  std::remove(path.c_str());
  std::remove(bad.c_str());
}

TEST_CASE("A folder, a device, a missing file or a file larger than any model is refused by name without reading it") {
  const Ensemble current = make(2, Head::Probabilistic, 5);
  const std::string dir = tmp_path("a_folder");
  std::filesystem::create_directories(dir);
  const std::string huge = tmp_path("huge.bin");
  {
    std::ofstream f(huge, std::ios::binary);
    f.seekp(std::streamoff(3) << 30);  // a sparse 3 GB file
    f.put('x');
  }
  struct Case {
    std::string path, says;
  };
  for (const Case& c : {Case{dir, "is a folder"}, Case{"/dev/zero", "not a regular file"},
                        Case{tmp_path("missing.bin"), "no such file"}, Case{huge, "more than any model"}}) {
    Ensemble target = current;
    const std::string err = load_model(c.path, target);
    CAPTURE(err);
    CHECK(err.find(c.path) != std::string::npos);
    CHECK(err.find(c.says) != std::string::npos);
    CHECK(same(target, current));
  }
  std::filesystem::remove(huge);
  std::filesystem::remove_all(dir);
}

namespace {
// Saves `e` (save_model writes whatever it is given, with a valid checksum) and loads it back.
std::string save_and_load(const Ensemble& e, const char* name) {
  const std::string path = tmp_path(name);
  REQUIRE(save_model(path, e) == "");
  Ensemble target = make(2, Head::Deterministic, 6);
  const Ensemble before = target;
  const std::string err = load_model(path, target);
  if (!err.empty()) CHECK(same(target, before));  // a refused file changes nothing
  CHECK((err.empty() || err.find(path) != std::string::npos));
  std::remove(path.c_str());
  return err;
}
Ensemble make_shape(int members, std::vector<int> hidden, Activation act = Activation::Tanh) {
  NetSpec sp = make(1, Head::Deterministic, 1).spec;
  sp.members = members;
  sp.hidden = std::move(hidden);
  sp.act = act;
  Ensemble e;
  e.init(sp, 3);
  return e;
}
}  // namespace

TEST_CASE("Shapes outside model.members, model.layers and model.width's documented ranges are refused by name") {
  struct Case {
    Ensemble e;
    const char* says;
  };
  const std::vector<Case> cases = {{make_shape(64, {12}), "64 members, outside model.members' range [1, 16]"},
                                   {make_shape(17, {12}), "17 members"},
                                   {make_shape(2, std::vector<int>(64, 8)), "64 hidden layers, outside model.layers"},
                                   {make_shape(2, std::vector<int>(9, 8)), "9 hidden layers"},
                                   {make_shape(1, {65536}), "width 65536, outside model.width's range [4, 1024]"},
                                   {make_shape(1, {12, 2}), "width 2"}};
  for (const Case& c : cases) {
    const std::string err = save_and_load(c.e, "shape.bin");
    CAPTURE(err);
    CHECK(err.find(c.says) != std::string::npos);
  }
  // The ranges' ends load.
  CHECK(save_and_load(make_shape(16, {4}), "shape.bin") == "");
  CHECK(save_and_load(make_shape(1, std::vector<int>(8, 4)), "shape.bin") == "");
  CHECK(save_and_load(make_shape(1, {1024}), "shape.bin") == "");
}

TEST_CASE("A valid checksum over absurd contents is refused: non-finite or zero std, huge or non-finite weights") {
  const Ensemble good = make(2, Head::Probabilistic, 4);
  REQUIRE(save_and_load(good, "content.bin") == "");
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  struct Case {
    const char* what;
    std::function<void(Ensemble&)> spoil;
    const char* says;
  };
  const std::vector<Case> cases = {
      {"input std 0", [](Ensemble& e) { e.input.std(1) = 0.f; }, "input normaliser std of 0"},
      {"target std 0", [](Ensemble& e) { e.target.std(0) = 0.f; }, "target normaliser std of 0"},
      {"negative std", [](Ensemble& e) { e.input.std(0) = -1.f; }, "it must be >= "},
      {"denormal std", [](Ensemble& e) { e.target.std(1) = 1e-30f; }, "target normaliser std"},
      {"NaN mean", [&](Ensemble& e) { e.input.mean(2) = nan; }, "non-finite input normaliser (dimension 3)"},
      {"inf std", [&](Ensemble& e) { e.target.std(0) = inf; }, "non-finite target normaliser"},
      {"NaN weight", [&](Ensemble& e) { e.theta[1](5) = nan; }, "weight 5 of member 2"},
      {"weight 1e38", [](Ensemble& e) { e.theta[0](0) = 1e38f; }, "|w| <= 1000000"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    Ensemble e = good;
    c.spoil(e);
    const std::string err = save_and_load(e, "content.bin");
    CAPTURE(err);
    CHECK(err.find(c.says) != std::string::npos);
  }
  // Weights inside the bound that still overflow the forward pass (ReLU, five layers of 1e5).
  Ensemble deep = make_shape(2, {64, 64, 64, 64, 64}, Activation::ReLU);
  deep.theta[1].setConstant(1e5f);
  const std::string err = save_and_load(deep, "content.bin");
  CAPTURE(err);
  CHECK(err.find("predicts non-finite values (member 2)") != std::string::npos);
}

TEST_CASE("The header is checked before the payload is read: a 400 MB file with a bad header costs no memory") {
  const Ensemble e = make(2, Head::Deterministic, 4);
  const std::string good = tmp_path("hdr_good.bin"), big = tmp_path("hdr_big.bin");
  REQUIRE(save_model(good, e) == "");
  std::vector<char> bytes = read_all(good);
  {
    std::vector<char> head(bytes.begin(), bytes.begin() + 200);  // the header and some weights
    std::ofstream f(big, std::ios::binary | std::ios::trunc);
    f.write(head.data(), std::streamsize(head.size()));
    f.seekp(std::streamoff(400) << 20);  // sparse: 400 MB of zeros after a valid header
    f.put('x');
  }
  REQUIRE(std::filesystem::file_size(big) < model_file_max_bytes());
  rusage before{}, after{};
  getrusage(RUSAGE_SELF, &before);
  Ensemble target = e;
  const std::string err = load_model(big, target);
  getrusage(RUSAGE_SELF, &after);
  CAPTURE(err);
  CHECK(err.find("unexpected trailing bytes") != std::string::npos);
  CHECK(after.ru_maxrss - before.ru_maxrss < 64 * 1024);  // KiB: far below the file's 400 MB
  CHECK(same(target, e));
  std::remove(good.c_str());
  std::remove(big.c_str());
}
