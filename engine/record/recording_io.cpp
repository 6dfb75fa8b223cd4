#include "engine/record/recording_io.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/event_json.hpp"
#include "engine/file_input.hpp"
#include "envs/registry.hpp"

namespace mbrl {

using json = nlohmann::json;

namespace {
constexpr char kMagic[8] = {'M', 'B', 'R', 'L', 'R', 'E', 'C', '\n'};
constexpr size_t kHeader = 8 + 4 + 8;  // magic, version, payload length
constexpr size_t kMaxDim = 4096;       // a state or action longer than this is not from this program

uint64_t fnv1a(const uint8_t* p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

template <class T>
void put(std::vector<uint8_t>& b, T v) {
  uint8_t bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));  // little-endian hosts only (x86-64, arm64)
  b.insert(b.end(), bytes, bytes + sizeof(T));
}

template <class T>
bool get(const std::vector<uint8_t>& b, size_t& at, T& v) {
  if (at + sizeof(T) > b.size()) return false;
  std::memcpy(&v, b.data() + at, sizeof(T));
  at += sizeof(T);
  return true;
}

json binary(std::vector<uint8_t> b) { return json::binary(std::move(b)); }

json key_values(const KeyValues& kv) {
  json a = json::array();
  for (const auto& [k, v] : kv) a.push_back(json::array({k, v}));
  return a;
}

struct Bad : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json& need(const json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key)) throw Bad(where + "/" + key + ": missing");
  return j.at(key);
}
std::string need_string(const json& j, const char* key, const std::string& where) {
  const json& v = need(j, key, where);
  if (!v.is_string()) throw Bad(where + "/" + key + ": expected a string");
  return v.get<std::string>();
}
uint64_t need_uint(const json& j, const char* key, const std::string& where) {
  const json& v = need(j, key, where);
  if (!v.is_number_unsigned()) throw Bad(where + "/" + key + ": expected a whole number >= 0");
  return v.get<uint64_t>();
}
const std::vector<uint8_t>& need_binary(const json& j, const char* key, const std::string& where, size_t expect) {
  const json& v = need(j, key, where);
  if (!v.is_binary()) throw Bad(where + "/" + key + ": expected packed binary data");
  const auto& b = v.get_binary();
  if (expect != size_t(-1) && b.size() != expect)
    throw Bad(where + "/" + key + ": " + std::to_string(b.size()) + " bytes, expected " + std::to_string(expect));
  return b;
}
KeyValues need_key_values(const json& j, const char* key, const std::string& where) {
  const json& v = need(j, key, where);
  if (!v.is_array()) throw Bad(where + "/" + key + ": expected [[key, value], ...]");
  KeyValues out;
  for (size_t i = 0; i < v.size(); ++i) {
    const json& p = v[i];
    if (!p.is_array() || p.size() != 2 || !p[0].is_string() || !p[1].is_string())
      throw Bad(where + "/" + key + "/" + std::to_string(i) + ": expected [key, value] strings");
    out.emplace_back(p[0].get<std::string>(), p[1].get<std::string>());
  }
  return out;
}

