#pragma once
// What the window shows about a learned model, computed on the engine's thread from the model and
// its data (GL-free, immutable once made, shared with the window):
//   ModelEvaluation  how wrong the model gets open-loop from held-out start states (the
//                    compounding-error lecture), ghost rollouts per member, and the dataset's
//                    coverage with the members' disagreement on a grid (the ensembles lecture).
//   EnsembleFan      every member's open-loop prediction of the current plan and how far the
//                    members disagree at each step ahead.
#include <memory>
#include <string>
#include <vector>

#include "core/learn/dataset.hpp"
#include "core/learn/learned_model.hpp"
#include "core/learn/model_eval.hpp"
#include "core/learn/model_params.hpp"
#include "core/learn/obs_map.hpp"

namespace mbrl {

struct ModelEvaluation {
  int version = 0;            // the model it was computed for
  std::string objective;      // how that model was trained: "1-step" or "K-step (K = k)"
  int horizon = 0;            // H steps
  bool held_out = true;       // start states held out from training (false: holdout = 0, training data)
  KStepError error;           // per member and the model as configured, over every window
  struct Ghost {              // one window, for the world view
    Mat truth;                // state_dim x (H+1): what really happened
    std::vector<Mat> member;  // per member, state_dim x (H+1): the member's open-loop prediction
  };
  std::vector<Ghost> ghosts;  // a spread of the windows (the slider picks one)
  // Dataset coverage in the slice of state dims 0 and 1 (the other dims at their data mean):
  // the visited states by source and the members' disagreement on a grid over the slice.
  struct Coverage {
    int dim_x = 0, dim_y = 1, grid = 0;
    float x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    std::vector<float> variance;  // grid x grid, row-major from (x0, y0); mean over 3 actions
    std::vector<float> px, py;    // visited states (a spread of at most 4000)
    std::vector<int> source;      // 0 = random data, k = collected in model-based episode k
  } coverage;
};

struct EnsembleFan {
  std::vector<Mat> member;      // per member, state_dim x (H+1)
  std::vector<float> variance;  // H+1: sum over state dims of the variance across members (angles wrapped)
};

// The evaluation of `model` (trained with `mp`, holdout split by `split_seed`) on `data`; null when
// the data has no window of two or more consecutive steps.
std::shared_ptr<const ModelEvaluation> evaluate_model(const LearnedModel& model, const Dataset& data,
                                                      const ModelParams& mp, uint64_t split_seed, int version,
                                                      const ActionBounds& bounds);

// The fan of `model` over a plan (null without actions or with a state of the wrong size).
std::shared_ptr<const EnsembleFan> ensemble_fan(const LearnedModel& model, const ObsMap& obs, const Vec& s0,
                                                const Mat& actions);

}  // namespace mbrl
