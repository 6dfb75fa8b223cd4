// A bounded mutation fuzzer for recording files: bit flips, truncations, huge size fields and
// swapped bytes inside the payload, with the checksum recomputed so the damage reaches the CBOR
// parser and the meaning checks. Every mutant loads or gives one line naming the source; none
// crashes, hangs or allocates without bound (sizes are checked against the file's own length).
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <cstring>
#include <random>

#include <unistd.h>

#include "engine/engine.hpp"
#include "engine/file_input.hpp"
#include "engine/record/recording_io.hpp"
#include "engine/record/replay.hpp"

using namespace mbrl;

namespace {
uint64_t fnv1a(const char* p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) {
    h ^= uint8_t(p[i]);
    h *= 1099511628211ull;
  }
  return h;
}

// Rewrites the header's length and the trailing checksum for a mutated payload.
std::string reseal(std::string payload_and_header) {
  const size_t header = 20;
  const uint64_t len = payload_and_header.size() - header;
  std::memcpy(&payload_and_header[12], &len, 8);
  const uint64_t sum = fnv1a(payload_and_header.data() + header, size_t(len));
  payload_and_header.append(reinterpret_cast<const char*>(&sum), 8);
  return payload_and_header;
}
}  // namespace

TEST_CASE("recording: 3000 mutated files load or fail with one line, never crash") {
  EngineSetup s;
  s.sets = {{"planner.samples", "32"}};
  EngineOptions o;
  o.threads = 1;
  std::unique_ptr<Engine> e;
  REQUIRE(Engine::create(s, o, e).empty());
  Recording rec;
  e->set_recording(&rec);
  for (int i = 0; i < 40; ++i) {
    if (i == 10) REQUIRE(e->apply(Event::set("planner.lambda", "0.4")).empty());
    if (i == 20) REQUIRE(e->apply(Event::drag(P2(0, 1), P2(0.3f, 1))).empty());
    e->step();
  }
  const std::string path = "/tmp/mbrl_fuzz_" + std::to_string(::getpid()) + ".mbrlrec";
  REQUIRE(save_recording(rec, path).empty());
  std::string good;
  REQUIRE(read_user_file(path, "recording", 1u << 30, good).empty());
  const std::string body = good.substr(0, good.size() - 8);  // header + payload, no checksum
  std::mt19937_64 rng(12345);
  int loaded = 0, refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string m = body;
    const int kind = int(rng() % 5);
    const size_t at = 20 + size_t(rng() % (m.size() - 20));
    if (kind == 0) {
      m[at] = char(m[at] ^ (1 << (rng() % 8)));
    } else if (kind == 1) {
      m.resize(20 + size_t(rng() % (m.size() - 20)));
    } else if (kind == 2) {  // a CBOR length field made huge
      m[at] = char(0x1b);
    } else if (kind == 3) {
      m[at] = char(rng());
      m[20 + size_t(rng() % (m.size() - 20))] = char(rng());
    } else {
      std::swap(m[at], m[20 + size_t(rng() % (m.size() - 20))]);
    }
    std::unique_ptr<Recording> out;
    const std::string err = parse_recording(reseal(m), "fuzz.mbrlrec", out);
    if (err.empty()) {
      ++loaded;
      REQUIRE(out != nullptr);
      // Whatever loaded is consistent enough to replay without crashing (it may differ).
      if (i % 50 == 0) replay(*out, -1, o);
    } else {
      ++refused;
      CHECK(err.rfind("fuzz.mbrlrec: ", 0) == 0);
      CHECK(err.find('\n') == std::string::npos);
      CHECK(out == nullptr);
    }
  }
  MESSAGE(loaded << " mutants loaded, " << refused << " refused");
  CHECK(refused > 1000);
}