json to_payload(const Recording& rec) {
  json j;
  j["format"] = "mbrl-playground-recording";
  j["format_version"] = kRecordingFormatVersion;
  j["app_version"] = rec.app_version;
  j["build"] = rec.build;
  j["setup"] = {{"env", rec.setup.env},   {"planner", rec.setup.planner}, {"model", rec.setup.model},
                {"loop", rec.setup.loop}, {"seed", rec.setup.seed},       {"sets", key_values(rec.setup.sets)}};
  j["training"] = rec.training == TrainingMode::Background ? "background" : "synchronous";
  json events = json::array();
  for (const Event& e : rec.events()) events.push_back(event_to_json(e));
  j["events"] = std::move(events);
  std::vector<uint8_t> log;
  for (const RecordEntry& e : rec.entries()) {
    put(log, uint8_t(e.kind));
    put(log, e.inspect);
    put(log, e.count);
    put(log, e.index);
    put(log, e.position);
  }
  j["entries"] = binary(std::move(log));
  std::vector<uint8_t> episode, ep_step, hash, cost, plan_cost, ess, snapshot, dims, values;
  for (const RecordFrame& f : rec.frames()) {
    put(episode, f.episode);
    put(ep_step, f.ep_step);
    put(hash, f.hash);
    put(cost, f.cost);
    put(plan_cost, f.plan_cost);
    put(ess, f.ess);
    put(snapshot, f.snapshot);
    put(dims, uint16_t(f.state.size()));
    put(dims, uint16_t(f.action.size()));
    for (int i = 0; i < f.state.size(); ++i) put(values, f.state(i));
    for (int i = 0; i < f.action.size(); ++i) put(values, f.action(i));
  }
  j["frames"] = {{"count", rec.frames().size()},
                 {"first_detailed", rec.first_detailed()},
                 {"episode", binary(std::move(episode))},
                 {"ep_step", binary(std::move(ep_step))},
                 {"hash", binary(std::move(hash))},
                 {"cost", binary(std::move(cost))},
                 {"plan_cost", binary(std::move(plan_cost))},
                 {"ess", binary(std::move(ess))},
                 {"snapshot", binary(std::move(snapshot))},
                 {"dims", binary(std::move(dims))},
                 {"values", binary(std::move(values))}};
  json snaps = json::array();
  for (const RecordSnapshot& s : rec.snapshots()) {
    KeyValues params;
    const ParamSet p = s.env->params();
    for (size_t i = 0; i < p.infos.size(); ++i) params.emplace_back(p.infos[i].key, p.value_string(int(i)));
    snaps.push_back({{"position", s.position},
                     {"env", s.env_name},
                     {"planner", s.planner_name},
                     {"model", s.model_kind},
                     {"env_params", key_values(params)}});
  }
  j["snapshots"] = std::move(snaps);
  json marks = json::array();
  for (const Bookmark& b : rec.bookmarks) marks.push_back({{"frame", b.frame}, {"label", b.label}});
  j["bookmarks"] = std::move(marks);
  return j;
}

