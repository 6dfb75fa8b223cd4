// `mbrl-playground replay FILE`: re-simulates a recording headless and reports the first frame
// whose state hash differs from the recorded one, or "identical, N steps".
#include <cstdio>

#include "app/cli/commands.hpp"
#include "app/cli/output_files.hpp"
#include "engine/build_info.hpp"
#include "engine/record/recording_io.hpp"
#include "engine/record/replay.hpp"

namespace mbrl {

int replay_command(const ReplayArgs& args, const RecordingExporter& exporter) {
  std::unique_ptr<Recording> rec;
  if (std::string err = load_recording(args.file, rec); !err.empty()) {
    std::fprintf(stderr, "mbrl-playground replay: %s\n", err.c_str());
    return 2;
  }
  const RecordingOutputs outputs{"", args.csv_path, args.export_};
  if (std::string err = check_outputs(outputs, exporter); !err.empty()) {
    std::fprintf(stderr, "mbrl-playground replay: %s\n", err.c_str());
    return 2;
  }
  size_t events = 0;
  for (const RecordEntry& e : rec->entries()) events += e.kind == RecordEntry::Kind::Event;
  if (!args.quiet) {
    std::printf("%s: %s / %s, model %s, seed %llu: %lld steps, %zu events\n", args.file.c_str(), rec->setup.env.c_str(),
                rec->setup.planner.c_str(), rec->setup.model.c_str(), (unsigned long long)rec->setup.seed,
                (long long)rec->last_frame(), events);
    if (rec->build != build_fingerprint())
      std::printf("recorded by %s; this is %s: bit-identical replay is promised for the same build only\n",
                  rec->build.c_str(), build_fingerprint().c_str());
  }
  EngineOptions options;
  options.threads = args.threads;
  const ReplayReport r = replay(*rec, -1, options);
  if (!r.identical()) {
    std::printf("%s: differs: %s\n", args.file.c_str(), r.error.c_str());
    return 1;
  }
  std::printf("%s: identical, %lld steps\n", args.file.c_str(), (long long)r.frames);
  return write_outputs(*rec, outputs, exporter, args.quiet, "replay");
}

}  // namespace mbrl
