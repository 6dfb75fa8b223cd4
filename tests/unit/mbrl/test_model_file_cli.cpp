// `run --save-model PATH` / `--load-model PATH` (learned models only): a model trained by v1.5 is
// saved, and v0.5 with no random data plans through the loaded weights alone; bad files and
// architecture keys that contradict the file exit 2 with one stderr line naming the file or key.
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/cli/cli.hpp"
#include "engine/engine.hpp"
#include "engine/real_system.hpp"

namespace fs = std::filesystem;

namespace {

// A fresh scratch directory per test case (ctest runs the cases in parallel).
fs::path scratch_dir(const char* name) {
  const fs::path d = fs::temp_directory_path() / (std::string("mbrl_test_model_file_cli_") + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// The command line with stderr captured into `err` (the one-line messages are the interface).
int run_cli(std::vector<std::string> args, std::string* err = nullptr) {
  args.insert(args.begin(), "mbrl-playground");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  const fs::path capture = fs::temp_directory_path() / ("mbrl_test_model_file_cli_stderr_" + std::to_string(getpid()));
  std::fflush(stderr);
  const int saved = dup(2);
  FILE* f = std::fopen(capture.c_str(), "w");
  REQUIRE(f);
  dup2(fileno(f), 2);
  const int rc = mbrl::cli_main(int(argv.size()), argv.data(), {});
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  std::fclose(f);
  std::ifstream in(capture);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(capture);
  if (err) *err = text;
  return rc;
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream f(p);
  REQUIRE_MESSAGE(f.good(), p.string());
  return nlohmann::json::parse(f);
}

bool one_line_naming(const std::string& err, const std::string& what) {
  return err.find(what) != std::string::npos && !err.empty() && err.find('\n') == err.size() - 1;
}

// An untrained pendulum ensemble written by the command line (one step, no data): enough for
// the checks that never plan.
std::string untrained_pendulum_model(const fs::path& dir) {
  const std::string path = (dir / "untrained.bin").string();
  REQUIRE(run_cli({"run", "--env", "pendulum", "--model", "ensemble", "--loop", "v0.5", "--steps", "1", "--quiet",
                   "--set", "loop.random_episodes=0", "--set", "loop.iterations=1", "--save-model", path}) == 0);
  REQUIRE(fs::exists(path));
  return path;
}

}  // namespace

TEST_CASE("a model saved by v1.5 swings the pendulum up when v0.5 loads it with no data and no training") {
  const fs::path dir = scratch_dir("roundtrip");
  const std::string model = (dir / "pendulum.bin").string();
  REQUIRE(run_cli({"run", "--env", "pendulum", "--model", "ensemble", "--loop", "v1.5", "--seed", "2", "--quiet",
                   "--set", "loop.iterations=3", "--save-model", model, "--metrics", (dir / "train.json").string()}) ==
          0);
  const auto train = read_json(dir / "train.json");
  REQUIRE(train["success"] == true);  // the premise: a model good enough to plan with
  CHECK(train["model_file"] == model);
  CHECK(train["initial_model"].is_null());
  REQUIRE(fs::exists(model));
  CHECK(!fs::exists(model + ".tmp"));

  // Evaluation from another initial state (seed 0): every real step is a planned one.
  const std::vector<std::string> eval = {"run",      "--env",
                                         "pendulum", "--model",
                                         "ensemble", "--loop",
                                         "v0.5",     "--steps",
                                         "150",      "--quiet",
                                         "--set",    "loop.random_episodes=0",
                                         "--set",    "loop.iterations=1"};
  auto loaded = eval;
  loaded.insert(loaded.end(), {"--load-model", model, "--metrics", (dir / "loaded.json").string()});
  REQUIRE(run_cli(loaded) == 0);
  const auto j = read_json(dir / "loaded.json");
  CHECK(j["success"] == true);
  CHECK(j["initial_model"] == model);
  CHECK(j["model_file"].is_null());
  CHECK(j["training_error"] == "");
  CHECK(j["params"]["model"]["members"] == 5);  // from the file
  const auto& its = j["iterations"];
  REQUIRE(its.size() == 2);  // the (empty) random phase and one model-based episode
  for (const auto& it : its) {
    CHECK(it["trainings"] == 0);
    CHECK(it["dataset_size"] == 0);  // no random data, and v0.5 never adds any
    CHECK(it["train_loss"].is_null());
  }
  CHECK(its[0]["real_steps"] == 0);
  CHECK(j["real_steps"] == its[1]["episode_steps"]);
  CHECK(j["real_steps_at_success"] == j["real_steps"]);  // stopped at success

  // The same run from the fresh random init does not swing up: the loaded weights did the work.
  auto fresh = eval;
  fresh.insert(fresh.end(), {"--metrics", (dir / "fresh.json").string()});
  REQUIRE(run_cli(fresh) == 0);
  const auto f = read_json(dir / "fresh.json");
  CHECK(f["success"] == false);
  CHECK(f["real_steps"] == 150);
}

TEST_CASE("truncated, missing and other-environment model files are refused with exit 2 naming the file") {
  const fs::path dir = scratch_dir("bad_files");
  const std::string good = untrained_pendulum_model(dir);
  const std::string truncated = (dir / "truncated.bin").string(), metrics = (dir / "m.json").string();
  {
    std::ifstream in(good, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  std::string err;
  CHECK(run_cli({"run", "--env", "pendulum", "--model", "ensemble", "--loop", "v0.5", "--load-model", truncated,
                 "--metrics", metrics},
                &err) == 2);
  CHECK_MESSAGE(one_line_naming(err, truncated), err);
  CHECK_MESSAGE(err.find("truncated") != std::string::npos, err);
  CHECK(!fs::exists(metrics));  // nothing ran

  // The pendulum's model on the hill (observations: sin/cos of theta vs. plain state).
  CHECK(run_cli({"run", "--env", "hill", "--model", "ensemble", "--load-model", good, "--metrics", metrics}, &err) ==
        2);
  CHECK_MESSAGE(one_line_naming(err, good), err);
  CHECK_MESSAGE(err.find("hill") != std::string::npos, err);
  CHECK(!fs::exists(metrics));

  const std::string missing = (dir / "missing.bin").string();
  CHECK(run_cli({"run", "--model", "ensemble", "--load-model", missing}, &err) == 2);
  CHECK_MESSAGE(one_line_naming(err, missing), err);

  // --model nn is one network: a five-member file does not fit.
  CHECK(run_cli({"run", "--env", "pendulum", "--model", "nn", "--load-model", good}, &err) == 2);
  CHECK_MESSAGE(one_line_naming(err, "5 members"), err);
}

TEST_CASE("an architecture key that contradicts the loaded file exits 2 naming the key and both values") {
  const fs::path dir = scratch_dir("conflict");
  const std::string model = untrained_pendulum_model(dir);  // 2 x 64 silu, deterministic, 5 members
  std::string err;
  CHECK(run_cli({"run", "--env", "pendulum", "--model", "ensemble", "--load-model", model, "--set", "model.width=32"},
                &err) == 2);
  CHECK_MESSAGE(one_line_naming(err, "model.width=32"), err);
  CHECK_MESSAGE(err.find("width = 64") != std::string::npos, err);
  CHECK_MESSAGE(err.find(model) != std::string::npos, err);
  CHECK(run_cli({"run", "--env", "pendulum", "--model", "ensemble", "--load-model", model, "--set",
                 "model.head=probabilistic"},
                &err) == 2);
  CHECK_MESSAGE(one_line_naming(err, "model.head"), err);

  // Keys that agree with the file, and non-architecture keys, are fine.
  CHECK(run_cli({"run",
                 "--env",
                 "pendulum",
                 "--model",
                 "ensemble",
                 "--loop",
                 "v0.5",
                 "--steps",
                 "2",
                 "--quiet",
                 "--load-model",
                 model,
                 "--set",
                 "model.width=64",
                 "--set",
                 "model.members=5",
                 "--set",
                 "model.propagation=mean",
                 "--set",
                 "loop.random_episodes=0",
                 "--set",
                 "loop.iterations=1"}) == 0);
}

TEST_CASE("--save-model and --load-model need a learned model, and an unwritable --save-model fails before the run") {
  const fs::path dir = scratch_dir("flags");
  std::string err;
  CHECK(run_cli({"run", "--save-model", (dir / "m.bin").string()}, &err) == 2);
  CHECK_MESSAGE(one_line_naming(err, "--save-model"), err);
  CHECK(run_cli({"run", "--model", "true", "--load-model", (dir / "m.bin").string()}, &err) == 2);
  CHECK_MESSAGE(one_line_naming(err, "--load-model"), err);
  CHECK(!fs::exists(dir / "m.bin"));

  const std::string nowhere = (dir / "no_such_dir" / "m.bin").string(), metrics = (dir / "m.json").string();
  CHECK(run_cli({"run", "--env", "pendulum", "--model", "nn", "--save-model", nowhere, "--metrics", metrics}, &err) ==
        2);
  CHECK_MESSAGE(one_line_naming(err, nowhere), err);
  CHECK(!fs::exists(metrics));  // refused before any training
}

TEST_CASE("the loop takes an initial ensemble only if it fits the system and only before the first step") {
  mbrl::EngineSetup setup;
  setup.model = "ensemble";
  setup.loop = "v0.5";
  setup.seed = 1;
  setup.sets = {{"loop.random_episodes", "0"}, {"loop.episode_steps", "1"}};
  std::unique_ptr<mbrl::Engine> engine;
  REQUIRE(mbrl::Engine::create(setup, {}, engine).empty());
  mbrl::Learner& loop = *engine->learner();
  const mbrl::NetSpec fresh = loop.model().ensemble().spec;

  mbrl::ModelParams small = loop.model_settings();
  small.members = 2;
  small.width = 8;
  mbrl::Ensemble wrong_env;  // identity observations: the hill's map, not the pendulum's sin/cos
  wrong_env.init(mbrl::make_spec(small, mbrl::ObsMap::identity(2, "hill"), 1), 3);
  CHECK(!loop.set_initial_ensemble(wrong_env).empty());
  CHECK(loop.model().ensemble().spec == fresh);  // unchanged

  mbrl::Ensemble fits;
  fits.init(mbrl::make_spec(small, mbrl::obs_map_for(engine->env()), 1), 3);
  REQUIRE(loop.set_initial_ensemble(fits).empty());
  CHECK(loop.model().ensemble().spec.members == 2);
  CHECK(loop.model().ensemble().theta[1] == fits.theta[1]);
  CHECK(loop.model_settings().members == 2);  // the architecture keys follow the ensemble
  CHECK(loop.model_settings().width == 8);

  REQUIRE(engine->step());
  CHECK(!loop.set_initial_ensemble(fits).empty());
}

TEST_CASE("run --load-model with a folder or a device exits 2 naming it (it used to abort)") {
  const fs::path dir = fs::temp_directory_path() / "mbrl_model_folder";
  fs::create_directories(dir);
  std::string err;
  CHECK(run_cli({"run", "--model", "ensemble", "--load-model", dir.string()}, &err) == 2);
  CHECK_MESSAGE(one_line_naming(err, dir.string()), err);
  CHECK(run_cli({"run", "--model", "ensemble", "--load-model", "/dev/zero"}, &err) == 2);
  CHECK_MESSAGE(one_line_naming(err, "/dev/zero"), err);
  fs::remove_all(dir);
}