void from_payload(const json& j, Recording& rec) {
  if (!j.is_object()) throw Bad("/: expected an object");
  if (need_string(j, "format", "") != "mbrl-playground-recording")
    throw Bad("/format: not an mbrl-playground recording");
  const uint64_t version = need_uint(j, "format_version", "");
  if (version > uint64_t(kRecordingFormatVersion))
    throw Bad("/format_version: " + std::to_string(version) + " is newer than this program reads (" +
              std::to_string(kRecordingFormatVersion) + "): update mbrl-playground");
  rec.app_version = need_string(j, "app_version", "");
  rec.build = need_string(j, "build", "");
  const json& s = need(j, "setup", "");
  rec.setup.env = need_string(s, "env", "/setup");
  rec.setup.planner = need_string(s, "planner", "/setup");
  rec.setup.model = need_string(s, "model", "/setup");
  rec.setup.loop = need_string(s, "loop", "/setup");
  rec.setup.seed = need_uint(s, "seed", "/setup");
  rec.setup.sets = need_key_values(s, "sets", "/setup");
  const std::string training = need_string(j, "training", "");
  if (training != "background" && training != "synchronous") throw Bad("/training: expected background or synchronous");
  rec.training = training == "background" ? TrainingMode::Background : TrainingMode::Synchronous;
  const json& events = need(j, "events", "");
  if (!events.is_array()) throw Bad("/events: expected an array");
  for (size_t i = 0; i < events.size(); ++i) {
    Event e;
    if (std::string err = event_from_json(events[i], e); !err.empty()) throw Bad("/events/" + std::to_string(i) + err);
    rec.push_event(e);
  }
  // Frames.
  const json& fr = need(j, "frames", "");
  const uint64_t count = need_uint(fr, "count", "/frames");
  if (count == 0 || count > (uint64_t(1) << 31)) throw Bad("/frames/count: expected 1 to 2^31 frames");
  const size_t n = size_t(count);
  const auto& episode = need_binary(fr, "episode", "/frames", n * 8);
  const auto& ep_step = need_binary(fr, "ep_step", "/frames", n * 4);
  const auto& hash = need_binary(fr, "hash", "/frames", n * 8);
  const auto& cost = need_binary(fr, "cost", "/frames", n * 4);
  const auto& plan_cost = need_binary(fr, "plan_cost", "/frames", n * 4);
  const auto& ess = need_binary(fr, "ess", "/frames", n * 4);
  const auto& snapshot = need_binary(fr, "snapshot", "/frames", n * 4);
  const auto& dims = need_binary(fr, "dims", "/frames", n * 4);
  const auto& values = need_binary(fr, "values", "/frames", size_t(-1));
  const uint64_t first_detailed = need_uint(fr, "first_detailed", "/frames");
  if (first_detailed >= count) throw Bad("/frames/first_detailed: beyond the last frame");
  rec.set_first_detailed(int64_t(first_detailed));
  size_t a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0, v = 0;
  for (size_t i = 0; i < n; ++i) {
    RecordFrame fr_;
    uint16_t sd = 0, ad = 0;
    get(episode, a, fr_.episode);
    get(ep_step, b, fr_.ep_step);
    get(hash, c, fr_.hash);
    get(cost, d, fr_.cost);
    get(plan_cost, e, fr_.plan_cost);
    get(ess, f, fr_.ess);
    get(snapshot, g, fr_.snapshot);
    get(dims, h, sd);
    get(dims, h, ad);
    if (sd > kMaxDim || ad > kMaxDim) throw Bad("/frames/dims: frame " + std::to_string(i) + ": absurd dimensions");
    fr_.detail = int64_t(i) >= int64_t(first_detailed);
    if (fr_.detail && sd == 0) throw Bad("/frames: frame " + std::to_string(i) + " has no state");
    fr_.state.resize(sd);
    fr_.action.resize(ad);
    for (int k = 0; k < sd; ++k)
      if (!get(values, v, fr_.state(k))) throw Bad("/frames/values: shorter than the frames' dimensions");
    for (int k = 0; k < ad; ++k)
      if (!get(values, v, fr_.action(k))) throw Bad("/frames/values: shorter than the frames' dimensions");
    if (fr_.snapshot < 0) throw Bad("/frames/snapshot: frame " + std::to_string(i) + ": negative");
    rec.push_frame(std::move(fr_));
  }
  if (v != values.size()) throw Bad("/frames/values: longer than the frames' dimensions");
  rec.recount();
  // Entries.
  const auto& log = need_binary(j, "entries", "", size_t(-1));
  if (log.size() % 18 != 0) throw Bad("/entries: not a whole number of entries");
  size_t at = 0;
  int64_t last_pos = 0, steps = 0;
  while (at < log.size()) {
    RecordEntry en;
    uint8_t kind = 0;
    get(log, at, kind);
    get(log, at, en.inspect);
    get(log, at, en.count);
    get(log, at, en.index);
    get(log, at, en.position);
    const std::string where = "/entries: entry " + std::to_string(rec.entries().size());
    if (kind > uint8_t(RecordEntry::Kind::Inspect)) throw Bad(where + ": unknown kind");
    en.kind = RecordEntry::Kind(kind);
    if (en.position < last_pos || en.position >= int64_t(n)) throw Bad(where + ": frame out of order");
    if (en.position != steps) throw Bad(where + ": its frame does not follow the steps before it");
    if (en.kind == RecordEntry::Kind::Event && en.index >= rec.events().size()) throw Bad(where + ": no such event");
    if (en.kind == RecordEntry::Kind::Inspect && (en.inspect > 2 || en.count < 0 || en.count > 1000000))
      throw Bad(where + ": bad inspector step");
    if (en.kind == RecordEntry::Kind::Step) ++steps;
    last_pos = en.position;
    rec.push_entry(en);
  }
  if (steps != int64_t(n) - 1)
    throw Bad("/entries: " + std::to_string(steps) + " steps for " + std::to_string(n) + " frames");
  // Snapshots: display copies of the env as it was.
  const json& snaps = need(j, "snapshots", "");
  if (!snaps.is_array() || snaps.empty()) throw Bad("/snapshots: expected a non-empty array");
  for (size_t i = 0; i < snaps.size(); ++i) {
    const std::string where = "/snapshots/" + std::to_string(i);
    RecordSnapshot sn;
    sn.position = int64_t(need_uint(snaps[i], "position", where));
    sn.env_name = need_string(snaps[i], "env", where);
    sn.planner_name = need_string(snaps[i], "planner", where);
    sn.model_kind = need_string(snaps[i], "model", where);
    const EnvEntry* entry = find_env(sn.env_name);
    if (!entry) throw Bad(where + "/env: unknown environment '" + sn.env_name + "' (valid: " + env_names() + ")");
    std::unique_ptr<Env> env = entry->make();
    ParamSet p = env->params();
    for (const auto& [k, val] : need_key_values(snaps[i], "env_params", where))
      if (auto err = p.set_from_string(k, val)) throw Bad(where + "/env_params: " + k + ": " + *err);
    if (std::string err = env->set_params(p); !err.empty()) throw Bad(where + "/env_params: " + err);
    sn.params.add("env", env->params());
    sn.env = std::move(env);
    rec.push_snapshot(std::move(sn));
  }
  for (const RecordFrame& fr_ : rec.frames())
    if (size_t(fr_.snapshot) >= rec.snapshots().size()) throw Bad("/frames/snapshot: refers to no snapshot");
  const json& marks = need(j, "bookmarks", "");
  if (!marks.is_array()) throw Bad("/bookmarks: expected an array");
  for (size_t i = 0; i < marks.size(); ++i) {
    const std::string where = "/bookmarks/" + std::to_string(i);
    Bookmark bm;
    bm.frame = int64_t(need_uint(marks[i], "frame", where));
    bm.label = need_string(marks[i], "label", where);
    if (bm.frame >= int64_t(n)) throw Bad(where + "/frame: beyond the last frame");
    rec.bookmarks.push_back(std::move(bm));
  }
}
}  // namespace

std::string save_recording(const Recording& rec, const std::string& path) {
  std::vector<uint8_t> payload;
  {
    auto lk = rec.lock();
    payload = json::to_cbor(to_payload(rec));
  }
  std::vector<uint8_t> out(kMagic, kMagic + 8);
  put(out, uint32_t(kRecordingFormatVersion));
  put(out, uint64_t(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
  put(out, fnv1a(payload.data(), payload.size()));
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return path + ": cannot be written (" + std::strerror(errno) + ")";
    f.write(reinterpret_cast<const char*>(out.data()), std::streamsize(out.size()));
    f.flush();
    if (!f) {
      std::remove(tmp.c_str());
      return path + ": writing failed (disk full?)";
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string err = std::strerror(errno);
    std::remove(tmp.c_str());
    return path + ": cannot be written (" + err + ")";
  }
  return "";
}

namespace {
// One line of bounded length: names from a damaged file may hold anything.
std::string one_line(std::string s) {
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  if (s.size() > 400) s = s.substr(0, 397) + "...";
  return s;
}
}  // namespace

std::string parse_recording(const std::string& bytes, const std::string& source, std::unique_ptr<Recording>& out) {
  if (bytes.size() < kHeader || std::memcmp(bytes.data(), kMagic, 8) != 0)
    return source + ": not an mbrl-playground recording (expected \"MBRLREC\" at the start)";
  uint32_t version = 0;
  uint64_t length = 0;
  std::memcpy(&version, bytes.data() + 8, 4);
  std::memcpy(&length, bytes.data() + 12, 8);
  if (version > uint32_t(kRecordingFormatVersion))
    return source + ": recording format " + std::to_string(version) + " is newer than this program reads (" +
           std::to_string(kRecordingFormatVersion) + "): update mbrl-playground";
  if (version == 0) return source + ": recording format 0 does not exist (a corrupt header)";
  if (length != bytes.size() - kHeader - 8 || bytes.size() < kHeader + 8)
    return source + ": truncated or padded (" + std::to_string(bytes.size()) + " bytes; the header promises " +
           std::to_string(length) + " bytes of payload)";
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data()) + kHeader;
  uint64_t sum = 0;
  std::memcpy(&sum, p + length, 8);
  if (fnv1a(p, size_t(length)) != sum) return source + ": corrupt (the checksum does not match its contents)";
  auto rec = std::make_unique<Recording>();
  try {
    const json j = json::from_cbor(p, p + length);
    from_payload(j, *rec);
  } catch (const Bad& e) {
    return one_line(source + ": " + e.what());
  } catch (const std::exception& e) {
    return one_line(source + ": corrupt (" + std::string(e.what()) + ")");
  }
  out = std::move(rec);
  return "";
}

std::string load_recording(const std::string& path, std::unique_ptr<Recording>& out) {
  std::string bytes;
  if (std::string err = read_user_file(path, "recording (.mbrlrec)", kMaxRecordingBytes, bytes); !err.empty())
    return err;
  return parse_recording(bytes, path, out);
}

}  // namespace mbrl
